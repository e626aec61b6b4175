using System.Linq;
using QomSharp;
using QomSharp.Memory;

namespace QomSharp.Runtime.Tests;

/// <summary>QEMU's <c>memory-region</c> as a QOM object: its child names, its four properties and subregions.</summary>
public class MemoryRegionTests
{
    [Fact]
    public void ARegionIsItsOwnersIndexedChild()
    {
        var u = new TestUniverse();
        u.DefineObject("box");
        var owner = u.New("box");
        var first = MemoryRegion.Create(owner, "pam-ram", 0x10000);
        var second = MemoryRegion.Create(owner, "pam-ram", 0x4000);
        Assert.Equal(["pam-ram[0]", "pam-ram[1]"], owner.Children.Select(c => c.Name));
        Assert.Same(second, owner.GetChild("pam-ram[1]"));
        Assert.Equal("memory-region", first.TypeName);
        Assert.Equal("child<memory-region>", owner.FindProperty("pam-ram[0]")!.Type);

        // The owner holds the only reference: the region goes with it.
        Assert.Equal(1, first.RefCount);
        owner.Unref();
        Assert.True(first.IsFinalized);
    }

    [Theory]
    [InlineData("/rom@etc/acpi/rsdp", "\\x2from@etc\\x2facpi\\x2frsdp")]
    [InlineData("a[1]\\b", "a\\x5b1\\x5d\\x5cb")]
    [InlineData("bus master container", "bus master container")]
    public void NamesAreEscapedAsQemuDoes(string name, string escaped)
    {
        Assert.Equal(escaped, MemoryRegion.EscapeName(name));
        var u = new TestUniverse();
        u.DefineObject("box");
        var owner = u.New("box");
        MemoryRegion.Create(owner, name, 1);
        Assert.Equal(escaped + "[0]", owner.Children.Single().Name);
    }

    [Fact]
    public void PropertiesSayWhereTheRegionIs()
    {
        var u = new TestUniverse();
        var root = u.Context.GetRootContainer("objects");
        var system = MemoryRegion.Create(root, "system", ulong.MaxValue);
        var pci = MemoryRegion.Create(root, "pci", ulong.MaxValue);
        var bios = MemoryRegion.Create(root, "pc.bios", 0x40000);
        system.AddSubregion(0, pci, -1);
        pci.AddSubregion(0xfffc0000, bios);

        Assert.Equal(["type", "container", "addr", "size", "priority"],
            QomSharp.Monitor.Introspection.QomList(u.Context, "/objects/pc.bios[0]").Select(p => p.Name));
        Assert.Equal("/objects/pci[0]", bios.GetPropertyString("container"));
        Assert.Equal(0xfffc0000UL, bios.GetPropertyUInt("addr"));
        Assert.Equal(0x40000UL, bios.GetPropertyUInt("size"));
        Assert.Equal("", system.GetPropertyString("container"));
        Assert.Equal(ulong.MaxValue, system.GetPropertyUInt("size"));

        // "uint32" by name, read as QEMU's int32.
        Assert.Equal("uint32", pci.FindProperty("priority")!.Type);
        Assert.Equal("-1", pci.GetPropertyValue("priority")!.ToJsonString());
        Assert.Equal("link<memory-region>", bios.FindProperty("container")!.Type);

        var error = Assert.Throws<QomException>(() => bios.SetPropertyJson("addr", System.Text.Json.JsonDocument.Parse("1").RootElement));
        Assert.Equal("Property 'memory-region.addr' is not writable", error.Message);

        pci.DeleteSubregion(bios);
        Assert.Equal("", bios.GetPropertyString("container"));
    }

    [Fact]
    public void ARegionIsInOneContainerAtATime()
    {
        var u = new TestUniverse();
        var root = u.Context.GetRootContainer("objects");
        var a = MemoryRegion.Create(root, "a", 0x100);
        var b = MemoryRegion.Create(root, "b", 0x100);
        var sub = MemoryRegion.Create(root, "sub", 0x10);
        a.AddSubregion(0x10, sub);
        Assert.Throws<System.InvalidOperationException>(() => b.AddSubregion(0, sub));
        Assert.Same(a, sub.Container);
    }

    [Fact]
    public void TheTypesAreQemus()
    {
        var u = new TestUniverse();
        Assert.Equal("object", u.Context.FindClass("memory-region")!.Parent!.Name);
        Assert.False(u.Context.FindClass("memory-region")!.IsAbstract);
        Assert.Equal("object", u.Context.FindClass("irq")!.Parent!.Name);
        var irq = u.New("irq");
        Assert.Equal(["type"], irq.GetProperties().Select(p => p.Name));
        irq.Unref();
    }
    // A region keeps its own link name: its owner's table holds the region itself and makes the
    // child<memory-region> property only when asked for it, in the region's place.
    [Fact]
    public void ARegionsChildPropertyIsMadeWhenAskedAndListedInItsPlace()
    {
        var u = new TestUniverse();
        u.DefineObject("box");
        var owner = u.New("box");
        u.Context.GetRootContainer("objects").AddChild("box", owner);
        owner.AddProperty(new QomStringProperty("before", static _ => "b", null));
        var first = MemoryRegion.Create(owner, "bar", 0x1000);
        owner.AddProperty(new QomStringProperty("between", static _ => "m", null));
        var second = MemoryRegion.Create(owner, "bar", 0x100);

        // Children, look-ups and paths answer without making a property.
        long before = System.GC.GetAllocatedBytesForCurrentThread();
        var found = owner.GetChild("bar[1]");
        var resolved = QomContext.ResolvePathComponent(owner, "bar[0]");
        long allocated = System.GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Same(second, found);
        Assert.Same(first, resolved);
        Assert.Equal(0, allocated);
        Assert.Same(owner, first.Parent);
        Assert.Equal("bar[0]", first.CanonicalPathComponent);
        Assert.Equal("/objects/box/bar[1]", second.CanonicalPath);
        Assert.Same(second, u.Context.ResolvePath("/objects/box/bar[1]"));
        Assert.Same(second, u.Context.ResolvePath("bar[1]", "memory-region", out bool ambiguous));
        Assert.False(ambiguous);
        Assert.Equal(["bar[0]", "bar[1]"], owner.Children.Select(c => c.Name));

        // Asked for: the property is the same object every time, listed where the region was added.
        var property = Assert.IsType<QomChildProperty>(owner.FindProperty("bar[1]"));
        Assert.Same(property, owner.FindProperty("bar[1]"));
        Assert.Same(second, property.Child);
        Assert.Same(owner, property.Owner);
        Assert.Equal("\"/objects/box/bar[1]\"", owner.GetPropertyValue("bar[1]")!.ToJsonString());
        Assert.Equal(["before", "bar[0]", "between", "bar[1]"], owner.InstanceProperties.Select(p => p.Name));
        Assert.Equal(["str", "child<memory-region>", "str", "child<memory-region>"], owner.InstanceProperties.Select(p => p.Type));
        Assert.Same(owner.FindProperty("bar[0]"), owner.InstanceProperties.ElementAt(1));

        // After the property is made, the region answers as before.
        Assert.Same(owner, second.Parent);
        Assert.Equal("/objects/box/bar[1]", second.CanonicalPath);
        Assert.Equal(["bar[0]", "bar[1]"], owner.Children.Select(c => c.Name));
    }

    [Fact]
    public void ARegionsNameIsTakenAsAnyPropertysIs()
    {
        var u = new TestUniverse();
        u.DefineObject("box");
        var owner = u.New("box");
        owner.AddProperty(new QomStringProperty("bar[0]", static _ => "x", null));
        var region = MemoryRegion.Create(owner, "bar", 0x10);
        Assert.Equal("bar[1]", region.CanonicalPathComponent);

        var error = Assert.Throws<QomException>(() => owner.AddProperty(new QomStringProperty("bar[1]", static _ => "y", null)));
        Assert.Equal("attempt to add duplicate property 'bar[1]' to object (type 'box')", error.Message);
        Assert.Equal(["bar[0]", "bar[1]"], owner.InstanceProperties.Select(p => p.Name));
        owner.Unref();
        Assert.True(region.IsFinalized);
    }

    [Fact]
    public void AnUnparentedRegionLeavesItsOwnersList()
    {
        var u = new TestUniverse();
        u.DefineObject("box");
        var owner = u.New("box");
        var kept = MemoryRegion.Create(owner, "a", 0x10);
        var dropped = MemoryRegion.Create(owner, "b", 0x10);
        var last = MemoryRegion.Create(owner, "c", 0x10);
        dropped.Ref();
        dropped.Unparent();
        Assert.Null(dropped.Parent);
        Assert.Null(dropped.CanonicalPathComponent);
        Assert.Null(owner.GetChild("b[0]"));
        Assert.Null(owner.FindProperty("b[0]"));
        Assert.Equal(["a[0]", "c[0]"], owner.Children.Select(c => c.Name));
        Assert.Equal(1, dropped.RefCount);
        dropped.Unref();
        Assert.True(dropped.IsFinalized);

        // The name is free again, and the next region takes it.
        Assert.Equal("b[0]", MemoryRegion.Create(owner, "b", 0x10).CanonicalPathComponent);
        Assert.Equal(["a[0]", "c[0]", "b[0]"], owner.InstanceProperties.Select(p => p.Name));
        owner.Unref();
        Assert.True(kept.IsFinalized);
        Assert.True(last.IsFinalized);
    }

    // Past eight instance properties the owner's table becomes a dictionary, which holds
    // properties only: the regions held until then get theirs, in their places.
    [Fact]
    public void ManyRegionsKeepTheirOrderWhenTheTableGrows()
    {
        var u = new TestUniverse();
        u.DefineObject("box");
        var owner = u.New("box");
        var regions = Enumerable.Range(0, 12).Select(i => MemoryRegion.Create(owner, i % 3 == 0 ? "io" : "mmio", 0x10)).ToArray();
        string[] names = ["io[0]", "mmio[0]", "mmio[1]", "io[1]", "mmio[2]", "mmio[3]", "io[2]", "mmio[4]", "mmio[5]", "io[3]", "mmio[6]", "mmio[7]"];
        Assert.Equal(names, owner.Children.Select(c => c.Name));
        Assert.Equal(names, owner.InstanceProperties.Select(p => p.Name));
        Assert.Equal(names, regions.Select(r => r.CanonicalPathComponent));
        Assert.All(regions, r => Assert.Same(owner, r.Parent));
        Assert.Same(regions[7], owner.GetChild("mmio[4]"));
        Assert.Same(regions[7], ((QomChildProperty)owner.FindProperty("mmio[4]")!).Child);
        owner.Unref();
        Assert.All(regions, r => Assert.True(r.IsFinalized));
    }

    // A region that gets instance properties of its own still knows its parent and its name.
    [Fact]
    public void ARegionWithInstancePropertiesKeepsItsPlace()
    {
        var u = new TestUniverse();
        u.DefineObject("box");
        var owner = u.New("box");
        u.Context.GetRootContainer("objects").AddChild("box", owner);
        MemoryRegion.Create(owner, "first", 0x10);
        var region = MemoryRegion.Create(owner, "ram", 0x1000);
        region.AddProperty(new QomStringProperty("note", static _ => "n", null));
        Assert.Same(owner, region.Parent);
        Assert.Equal("/objects/box/ram[0]", region.CanonicalPath);
        Assert.Equal(["note"], region.InstanceProperties.Select(p => p.Name));
        Assert.Equal(["first[0]", "ram[0]"], owner.InstanceProperties.Select(p => p.Name));
        Assert.Same(region, u.Context.ResolvePath("/objects/box/ram[0]"));
        owner.Unparent();
        owner.Unref();
        Assert.True(region.IsFinalized);
    }

    // A sole subregion, callbacks and a priority share the region's out-of-line field: each kept as the others come and go.
    [Fact]
    public void SubregionsCallbacksAndPriorityKeepTheirOrderAsTheyAccumulate()
    {
        var u = new TestUniverse();
        var root = u.Context.GetRootContainer("objects");
        var ops = new CountingOps();
        var container = MemoryRegion.CreateContainer(root, "box", 0x10000);
        var a = MemoryRegion.Create(root, "a", 0x100, ops);
        var b = MemoryRegion.Create(root, "b", 0x100);
        var c = MemoryRegion.Create(root, "c", 0x100);
        container.AddSubregion(0, a);
        Assert.Equal([a], container.Subregions);
        Assert.Same(ops, a.Ops);
        Assert.Null(container.Ops);

        // Newest first among one priority, higher priority ahead.
        container.AddSubregion(0x100, b);
        container.AddSubregion(0x200, c, 2);
        Assert.Equal([c, b, a], container.Subregions);
        Assert.Equal(2, c.Priority);
        Assert.Same(ops, a.Ops);

        container.DeleteSubregion(c);
        container.DeleteSubregion(b);
        Assert.Equal([a], container.Subregions);
        container.DeleteSubregion(a);
        Assert.Empty(container.Subregions);

        // A region with callbacks taken in at a priority keeps both; put back at 0 it reads 0.
        container.AddSubregion(0, a, 3);
        Assert.Equal(3, a.Priority);
        Assert.Same(ops, a.Ops);
        container.DeleteSubregion(a);
        container.AddSubregion(0, a);
        Assert.Equal(0, a.Priority);
        Assert.Same(ops, a.Ops);

        // A container with one subregion that becomes an alias keeps the subregion.
        var d = MemoryRegion.CreateContainer(root, "d", 0x1000);
        d.AddSubregion(0, b);
        d.SetAliasOffset(0x10);
        Assert.Equal(0x10UL, d.AliasOffset);
        Assert.Equal([b], d.Subregions);
    }

    [Fact]
    public void AddressSpacesKeepTheirOrderAsTheyAreRemoved()
    {
        var u = new TestUniverse();
        var root = u.Context.GetRootContainer("objects");
        var list = new AddressSpaceList();
        var shared = MemoryRegion.Create(root, "shared", 0x1000);
        var regions = new MemoryRegion[2000];
        for (int i = 0; i < regions.Length; i++)
        {
            regions[i] = MemoryRegion.Create(root, "r", 0x1000);
            list.Add($"space{i}", regions[i]);
            if (i == 5)
            {
                list.Add("shared-a", shared);
            }
        }

        list.Add("shared-b", shared);
        Assert.Equal(2002, list.All.Count);
        Assert.Equal(("space6", regions[6]), list.All[7]);

        // Every other one removed, then most of the rest: the order of what is left stays.
        for (int i = 0; i < regions.Length; i += 2)
        {
            list.Remove(regions[i]);
        }

        Assert.Equal(1002, list.All.Count);
        Assert.Equal(["space1", "space3", "space5", "shared-a", "space7"], list.All.Take(5).Select(s => s.Name));
        for (int i = 1; i < 1990; i += 2)
        {
            list.Remove(regions[i]);
        }

        Assert.Equal(["shared-a", "space1991", "space1993", "space1995", "space1997", "space1999", "shared-b"], list.All.Select(s => s.Name));

        // Both spaces of one root go together; a root not listed changes nothing.
        list.Remove(shared);
        list.Remove(regions[0]);
        Assert.Equal(["space1991", "space1993", "space1995", "space1997", "space1999"], list.All.Select(s => s.Name));
        list.Add("again", regions[0]);
        Assert.Equal(("again", regions[0]), list.All[list.All.Count - 1]);
        list.RemoveOwnedBy(root);
        Assert.Empty(list.All);
    }

    // An owner past eight entries removes them by name without moving the rest; its order and free indices hold.
    [Fact]
    public void ManyRegionsUnparentedLeaveTheRestInOrder()
    {
        var u = new TestUniverse();
        u.DefineObject("box");
        var owner = u.New("box");
        var regions = new MemoryRegion[300];
        for (int i = 0; i < regions.Length; i++)
        {
            regions[i] = MemoryRegion.Create(owner, "r", 1);
        }

        for (int i = 0; i < regions.Length; i++)
        {
            if (i % 4 != 0)
            {
                regions[i].Unparent();
            }
        }

        Assert.Equal(Enumerable.Range(0, 75).Select(i => $"r[{4 * i}]"), owner.Children.Select(c => c.Name));
        Assert.Same(regions[296], owner.GetChild("r[296]"));
        Assert.Null(owner.GetChild("r[297]"));

        // The first free index, listed last.
        var again = MemoryRegion.Create(owner, "r", 1);
        Assert.Equal("r[1]", owner.Children.Last().Name);
        Assert.Same(again, owner.GetChild("r[1]"));
        owner.DeleteProperty("r[0]");
        Assert.Equal(["r[4]", "r[8]"], owner.Children.Take(2).Select(c => c.Name));
        Assert.Equal(75, owner.Children.Count());
    }

    private sealed class CountingOps : IMemoryRegionOps
    {
        public ulong Read(ulong offset, int size) => offset;

        public void Write(ulong offset, ulong value, int size)
        {
        }
    }
}

