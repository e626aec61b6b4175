using System.Collections.Generic;
using QomSharp;

namespace QomSharp.Runtime.Tests;

/// <summary>
/// The scenarios of QEMU's tests/unit/check-qom-proplist.c in this runtime's terms: a dummy type
/// with an instance bool and class string/enum properties, creation with properties under
/// /objects, a bad enum, enum reads, property iteration, a device/bus/backend tree torn down by
/// unparent hooks, and partial paths.
/// </summary>
public class ProplistScenarioTests
{
    private const string Dummy = "qemu-dummy";

    private static TestUniverse Universe()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType(Dummy, "object")
        {
            Factory = static () => new TestObject(),
            Properties = static () => [TestProperties.Str("sv"), TestProperties.Enum("av")],
            InstanceInit = static o => o.AddProperty(TestProperties.Bool("bv")),
        });
        return u;
    }

    // QEMU's object_new_with_props, as check-qom-proplist calls it.
    private static TestObject NewWithProps(TestUniverse u, QomObject parent, string id, params (string Name, string Value)[] props) =>
        (TestObject)u.Context.NewWithProperties(Dummy, parent, id, props);

    [Fact]
    public void CreateWithProperties()
    {
        var u = Universe();
        var parent = u.Context.GetRootContainer("objects");
        var dobj = NewWithProps(u, parent, "dummy0", ("bv", "yes"), ("sv", "Hiss hiss hiss"), ("av", "platypus"));
        Assert.Equal("Hiss hiss hiss", dobj.Str);
        Assert.True(dobj.Bool);
        Assert.Equal(Animal.Platypus, dobj.Animal);
        Assert.Same(dobj, QomContext.ResolvePathComponent(parent, "dummy0"));
        dobj.Unparent();
        Assert.True(dobj.IsFinalized);
        Assert.Null(QomContext.ResolvePathComponent(parent, "dummy0"));
    }

    [Fact]
    public void CreateFromKeyvalLeaves()
    {
        var u = Universe();
        var dobj = u.NewTest(Dummy);
        foreach (var (key, value) in new[] { ("bv", "yes"), ("sv", "Hiss hiss hiss"), ("av", "platypus") })
        {
            dobj.SetPropertyValue(key, QomInput.FromKeyval(value));
        }

        Assert.True(dobj.Bool);
        Assert.Equal("Hiss hiss hiss", dobj.Str);
        Assert.Equal(Animal.Platypus, dobj.Animal);
    }

    [Fact]
    public void BadEnumCreatesNothing()
    {
        var u = Universe();
        var parent = u.Context.GetRootContainer("objects");
        var error = Assert.Throws<QomException>(() =>
            NewWithProps(u, parent, "dummy0", ("bv", "yes"), ("sv", "Hiss hiss hiss"), ("av", "yeti")));
        Assert.Equal("Parameter 'av' does not accept value 'yeti'", error.Message);
        Assert.Null(QomContext.ResolvePathComponent(parent, "dummy0"));
    }

    [Fact]
    public void GetEnum()
    {
        var u = Universe();
        var parent = u.Context.GetRootContainer("objects");
        var dobj = NewWithProps(u, parent, "dummy0", ("av", "platypus"));
        Assert.Equal((int)Animal.Platypus, dobj.GetPropertyEnum("av", "DummyAnimal"));
        Assert.Equal("Property av on qemu-dummy is not 'BadAnimal' enum type",
            Assert.Throws<QomException>(() => dobj.GetPropertyEnum("av", "BadAnimal")).Message);
        Assert.Equal("Property 'qemu-dummy.iv' not found",
            Assert.Throws<QomException>(() => dobj.GetPropertyEnum("iv", "DummyAnimal")).Message);
        Assert.Equal("Property sv on qemu-dummy is not 'string' enum type",
            Assert.Throws<QomException>(() => dobj.GetPropertyEnum("sv", "string")).Message);
        dobj.Unparent();
    }

    [Fact]
    public void ObjectIteratorSeesInstanceClassAndInheritedProperties()
    {
        var u = Universe();
        var dobj = u.New(Dummy);
        Assert.Equal(["bv", "sv", "av", "type"], dobj.GetProperties().Select(p => p.Name));
    }

    [Fact]
    public void ClassIteratorSeesClassAndInheritedProperties()
    {
        var u = Universe();
        Assert.Equal(["sv", "av", "type"], u.Context.GetClass(Dummy).GetProperties().Select(p => p.Name));
    }

    // dev -> child "bus" (dev also keeps the creator's reference) -> child "backend"; dev has a
    // read-only link "backend". Unparent hooks take the tree apart, as QEMU's DummyDev/DummyBus do.
    [Fact]
    public void DeleteChildTreeThroughUnparentHooks()
    {
        var u = Universe();
        var log = new List<string>();
        u.Define(new QomDynamicType("dummy-backend", "object")
        {
            Factory = static () => new TestObject(),
            InstanceFinalize = _ => log.Add("backend finalized"),
        });
        u.Define(new QomDynamicType("dummy-bus", "object")
        {
            Factory = () => new TestObject
            {
                Unparenting = bus =>
                {
                    bus.Parent!.DeleteProperty("backend");
                    bus.Link!.Unparent();
                },
            },
            InstanceFinalize = _ => log.Add("bus finalized"),
        });
        u.Define(new QomDynamicType("dummy-dev", "object")
        {
            Factory = () => new TestObject { Unparenting = dev => dev.Link!.Unparent() },
            InstanceInit = obj =>
            {
                var dev = (TestObject)obj;
                var bus = u.NewTest("dummy-bus");
                var backend = u.New("dummy-backend");
                dev.AddChild("bus", bus);
                dev.Link = bus; // keeps the creator's reference
                bus.AddChild("backend", backend);
                backend.Unref();
                bus.Link = backend;
                dev.AddProperty(QomLinkProperty.CreateReadOnly("backend", "dummy-backend", _ => bus.Link));
            },
            InstanceFinalize = obj =>
            {
                log.Add("dev finalized");
                ((TestObject)obj).Link!.Unref();
            },
        });
        var parent = u.Context.GetRootContainer("objects");
        var dev = u.NewTest("dummy-dev");
        parent.AddChild("dev0", dev);
        dev.Unref();
        Assert.Equal("/objects/dev0/bus/backend", dev.GetPropertyString("backend"));
        var bus = (TestObject)dev.Link!;
        var backend = bus.Link!;
        dev.Unparent();
        Assert.Equal(["backend finalized", "dev finalized", "bus finalized"], log);
        Assert.True(dev.IsFinalized);
        Assert.True(bus.IsFinalized);
        Assert.True(backend.IsFinalized);
        Assert.Null(QomContext.ResolvePathComponent(parent, "dev0"));
    }

    [Fact]
    public void PartialPath()
    {
        var u = Universe();
        var root = u.Context.GetRootContainer("objects");
        var cont1 = u.New("container");
        root.AddChild("cont1", cont1);
        cont1.Unref();
        var obj1 = u.New(Dummy);
        var obj2a = u.New(Dummy);
        var obj2b = u.New(Dummy);
        cont1.AddChild("obj1", obj1);
        obj1.Unref();
        cont1.AddChild("obj2", obj2a);
        obj2a.Unref();
        root.AddChild("obj2", obj2b);
        obj2b.Unref();

        Assert.Null(u.Context.ResolvePath("", Dummy, out bool ambiguous));
        Assert.True(ambiguous);
        Assert.Null(u.Context.ResolvePath("obj2", null, out ambiguous));
        Assert.True(ambiguous);
        Assert.Same(obj1, u.Context.ResolvePath("obj1", null, out ambiguous));
        Assert.False(ambiguous);
        Assert.Same(obj1, u.Context.ResolvePath("obj1"));

        obj2b.Unparent();
        Assert.Same(obj2a, u.Context.ResolvePath("obj2"));
        cont1.Unparent();
        Assert.True(obj1.IsFinalized);
        Assert.True(obj2a.IsFinalized);
    }
}
