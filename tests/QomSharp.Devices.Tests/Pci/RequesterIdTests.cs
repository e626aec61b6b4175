using System.IO;
using QomSharp.Devices.Pci;
using QomSharp.Qtest;

namespace QomSharp.Devices.Tests.Pci;

/// <summary>
/// The requester id a function's messages carry (QEMU's pci_requester_id): its own id behind
/// express ports, a conventional bridge's id behind that bridge, a PCIe-to-PCI bridge's secondary
/// bus at 00.0 behind that one; the crossing nearest the root decides. Bus numbers are the ones
/// the guest programs into the bridges.
/// </summary>
public class RequesterIdTests
{
    [Fact]
    public void EachBridgeKindGivesQemusRequesterId()
    {
        var run = ToolRun.Of([
            "-machine", "q35",
            "-device", "pcie-root-port,id=rp,chassis=1,addr=2",
            "-device", "pci-testdev,id=behind-port,bus=rp",
            "-device", "pci-bridge,id=pb,chassis_nr=2,addr=3",
            "-device", "pci-testdev,id=behind-pci-bridge,bus=pb,addr=1",
            "-device", "pcie-pci-bridge,id=ppb,addr=4",
            "-device", "pci-testdev,id=behind-pcie-pci-bridge,bus=ppb,addr=1",
            "-device", "pcie-root-port,id=rp2,chassis=3,addr=5",
            "-device", "pci-bridge,id=nested,chassis_nr=4,bus=rp2",
            "-device", "pci-testdev,id=behind-both,bus=nested,addr=2",
            "-device", "pci-testdev,id=root,addr=6",
        ]);
        Assert.True(run.ExitCode == 0, run.Error);
        var qtest = new QtestSession(run.Context.Qdev.SystemMemory, run.Context.Qdev.IoSpace, TextWriter.Null);
        void Buses(int bus, int slot, int secondary)
        {
            qtest.Handle($"outl 0xcf8 0x{0x8000_0018u | ((uint)bus << 16) | ((uint)slot << 11):x}");
            qtest.Handle($"outl 0xcfc 0x{(secondary << 16) | (secondary << 8) | bus:x}");
        }

        Buses(0, 2, 1);
        Buses(0, 3, 2);
        Buses(0, 4, 3);
        Buses(0, 5, 4);
        Buses(4, 0, 5);
        ushort Id(string id) => run.Resolve<PciDevice>("/machine/peripheral/" + id).RequesterId;

        Assert.Equal(0x0030, Id("root"));
        Assert.Equal(0x0100, Id("behind-port"));
        Assert.Equal(0x0018, Id("behind-pci-bridge"));
        Assert.Equal(0x0300, Id("behind-pcie-pci-bridge"));
        Assert.Equal(0x0400, Id("behind-both"));
    }
}
