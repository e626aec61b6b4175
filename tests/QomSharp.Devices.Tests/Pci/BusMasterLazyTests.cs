using System.Linq;
using QomSharp.Devices.Pci;
using QomSharp.Memory;

namespace QomSharp.Devices.Tests.Pci;

/// <summary>
/// A PCI function's bus master container and alias are listed as QEMU lists them but made only
/// when something looks at them: printing the tree does not make them; a look-up, <c>qom-list</c>,
/// <c>info mtree</c> and a DMA do, and what they show then is what they would have shown made at once.
/// </summary>
public class BusMasterLazyTests
{
    private static ToolRun Machine() =>
        ToolRun.Of("-machine", "q35", "-nodefaults", "-device", "pci-testdev,bus=pcie.0,addr=5", "-device", "pci-testdev,bus=pcie.0,addr=6");

    [Fact]
    public void TheTreeListsThemWithoutMakingThem()
    {
        var run = Machine();
        Assert.Equal(0, run.ExitCode);
        var function = run.Resolve<PciDevice>("/machine/peripheral-anon/device[0]");
        Assert.False(function.BusMasterRegionsMade);
        Assert.Contains(
            "    /device[0] (pci-testdev)\n      /bus master container[0] (memory-region)\n      /bus master[0] (memory-region)\n      /pci-testdev-mmio[0] (memory-region)\n      /pci-testdev-portio[0] (memory-region)\n",
            run.Output,
            System.StringComparison.Ordinal);
        Assert.False(function.BusMasterRegionsMade);
    }

    [Fact]
    public void QomListMakesThemInTheirPlaces()
    {
        var run = Machine();
        var function = run.Resolve<PciDevice>("/machine/peripheral-anon/device[0]");
        var reply = QmpTranscript.Run(run.Context, """{"execute": "qom-list", "arguments": {"path": "/machine/peripheral-anon/device[0]"}}""")[0];
        string[] children = reply["return"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).Where(n => n.EndsWith(']')).ToArray();
        Assert.Equal(["bus master[0]", "pci-testdev-portio[0]", "pci-testdev-mmio[0]", "bus master container[0]"], children);
        Assert.True(function.BusMasterRegionsMade);
        Assert.False(run.Resolve<PciDevice>("/machine/peripheral-anon/device[1]").BusMasterRegionsMade);
    }

    [Fact]
    public void ALookUpMakesTheContainerWithItsAliasFollowingTheCommandRegister()
    {
        var run = Machine();
        var function = run.Resolve<PciDevice>("/machine/peripheral-anon/device[1]");
        function.WriteConfigSpace(0x04, 0x0004, 2);
        Assert.False(function.BusMasterRegionsMade);
        var container = Assert.IsType<MemoryRegion>(run.Context.ResolvePath("/machine/peripheral-anon/device[1]/bus master container[0]"));
        Assert.True(function.BusMasterRegionsMade);
        Assert.True(container.IsContainer);
        var alias = Assert.IsType<MemoryRegion>(function.GetChild("bus master[0]"));
        Assert.Same(run.Context.Qdev.SystemMemory.Root, alias.AliasOf);
        Assert.True(alias.Enabled);
        Assert.Same(container, alias.Container);
        Assert.Same(function, alias.Parent);
        Assert.Equal("/machine/peripheral-anon/device[1]/bus master[0]", alias.CanonicalPath);
        function.WriteConfigSpace(0x04, 0x0000, 2);
        Assert.False(alias.Enabled);
    }

    [Fact]
    public void InfoMtreeListsEveryFunctionsSpaceInOrder()
    {
        var run = Machine();
        var spaces = run.Context.Qdev.AddressSpaces.All.Select(s => s.Name).ToArray();
        Assert.Equal(2, spaces.Count(n => n == "pci-testdev"));
        Assert.True(run.Resolve<PciDevice>("/machine/peripheral-anon/device[0]").BusMasterRegionsMade);
        Assert.True(run.Resolve<PciDevice>("/machine/peripheral-anon/device[1]").BusMasterRegionsMade);
    }

    [Fact]
    public void AnUnpluggedFunctionNeverLookedAtLeavesNoSpace()
    {
        var run = Machine();
        var function = run.Resolve<PciDevice>("/machine/peripheral-anon/device[0]");
        Assert.False(function.BusMasterRegionsMade);
        function.Unparent();
        Assert.Null(function.GetChild("bus master container[0]"));
        Assert.Equal(1, run.Context.Qdev.AddressSpaces.All.Count(s => s.Name == "pci-testdev"));
    }
}
