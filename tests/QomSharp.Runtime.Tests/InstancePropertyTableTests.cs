using System;
using System.Linq;
using QomSharp;
using QomSharp.Memory;

namespace QomSharp.Runtime.Tests;

/// <summary>
/// An object's instance properties are held in an array while they are few and in a dictionary
/// once they are many: order, look-up, removal and moves behave the same on both sides of the
/// change, and nothing per device is made twice.
/// </summary>
public class InstancePropertyTableTests
{
    private sealed class Placeable : TestObject
    {
        public void Place(string name, string? before) => PlaceInstanceProperty(name, before);
    }

    private static Placeable NewObject(out TestUniverse universe)
    {
        universe = new TestUniverse();
        universe.Define(new QomDynamicType("ipt-object", "object") { Factory = static () => new Placeable() });
        return (Placeable)universe.New("ipt-object");
    }

    private static string[] InstanceNames(QomObject obj) => obj.InstanceProperties.Select(p => p.Name).ToArray();

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(40)]
    public void OrderLookUpAndRemovalHoldForFewAndMany(int count)
    {
        var obj = NewObject(out _);
        var names = Enumerable.Range(0, count).Select(i => $"p{i}").ToList();
        foreach (var name in names)
        {
            obj.AddProperty(TestProperties.Str(name));
        }

        Assert.Equal(names, InstanceNames(obj));
        foreach (var name in names)
        {
            Assert.Equal(name, obj.FindProperty(name)!.Name);
            Assert.Equal(name, obj.FindProperty(("x" + name).AsSpan(1))!.Name);
        }

        Assert.Null(obj.FindProperty("p" + count));
        Assert.Null(obj.FindProperty("missing".AsSpan()));

        // The first, a middle one and the last go; a new one goes at the end.
        obj.DeleteProperty("p0");
        obj.DeleteProperty($"p{count / 2}");
        obj.DeleteProperty($"p{count - 1}");
        names.Remove("p0");
        names.Remove($"p{count / 2}");
        names.Remove($"p{count - 1}");
        obj.AddProperty(TestProperties.Str("late"));
        names.Add("late");
        Assert.Equal(names, InstanceNames(obj));
        Assert.Null(obj.FindProperty("p0"));
        Assert.Equal("Property 'ipt-object.p0' not found", Assert.Throws<QomException>(() => obj.DeleteProperty("p0")).Message);
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(3, 2)]
    [InlineData(3, 100)]
    [InlineData(12, 100)]
    public void RoomMadeBeforehandChangesNothingShown(int before, int reserved)
    {
        var obj = NewObject(out _);
        var names = Enumerable.Range(0, before).Select(i => $"p{i}").ToList();
        foreach (var name in names)
        {
            obj.AddProperty(TestProperties.Str(name));
        }

        obj.ReserveInstanceProperties(reserved);
        Assert.Equal(names, InstanceNames(obj));
        for (int i = before; i < before + reserved + 3; i++)
        {
            obj.AddProperty(TestProperties.Str($"p{i}"));
            names.Add($"p{i}");
        }

        Assert.Equal(names, InstanceNames(obj));
        Assert.All(names, name => Assert.Equal(name, obj.FindProperty(name)!.Name));
        obj.DeleteProperty("p1");
        names.Remove("p1");
        Assert.Equal(names, InstanceNames(obj));
        Assert.Null(obj.FindProperty("p1"));
    }

    [Fact]
    public void AddingTheNinthKeepsTheOrderOfMovedProperties()
    {
        var obj = NewObject(out _);
        foreach (var name in new[] { "a", "b", "c", "d", "e", "f", "g", "h" })
        {
            obj.AddProperty(TestProperties.Str(name));
        }

        obj.Place("h", "b");
        obj.Place("a", null);
        obj.Place("c", null);
        Assert.Equal(["c", "a", "h", "b", "d", "e", "f", "g"], InstanceNames(obj));

        obj.AddProperty(TestProperties.Str("i"));
        obj.Place("i", "a");
        obj.Place("d", null);
        Assert.Equal(["d", "c", "i", "a", "h", "b", "e", "f", "g"], InstanceNames(obj));
        Assert.Equal("i", obj.FindProperty("i".AsSpan())!.Name);
    }

    [Fact]
    public void IndexedNamesFillTheFirstGapOnBothSides()
    {
        var obj = NewObject(out _);
        for (int i = 0; i < 12; i++)
        {
            Assert.Equal($"slot[{i}]", obj.AddProperty(TestProperties.Str("slot[*]")).Name);
        }

        obj.DeleteProperty("slot[3]");
        Assert.Equal("slot[3]", obj.AddProperty(TestProperties.Str("slot[*]")).Name);
        Assert.Equal("slot[12]", obj.AddProperty(TestProperties.Str("slot[*]")).Name);
    }

    [Fact]
    public void ChildrenUnparentedAndFinalizedFromATableOfMany()
    {
        var parent = NewObject(out var universe);
        universe.DefineObject("ipt-child");
        var children = Enumerable.Range(0, 12).Select(_ => universe.New("ipt-child")).ToArray();
        for (int i = 0; i < children.Length; i++)
        {
            parent.AddChild($"c{i}", children[i]);
            children[i].Unref();
        }

        children[5].Unparent();
        Assert.True(children[5].IsFinalized);
        Assert.Null(parent.GetChild("c5"));
        Assert.Equal(11, parent.Children.Count());
        parent.Unref();
        Assert.All(children, c => Assert.True(c.IsFinalized));
    }

    [Fact]
    public void AnInstancePropertyIsFoundBySpanWithoutAString()
    {
        var obj = NewObject(out _);
        obj.AddProperty(TestProperties.Str("own"));
        ReadOnlySpan<char> name = "xown".AsSpan(1);
        Assert.NotNull(obj.FindProperty(name));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var found = obj.FindProperty(name);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("own", found!.Name);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ChildTypeStringsAreSharedWhenChildTypesAlternate()
    {
        // A PCI function's regions, then the function itself under its container, for each device:
        // the child<T> strings of each type are one string, not one per device.
        var universe = new TestUniverse();
        universe.DefineObject("ipt-device");
        universe.DefineObject("ipt-holder");
        var container = universe.New("ipt-holder");
        var devices = Enumerable.Range(0, 3).Select(_ => universe.New("ipt-device")).ToArray();
        foreach (var device in devices)
        {
            MemoryRegion.Create(device, "bar", 0x1000);
            container.AddChild("device[*]", device);
        }

        var deviceTypes = container.InstanceProperties.Select(p => p.Type).ToArray();
        var regionTypes = devices.Select(d => d.FindProperty("bar[0]")!.Type).ToArray();
        Assert.Equal("child<ipt-device>", deviceTypes[0]);
        Assert.Equal("child<memory-region>", regionTypes[0]);
        Assert.All(deviceTypes, t => Assert.Same(deviceTypes[0], t));
        Assert.All(regionTypes, t => Assert.Same(regionTypes[0], t));
    }
    // The parent link and the table share one field: an object gets them in either order, loses
    // either, and answers the same throughout.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ParentAndPropertiesInEitherOrder(bool parentFirst)
    {
        var obj = NewObject(out var universe);
        var objects = universe.Context.GetRootContainer("objects");
        if (parentFirst)
        {
            objects.AddChild("o", obj);
            Assert.Same(objects, obj.Parent);
            Assert.Empty(InstanceNames(obj));
        }

        foreach (var name in new[] { "a", "b", "c" })
        {
            obj.AddProperty(TestProperties.Str(name));
        }

        if (!parentFirst)
        {
            Assert.Null(obj.Parent);
            Assert.Null(obj.CanonicalPath);
            objects.AddChild("o", obj);
        }

        Assert.Equal(["a", "b", "c"], InstanceNames(obj));
        Assert.Same(objects, obj.Parent);
        Assert.Equal("/objects/o", obj.CanonicalPath);
        Assert.Equal("o", obj.CanonicalPathComponent);

        // A child of its own, a move and a removal: the parent stays.
        var child = universe.New("ipt-object");
        obj.AddChild("kid", child);
        child.Unref();
        obj.Place("c", "a");
        obj.DeleteProperty("b");
        Assert.Equal(["c", "a", "kid"], InstanceNames(obj));
        Assert.Equal("/objects/o/kid", child.CanonicalPath);
        Assert.Same(objects, obj.Parent);

        // Unparented (the creator's reference keeps it): the properties stay; the parent goes.
        obj.Unparent();
        Assert.Null(obj.Parent);
        Assert.Null(obj.CanonicalPath);
        Assert.Equal(["c", "a", "kid"], InstanceNames(obj));
        Assert.Equal("a", obj.FindProperty("a")!.Name);

        // Finalized: the child was released first, then the table dropped.
        obj.Unref();
        Assert.True(obj.IsFinalized);
        Assert.True(child.IsFinalized);
        Assert.Empty(InstanceNames(obj));
    }
}
