using QomSharp.Devices.Pci;

namespace QomSharp.Devices.Tests.Pci;

/// <summary>Where PCI functions land on q35's pcie.0, and QEMU 7.2's refusals (texts taken from qemu-system-x86_64 7.2).</summary>
public class PciPlacementTests
{
    [Fact]
    public void DefaultPlacementTakesTheFirstFreeSlotAfterTheMch()
    {
        var run = ToolRun.Of("-device", "pci-testdev,id=a", "-device", "pci-testdev,id=b");
        Assert.Equal(string.Empty, run.Error);
        var mch = run.Resolve<Mch>("/machine/q35/mch");
        var a = run.Resolve<PciTestDevice>("/machine/peripheral/a");
        var b = run.Resolve<PciTestDevice>("/machine/peripheral/b");
        Assert.Equal((0, 8, 16), (mch.Devfn, a.Devfn, b.Devfn));
        Assert.Equal(("pcie.0", "PCIE"), (a.ParentBus!.Name, a.ParentBus.TypeName));

        // addr reads back the devfn taken, as qom-get does in QEMU.
        Assert.Equal("8", a.GetPropertyValue("addr")?.ToString());
        Assert.Equal(("01.0", "00.0"), (a.GetPropertyValue("legacy-addr")?.GetValue<string>(), mch.GetPropertyValue("legacy-addr")?.GetValue<string>()));
    }

    [Fact]
    public void QTreePrintsAddrInSlotFunctionForm()
    {
        var run = ToolRun.Of("-device", "pci-testdev,addr=5");
        string qtree = Monitor.TreePrinter.QTree((Qdev.Machine)run.Context.ResolvePath("/machine")!);
        Assert.Contains("      dev: pci-testdev, id \"\"\n", qtree);
        Assert.Contains("        addr = 05.0\n", qtree);
        Assert.Contains("    bus: pcie.0\n      type PCIE\n", qtree);
    }

    [Theory]
    [InlineData("6", 0x30)]
    [InlineData("06.0", 0x30)]
    [InlineData("1f.7", 0xff)]
    [InlineData("0x3", 0x18)]
    [InlineData(" 3", 0x18)]
    [InlineData("00001f.3", 0xfb)]
    [InlineData("5000000000", 0)]
    public void ExplicitAddressesAreReadAsQemuDoes(string addr, int devfn)
    {
        Assert.True(PciDevfn.TryParse(addr, out int parsed));
        Assert.Equal(devfn, parsed);
    }

    [Fact]
    public void ExplicitAddressPlacesTheFunction()
    {
        var run = ToolRun.Of("-device", "pci-testdev,id=a,addr=06.0", "-device", "pci-testdev,id=b,addr=4.2", "-device", "pci-testdev,id=c");
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(0x30, run.Resolve<PciTestDevice>("/machine/peripheral/a").Devfn);
        Assert.Equal(0x22, run.Resolve<PciTestDevice>("/machine/peripheral/b").Devfn);
        Assert.Equal(0x08, run.Resolve<PciTestDevice>("/machine/peripheral/c").Devfn);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("20")]
    [InlineData("1.8")]
    [InlineData("-1")]
    [InlineData("-2")]
    [InlineData("3.")]
    [InlineData("256")]
    [InlineData("255")]
    [InlineData("3.1x")]
    public void BadAddressIsRefusedWithQemusText(string addr)
    {
        var run = ToolRun.Of("-device", $"pci-testdev,addr={addr}");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(ToolRun.Refusal($"pci-testdev,addr={addr}", $"Property 'pci-testdev.addr' doesn't take value '{addr}'"), run.Error);
    }

    [Theory]
    [InlineData("300", "Parameter 'addr' expects a value between -1 and 255")]
    [InlineData("-2", "Parameter 'addr' expects a value between -1 and 255")]
    [InlineData("true", "Invalid parameter type for 'addr', expected int or str")]
    public void JsonAddressIsAnIntegerOrAString(string addr, string message)
    {
        string json = $$"""{"driver":"pci-testdev","addr":{{addr}}}""";
        Assert.Equal(ToolRun.Refusal(json, message), ToolRun.Of("-device", json).Error);
    }

    [Fact]
    public void JsonAddressTakesMinusOneAndText()
    {
        var run = ToolRun.Of("-device", """{"driver":"pci-testdev","id":"a","addr":-1}""", "-device", """{"driver":"pci-testdev","id":"b","addr":"3.1"}""");
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal((8, 0x19), (run.Resolve<PciTestDevice>("/machine/peripheral/a").Devfn, run.Resolve<PciTestDevice>("/machine/peripheral/b").Devfn));
    }

    [Theory]
    [InlineData("pci-testdev,addr=1", "pci-testdev,addr=1", "PCI: slot 1 function 0 not available for pci-testdev, in use by pci-testdev,id=(null)")]
    [InlineData("pci-testdev,id=a,addr=1", "pci-testdev,id=b,addr=1.0", "PCI: slot 1 function 0 not available for pci-testdev, in use by pci-testdev,id=a")]
    [InlineData("pci-testdev,addr=2", "pci-bridge,id=b0,chassis_nr=1,addr=2", "PCI: slot 2 function 0 not available for pci-bridge, in use by pci-testdev,id=(null)")]
    [InlineData("pci-testdev,addr=1.0", "pci-testdev,addr=1.1", "PCI: single function device can't be populated in function 1.1")]
    [InlineData("pci-testdev,addr=1.1", "pci-testdev,addr=1.0", "PCI: 1.0 indicates single function, but 1.1 is already populated.")]
    public void TakenSlotsAndFunctionRulesAreRefused(string first, string second, string message)
    {
        var run = ToolRun.Of("-device", first, "-device", second);
        Assert.Equal(ToolRun.Refusal(second, message), run.Error);
    }

    [Fact]
    public void FullBusRefusesAnotherFunction()
    {
        // Slots 1-1e taken: the ICH9 functions hold slot 1f, so QEMU refuses the 31st.
        var args = new System.Collections.Generic.List<string>();
        for (int slot = 1; slot <= 0x1e; slot++)
        {
            args.AddRange(["-device", $"pci-testdev,addr={slot:x}"]);
        }

        args.AddRange(["-device", "pci-testdev"]);
        Assert.Equal(ToolRun.Refusal("pci-testdev", "PCI: no slot/function available for pci-testdev, all in use or reserved"), ToolRun.Of([.. args]).Error);
    }

    [Fact]
    public void TheMchHoldsSlotZero() =>
        Assert.Equal(ToolRun.Refusal("pci-testdev,addr=0", "PCI: slot 0 function 0 not available for pci-testdev, in use by mch,id=(null)"), ToolRun.Of("-device", "pci-testdev,addr=0").Error);

    [Fact]
    public void MultifunctionSlotTakesFurtherFunctions()
    {
        var run = ToolRun.Of("-device", "pci-testdev,addr=1.0,multifunction=on", "-device", "pci-testdev,id=f1,addr=1.1", "-device", "pci-testdev,id=f3,addr=1.1f");
        Assert.Contains("doesn't take value '1.1f'", run.Error);
        run = ToolRun.Of("-device", "pci-testdev,addr=1.0,multifunction=on", "-device", "pci-testdev,id=f1,addr=1.1");
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(9, run.Resolve<PciTestDevice>("/machine/peripheral/f1").Devfn);
    }

    [Fact]
    public void FailedPlacementFreesNothingItDidNotTake()
    {
        // The refused device leaves slot 1 to its owner and slot 2 free for the next.
        var run = ToolRun.Of("-device", "pci-testdev,id=a,addr=1", "-device", "pci-testdev,id=b,addr=1");
        Assert.NotEqual(string.Empty, run.Error);
        var bus = (PciBus)run.Resolve<Q35PciHost>("/machine/q35").RootBus!;
        Assert.Same(run.Context.ResolvePath("/machine/peripheral/a"), bus[8]);
        Assert.Null(run.Context.ResolvePath("/machine/peripheral/b"));
    }
}
