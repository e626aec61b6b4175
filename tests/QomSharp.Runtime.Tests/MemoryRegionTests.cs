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
}
