using System;
using System.Collections.Generic;
using System.Linq;
using QomSharp.Monitor;
using QomSharp.Qdev;

namespace QomSharp.Runtime.Tests;

/// <summary>
/// A container with many children named <c>device[N]</c> (<c>/machine/peripheral-anon</c>) holds
/// each device itself, by its index, instead of a child property and a name string: what it shows
/// (the tree, <c>qom-list</c>'s names, types and order, <c>qom-get</c>, paths, look-ups, unparent,
/// deletion, what comes after another property) is what the same children added by name show.
/// </summary>
public class IndexedChildrenTests
{
    private sealed class AnonDevice : Device
    {
    }

    private sealed class Pair
    {
        public readonly TestUniverse Universe = new();
        public readonly QomObject Held;
        public readonly QomObject Stored;
        public readonly Dictionary<int, (QomObject Held, QomObject Stored)> Devices = [];

        public Pair(int reserve)
        {
            Universe.Define(new QomDynamicType("anon-device", "device") { Factory = static () => new AnonDevice() });
            Held = Universe.Context.GetOrCreateContainer("/held");
            Stored = Universe.Context.GetOrCreateContainer("/stored");
            Held.ReserveIndexedChildren(reserve);
        }

        public void Add(int index)
        {
            var held = Universe.New("anon-device");
            var stored = Universe.New("anon-device");
            Held.AddChildWithIndex("device", index, held);
            Stored.AddChild($"device[{index}]", stored);
            held.Unref();
            stored.Unref();
            Devices[index] = (held, stored);
        }

        public void Unparent(int index)
        {
            Devices[index].Held.Unparent();
            Devices[index].Stored.Unparent();
            Devices.Remove(index);
        }

        // What can be seen without asking for a child's property: the tree, paths and look-ups.
        public void AssertSameWithoutProperties()
        {
            var context = Universe.Context;
            Assert.Equal(TreePrinter.QomTree(context, "/stored"), TreePrinter.QomTree(context, "/held").Replace("/held (", "/stored (", StringComparison.Ordinal));
            foreach (var (index, (held, stored)) in Devices)
            {
                Assert.Equal($"/held/device[{index}]", held.CanonicalPath);
                Assert.Equal($"/stored/device[{index}]", stored.CanonicalPath);
                Assert.Equal($"device[{index}]", held.CanonicalPathComponent);
                Assert.Same(Held, held.Parent);
                Assert.Same(held, context.ResolvePath($"/held/device[{index}]"));
                Assert.Same(held, Held.GetChild($"device[{index}]"));
                Assert.Equal(1, held.RefCount);
            }

            Assert.Equal(Stored.Children.Select(c => c.Name), Held.Children.Select(c => c.Name));
        }

        // qom-list and qom-get: names, types, order and values (the held children get their properties).
        public void AssertSameProperties()
        {
            Assert.Equal(
                Stored.GetProperties().Select(p => (p.Name, p.Type, Value: p.CanRead ? p.Read(Stored)?.ToJsonString().Replace("/stored", "/held", StringComparison.Ordinal) : null)),
                Held.GetProperties().Select(p => (p.Name, p.Type, Value: p.CanRead ? p.Read(Held)?.ToJsonString() : null)));
            AssertSameWithoutProperties();
        }
    }

    [Fact]
    public void ManyChildrenShowWhatChildrenAddedByNameShow()
    {
        var pair = new Pair(reserve: 40);
        for (int i = 0; i < 30; i++)
        {
            pair.Add(i);
        }

        // Byte order of the tree: device[0], device[10], ..., device[19], device[1], device[20], ...
        pair.AssertSameWithoutProperties();
        foreach (int index in new[] { 3, 0, 29, 15 })
        {
            pair.Unparent(index);
        }

        pair.AssertSameWithoutProperties();
        foreach (int index in new[] { 31, 35, 100, 101, 1000, 1001 })
        {
            pair.Add(index);
        }

        pair.AssertSameWithoutProperties();
        pair.Held.DeleteProperty("device[5]");
        pair.Stored.DeleteProperty("device[5]");
        Assert.Null(pair.Devices[5].Held.Parent);
        pair.Devices.Remove(5);
        pair.AssertSameWithoutProperties();
        pair.AssertSameProperties();
    }

    // info qom-tree walks children held by index in byte order of their names without sorting
    // them: every count around a power of ten, with all indices, after removals (gaps, the last
    // and the first gone) and with a named child among them (sorted as before).
    [Theory]
    [InlineData(2)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(99)]
    [InlineData(100)]
    [InlineData(101)]
    [InlineData(1234)]
    public void TheTreeListsChildrenHeldByIndexInByteOrder(int count)
    {
        var pair = new Pair(reserve: count + 10);
        for (int i = 0; i < count; i++)
        {
            pair.Add(i);
        }

        pair.AssertSameWithoutProperties();
        var lines = TreePrinter.QomTree(pair.Universe.Context, "/held").Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        var expected = Enumerable.Range(0, count).Select(i => $"  /device[{i}] (anon-device)").ToList();
        expected.Sort(string.CompareOrdinal);
        Assert.Equal(expected, lines);

        foreach (int index in Enumerable.Range(0, count).Where(i => i % 7 == 3 || i == count - 1).ToList())
        {
            pair.Unparent(index);
        }

        pair.AssertSameWithoutProperties();
        pair.Unparent(0);
        pair.AssertSameWithoutProperties();
        pair.Add(count + 1);
        pair.AssertSameWithoutProperties();

        foreach (var container in new[] { pair.Held, pair.Stored })
        {
            var other = pair.Universe.Context.New("container");
            container.AddChild("device[5", other);
            other.Unref();
        }

        pair.Add(count + 2);
        pair.AssertSameWithoutProperties();
    }

    [Theory]
    [InlineData("device[05]")]
    [InlineData("device[+5]")]
    [InlineData("device[-5]")]
    [InlineData("device[5")]
    [InlineData("device[]")]
    [InlineData("device[ 5]")]
    [InlineData("device[4]")]
    [InlineData("device[99]")]
    [InlineData("Device[5]")]
    [InlineData("device5")]
    public void OnlyTheNamesQemuPrintsAreFound(string name)
    {
        var pair = new Pair(reserve: 20);
        for (int i = 0; i < 12; i++)
        {
            pair.Add(i);
        }

        pair.Unparent(4);
        Assert.Null(pair.Held.GetChild(name));
        Assert.Null(pair.Held.FindProperty(name));
        Assert.Null(pair.Universe.Context.ResolvePath("/held/" + name));
        Assert.NotNull(pair.Held.FindProperty("device[5]"));
        Assert.Equal(pair.Stored.InstanceProperties.Select(p => p.Name), pair.Held.InstanceProperties.Select(p => p.Name));
    }

    [Fact]
    public void AChildLookedUpByNameKeepsItsPlaceAndItsProperty()
    {
        var pair = new Pair(reserve: 20);
        for (int i = 0; i < 12; i++)
        {
            pair.Add(i);
        }

        var property = pair.Held.FindProperty("device[7]");
        var child = Assert.IsType<QomChildProperty>(property);
        Assert.Same(pair.Devices[7].Held, child.Child);
        Assert.Same(property, pair.Held.FindProperty("device[7]"));
        Assert.Equal("\"/held/device[7]\"", pair.Held.GetPropertyValue("device[7]")!.ToJsonString());
        pair.AssertSameWithoutProperties();
        pair.Unparent(7);
        pair.AssertSameProperties();
    }

    [Theory]
    [InlineData(12)]
    [InlineData(40)]
    public void TheLastChildLookedUpByNameKeepsTheTreeInByteOrder(int count)
    {
        var pair = new Pair(reserve: count + 10);
        for (int i = 0; i < count; i++)
        {
            pair.Add(i);
        }

        Assert.NotNull(pair.Held.FindProperty($"device[{count - 1}]"));
        pair.AssertSameWithoutProperties();
        var lines = TreePrinter.QomTree(pair.Universe.Context, "/held").Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        var expected = Enumerable.Range(0, count).Select(i => $"  /device[{i}] (anon-device)").ToList();
        expected.Sort(string.CompareOrdinal);
        Assert.Equal(expected, lines);
    }

    [Fact]
    public void APropertyAddedAfterThemComesAfterThemAndTheNextChildAfterIt()
    {
        var pair = new Pair(reserve: 20);
        for (int i = 0; i < 12; i++)
        {
            pair.Add(i);
        }

        foreach (var container in new[] { pair.Held, pair.Stored })
        {
            var other = pair.Universe.Context.New("container");
            container.AddChild("zz", other);
            other.Unref();
            container.AddProperty(new QomStringProperty("a-string", static _ => "text", null));
        }

        pair.Add(12);
        pair.Add(14);
        pair.AssertSameWithoutProperties();
        pair.Unparent(2);
        pair.Unparent(12);

        // An index far past the last is added by name, after the others.
        pair.Add(20_000);
        pair.Add(20_001);
        pair.AssertSameProperties();
        Assert.Equal("zz", pair.Held.InstanceProperties.Select(p => p.Name).ElementAt(11));
    }

    [Fact]
    public void FinalizingTheContainerReleasesTheChildren()
    {
        var pair = new Pair(reserve: 20);
        for (int i = 0; i < 12; i++)
        {
            pair.Add(i);
        }

        var devices = pair.Devices.Values.Select(d => d.Held).ToList();
        foreach (var device in devices)
        {
            device.Ref();
        }

        pair.Held.Unparent();
        Assert.True(pair.Held.IsFinalized);
        Assert.All(devices, device => Assert.Null(device.Parent));
        Assert.All(devices, device => Assert.Equal(1, device.RefCount));
    }

    // The bytes a container allocates for each child it holds by index (the children made first):
    // one reference in its list, where a child property and its name cost over 100 bytes.
    [Fact]
    public void AChildHeldByIndexCostsItsContainerOneReference()
    {
        const int Count = 2000;
        var pair = new Pair(reserve: Count + 1);
        pair.Add(0);
        var devices = Enumerable.Range(0, 2 * Count).Select(_ => pair.Universe.New("anon-device")).ToList();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Count; i++)
        {
            pair.Held.AddChildWithIndex("device", i + 1, devices[i]);
        }

        long held = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Count; i++)
        {
            pair.Stored.AddChild($"device[{i + 1}]", devices[Count + i]);
        }

        long stored = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(held / (double)Count, 0, 12);
        Assert.InRange(stored / (double)Count, 100, double.MaxValue);
    }
}
