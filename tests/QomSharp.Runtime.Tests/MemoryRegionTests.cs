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
}
