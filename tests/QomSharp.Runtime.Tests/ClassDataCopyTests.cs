using System;
using QomSharp;
using QomSharp.Qdev;

namespace QomSharp.Runtime.Tests;

/// <summary>
/// A class starts as a copy of its parent's class as the parent was when the class was built
/// (QEMU's memcpy in type_initialize): DeviceClass shares its fields with the parent until one of
/// the two writes, which must not show in the other.
/// </summary>
public class ClassDataCopyTests
{
    private static TestUniverse WithDeviceTypes()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("dc-parent", "device")
        {
            Abstract = true,
            ClassInit = static k =>
            {
                var dc = (DeviceClass)k;
                dc.Description = "parent";
                dc.BusType = "bus-a";
                dc.Alias = "dc-parent-alias";
                dc.Categories = DeviceCategories.Network;
            },
        });
        u.Define(new QomDynamicType("dc-copy", "dc-parent"));
        u.Define(new QomDynamicType("dc-own", "dc-parent")
        {
            ClassInit = static k =>
            {
                var dc = (DeviceClass)k;
                dc.Description = "own";
                dc.UserCreatable = false;
            },
        });
        u.Define(new QomDynamicType("dc-factory", "dc-parent") { ClassFactory = static () => new DeviceClass() });
        u.Define(new QomDynamicType("dc-factory-writes", "dc-parent") { ClassFactory = static () => new DescribedDeviceClass() });
        u.Define(new QomDynamicType("dc-plain-parent", "device")
        {
            Abstract = true,
            ClassInit = static k =>
            {
                var dc = (DeviceClass)k;
                dc.BusType = "bus-b";
                dc.Categories = DeviceCategories.Storage;
                dc.UserCreatable = false;
                dc.Hotpluggable = false;
            },
        });
        u.Define(new QomDynamicType("dc-plain-factory-writes", "dc-plain-parent") { ClassFactory = static () => new DescribedDeviceClass() });
        u.Define(new QomDynamicType("dc-plain-factory-creatable", "dc-plain-parent") { ClassFactory = static () => new CreatableDeviceClass() });
        u.Define(new QomDynamicType("dc-late", "dc-parent"));
        u.Define(new QomDynamicType("dc-grandchild", "dc-copy"));
        return u;
    }

    private static DeviceClass Class(TestUniverse u, string name) => (DeviceClass)u.Context.GetClass(name);

    [Fact]
    public void AChildWithoutClassInitReadsItsParentsFields()
    {
        var u = WithDeviceTypes();
        var copy = Class(u, "dc-copy");
        Assert.Equal("parent", copy.Description);
        Assert.Equal("bus-a", copy.BusType);
        Assert.Equal("dc-parent-alias", copy.Alias); // a copy of the whole class, as QEMU's
        Assert.Equal(DeviceCategories.Network, copy.Categories);
        Assert.True(copy.UserCreatable);
        Assert.True(copy.Hotpluggable);
    }

    [Fact]
    public void AChildsWritesDoNotReachItsParentOrSiblings()
    {
        var u = WithDeviceTypes();
        var copy = Class(u, "dc-copy");
        var own = Class(u, "dc-own");
        Assert.Equal("own", own.Description);
        Assert.False(own.UserCreatable);
        Assert.Equal("bus-a", own.BusType);
        var parent = Class(u, "dc-parent");
        Assert.Equal("parent", parent.Description);
        Assert.True(parent.UserCreatable);
        Assert.Equal("parent", copy.Description);
        Assert.True(copy.UserCreatable);

        copy.Hotpluggable = false;
        Assert.True(parent.Hotpluggable);
        Assert.True(own.Hotpluggable);
    }

    [Fact]
    public void AParentsLaterWritesDoNotReachClassesBuiltBefore()
    {
        var u = WithDeviceTypes();
        var copy = Class(u, "dc-copy");
        var parent = Class(u, "dc-parent");
        parent.Description = "changed";
        parent.Categories = DeviceCategories.Storage;
        Assert.Equal("parent", copy.Description);
        Assert.Equal(DeviceCategories.Network, copy.Categories);
        parent.Description = "changed again";
        Assert.Equal("parent", copy.Description);

        // A class built after the change copies the parent as it is then.
        var late = Class(u, "dc-late");
        Assert.Equal("changed again", late.Description);
        Assert.Equal(DeviceCategories.Storage, late.Categories);
        parent.Description = "third";
        Assert.Equal("changed again", late.Description);
        Assert.Equal("parent", copy.Description);
    }

    [Fact]
    public void AGrandparentsLaterWritesDoNotReachClassesBuiltBefore()
    {
        var u = WithDeviceTypes();
        var grandchild = Class(u, "dc-grandchild");
        var copy = Class(u, "dc-copy");
        var parent = Class(u, "dc-parent");
        parent.Description = "changed";
        Assert.Equal("parent", copy.Description);
        Assert.Equal("parent", grandchild.Description);

        // The child's own later write reaches neither the grandchild built before it nor the parent.
        copy.BusType = "bus-b";
        Assert.Equal("bus-a", grandchild.BusType);
        Assert.Equal("bus-a", parent.BusType);
        Assert.Equal("bus-b", copy.BusType);
        Assert.Equal("parent", copy.Description);
    }

    [Fact]
    public void AClassStructMadeNewInheritsAllButTheAlias()
    {
        var u = WithDeviceTypes();
        var made = Class(u, "dc-factory");
        Assert.Equal("parent", made.Description);
        Assert.Equal("bus-a", made.BusType);
        Assert.Equal(DeviceCategories.Network, made.Categories);
        Assert.Null(made.Alias);
        Assert.Equal("dc-parent-alias", Class(u, "dc-parent").Alias);
    }

    // A class struct whose constructor sets one field (a generated class factory runs it before
    // the class is bound to its parent): QEMU's class_init runs on the copy of the parent's class,
    // so every other field is the parent's.
    private sealed class DescribedDeviceClass : DeviceClass
    {
        public DescribedDeviceClass() => Description = "made";
    }

    private sealed class CreatableDeviceClass : DeviceClass
    {
        public CreatableDeviceClass() => UserCreatable = true;
    }

    [Fact]
    public void AClassStructWhoseConstructorWritesAFieldInheritsTheOthers()
    {
        var u = WithDeviceTypes();
        var made = Class(u, "dc-plain-factory-writes");
        Assert.Equal("made", made.Description);
        Assert.Equal("bus-b", made.BusType);
        Assert.Equal(DeviceCategories.Storage, made.Categories);
        Assert.False(made.UserCreatable);
        Assert.False(made.Hotpluggable);
        Assert.Null(made.Alias);

        var creatable = Class(u, "dc-plain-factory-creatable");
        Assert.True(creatable.UserCreatable);
        Assert.Equal("bus-b", creatable.BusType);
        Assert.Equal(DeviceCategories.Storage, creatable.Categories);
        Assert.False(creatable.Hotpluggable);
        Assert.Null(creatable.Description);

        var parent = Class(u, "dc-plain-parent");
        Assert.Null(parent.Description);
        Assert.False(parent.UserCreatable);
    }

    [Fact]
    public void AClassStructWhoseConstructorWritesAFieldUnderAnAliasedParentKeepsIt()
    {
        var u = WithDeviceTypes();
        var made = Class(u, "dc-factory-writes");
        Assert.Equal("made", made.Description);
        Assert.Equal("bus-a", made.BusType);
        Assert.Equal(DeviceCategories.Network, made.Categories);
        Assert.True(made.UserCreatable);
        Assert.Null(made.Alias);
        Assert.Equal("parent", Class(u, "dc-parent").Description);
    }

    [Fact]
    public void ANewClassStructHasDevicesDefaults()
    {
        var fresh = new DeviceClass();
        Assert.True(fresh.UserCreatable);
        Assert.True(fresh.Hotpluggable);
        Assert.Null(fresh.Description);
        fresh.UserCreatable = false;
        Assert.True(new DeviceClass().UserCreatable);
    }

    // A module's 2,000 classes are built in a process's first milliseconds, where every page first
    // touched costs microseconds: the class objects' sizes are part of that cost.
    [Fact]
    public void ClassObjectsKeepTheirSize()
    {
        Assert.Equal(48, BytesPerObject(static () => new QomClass()));
        Assert.Equal(48, BytesPerObject(static () => new DeviceClass()));
    }

    private static long BytesPerObject(Func<object> make)
    {
        const int Count = 1000;
        var keep = new object[Count];
        make();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Count; i++)
        {
            keep[i] = make();
        }

        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(keep);
        return bytes / Count;
    }
}
