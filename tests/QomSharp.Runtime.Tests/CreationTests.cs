using System;
using QomSharp;

namespace QomSharp.Runtime.Tests;

/// <summary>Semantics 2.3: object_new errors, initial refcount, init order, defaults before init.</summary>
public class CreationTests
{
    [Fact]
    public void UnknownTypeIsFatal()
    {
        var u = new TestUniverse();
        var error = Assert.Throws<QomFatalException>(() => u.New("no-such"));
        Assert.Equal("unknown type 'no-such'", error.Message);
    }

    // Creation by name answers from the last type created (by the name string's identity, or by
    // a slice's content): alternating names, equal strings, slices and a failing name must each
    // get their own type.
    [Fact]
    public void CreationByNameAlternatingTypesStringsAndSlicesGetsEachItsOwnType()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("kind-aa", "object") { Factory = static () => new TestObject() });
        u.Define(new QomDynamicType("kind-bb", "object") { Factory = static () => new TestObject() });
        u.Define(new QomDynamicType("kind-ab", "object") { Abstract = true });
        const string line = "kind-aa,kind-bb,kind-ab,kind-cc";
        string a = "kind-aa";
        string b = new("kind-bb".AsSpan());
        for (int round = 0; round < 3; round++)
        {
            Assert.Equal("kind-aa", u.Context.New(a).TypeName);
            Assert.Equal("kind-aa", u.Context.New(a).TypeName);
            Assert.Equal("kind-bb", u.Context.New(line.AsSpan(8, 7)).TypeName);
            Assert.Equal("kind-bb", u.Context.New(b).TypeName);
            Assert.Equal("kind-aa", u.Context.New(line.AsSpan(0, 7)).TypeName);
            Assert.Equal("kind-bb", u.Context.New(new string("kind-bb".AsSpan())).TypeName);
            Assert.Equal("object type 'kind-ab' is abstract", Assert.Throws<QomFatalException>(() => u.Context.New(line.AsSpan(16, 7))).Message);
            Assert.Equal("unknown type 'kind-cc'", Assert.Throws<QomFatalException>(() => u.Context.New(line.AsSpan(24, 7))).Message);
            Assert.Equal("kind-bb", u.Context.New(line.AsSpan(8, 7)).TypeName);
            Assert.Null(u.Context.FindClass("kind-aa".AsSpan(0, 6)));
            Assert.Equal("kind-aa", u.Context.FindClass(a)?.Name);
            Assert.Equal("kind-bb", u.Context.FindClass(line.AsSpan(8, 7))?.Name);
            Assert.Equal("kind-aa", u.Context.FindClass(line.AsSpan(0, 7))?.Name);
        }

        Assert.Throws<ArgumentNullException>(() => u.Context.New((string)null!));
    }

    [Fact]
    public void AbstractTypeCannotBeInstantiated()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("abstract-base", "object") { Abstract = true });
        var error = Assert.Throws<QomFatalException>(() => u.New("abstract-base"));
        Assert.Equal("object type 'abstract-base' is abstract", error.Message);
        Assert.True(u.Context.GetClass("abstract-base").IsAbstract);
    }

    [Fact]
    public void ObjectIsAbstractButLendsItsLayout()
    {
        // QEMU 10.0 registers "object" as abstract; a type defined under it without an instance
        // layout of its own is still instantiable, with the root's layout.
        var u = new TestUniverse();
        Assert.True(u.Context.GetClass("object").IsAbstract);
        Assert.Equal("object type 'object' is abstract", Assert.Throws<QomFatalException>(() => u.New("object")).Message);
        u.Define(new QomDynamicType("bare-child", "object"));
        u.Define(new QomDynamicType("bare-grandchild", "bare-child"));
        var grandchild = u.New("bare-grandchild");
        Assert.Equal("bare-grandchild", grandchild.TypeName);
        Assert.Same(grandchild, grandchild.DynamicCast("bare-child"));
        Assert.Equal(1, grandchild.RefCount);
    }

    [Fact]
    public void InterfacesAreAbstract()
    {
        var u = new TestUniverse();
        u.DefineInterface("plain-if");
        var error = Assert.Throws<QomFatalException>(() => u.New("plain-if"));
        Assert.Equal("object type 'plain-if' is abstract", error.Message);
        Assert.Equal("object type 'interface' is abstract", Assert.Throws<QomFatalException>(() => u.New("interface")).Message);
    }

    [Fact]
    public void ConcreteChildOfAbstractTypeWorks()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("abstract-two", "object") { Abstract = true, Factory = static () => new TestObject() });
        u.DefineObject("concrete-two", "abstract-two");
        var obj = u.New("concrete-two");
        Assert.Equal("concrete-two", obj.TypeName);
        Assert.IsType<TestObject>(obj);
    }

    [Fact]
    public void TypeWithoutFactoryUsesItsParents()
    {
        var u = new TestUniverse();
        u.DefineObject("factory-parent");
        u.Define(new QomDynamicType("no-factory", "factory-parent"));
        u.Define(new QomDynamicType("my-container", "container"));
        Assert.IsType<TestObject>(u.New("no-factory"));
        Assert.IsType<QomContainer>(u.New("my-container"));
        Assert.Equal("my-container", u.New("my-container").TypeName);
    }

    [Fact]
    public void NewObjectHasOneReferenceAndNoParent()
    {
        var u = new TestUniverse();
        u.DefineObject("fresh");
        var obj = u.New("fresh");
        Assert.Equal(1, obj.RefCount);
        Assert.Null(obj.Parent);
        Assert.Null(obj.CanonicalPath);
        Assert.Null(obj.CanonicalPathComponent);
        Assert.False(obj.IsFinalized);
    }

    [Fact]
    public void InstanceInitAndPostInitRunRootToLeaf()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("ii-root", "object")
        {
            Factory = static () => new TestObject(),
            InstanceInit = o => u.Log.Add("init root"),
            InstancePostInit = o => u.Log.Add("post root"),
        });
        u.Define(new QomDynamicType("ii-mid", "ii-root") { InstanceInit = o => u.Log.Add("init mid") });
        u.Define(new QomDynamicType("ii-leaf", "ii-mid")
        {
            InstanceInit = o => u.Log.Add("init leaf"),
            InstancePostInit = o => u.Log.Add("post leaf"),
        });
        u.New("ii-leaf");
        // QEMU >= 10.1: post-init root -> leaf too, after every instance init.
        Assert.Equal(["init root", "init mid", "init leaf", "post root", "post leaf"], u.Log);
    }

    [Fact]
    public void InstanceInitSeesTheFinalClass()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("ic-root", "object")
        {
            Factory = static () => new TestObject(),
            InstanceInit = o => u.Log.Add(o.TypeName),
        });
        u.DefineObject("ic-leaf", "ic-root");
        u.New("ic-leaf");
        Assert.Equal(["ic-leaf"], u.Log);
    }

    [Fact]
    public void DefaultsAreAppliedBeforeInstanceInitWhichMayOverrideThem()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("def-root", "object")
        {
            Factory = static () => new TestObject(),
            Properties = static () => [TestProperties.U32("speed", def: 100), TestProperties.Str("label", def: "none")],
            InstanceInit = o => u.Log.Add($"root init sees {((TestObject)o).U32} {((TestObject)o).Str}"),
        });
        u.Define(new QomDynamicType("def-leaf", "def-root")
        {
            Properties = static () => [TestProperties.I32("level", def: -3)],
            InstanceInit = o => ((TestObject)o).U32 = 5,
        });
        var obj = u.NewTest("def-leaf");
        Assert.Equal(["root init sees 100 none"], u.Log);
        Assert.Equal(5u, obj.U32); // overridden by the leaf's instance init
        Assert.Equal(-3, obj.I32);
        Assert.Equal("none", obj.Str);
        Assert.Equal(100u, u.NewTest("def-root").U32);
    }

    [Fact]
    public void PropertyWithoutApplyDefaultKeepsTheFieldValue()
    {
        // A generated property's default lives in its field initializer; the runtime leaves it alone.
        var u = new TestUniverse();
        var property = TestProperties.U32("speed", def: 100);
        u.DefineObject("field-default");
        u.Context.GetClass("field-default").AddProperty(property);
        Assert.False(property.ApplyDefaultOnCreate);
        Assert.Equal(0u, u.NewTest("field-default").U32);
        Assert.Equal("100", property.DefaultValue!.ToJsonString());
    }
}
