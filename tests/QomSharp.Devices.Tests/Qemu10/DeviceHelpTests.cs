using System.Linq;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary><c>-device T,help</c> for every modelled user-creatable type and <c>-object iommufd,help</c>, whole text against QEMU 10.0's.</summary>
public class DeviceHelpTests
{
    [Theory]
    [InlineData("pci-testdev")]
    [InlineData("pcie-root-port")]
    [InlineData("pci-bridge")]
    [InlineData("pcie-pci-bridge")]
    [InlineData("intel-iommu")]
    [InlineData("vfio-pci")]
    [InlineData("vfio-pci-nohotplug")]
    [InlineData("pxb")]
    [InlineData("pxb-pcie")]
    [InlineData("i82801b11-bridge")]
    public void PropertyHelpIsQemu10s(string type)
    {
        var run = ToolRun.Of("-nodefaults", "-display", "none", "-machine", "q35", "-device", $"{type},help");
        Assert.Equal(Qemu10Reference.Read($"device-{type}-help.txt"), QomSharpExtensions.StripHelp(run.Context, type, run.Output));
        Assert.Equal(0, run.ExitCode);
    }

    /// <summary>
    /// The ICH9 functions' help, whole text: their init-time memory regions, IRQ links and the LPC's
    /// RTC child included.
    /// </summary>
    [Theory]
    [InlineData("ICH9-LPC", 63)]
    [InlineData("ich9-ahci", 18)]
    [InlineData("ICH9-SMB", 16)]
    public void Ich9FunctionHelpIsQemu10s(string type, int lines)
    {
        var run = ToolRun.Of("-nodefaults", "-display", "none", "-machine", "q35", "-device", $"{type},help");
        var expected = Qemu10Reference.Read($"device-{type}-help.txt").Split('\n');
        Assert.Equal(expected, run.Output.Split('\n'));
        Assert.Equal(lines, expected.Length);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public void IommufdObjectHelpIsQemu10s() =>
        Assert.Equal(Qemu10Reference.Read("object-iommufd-help.txt"), ToolRun.Of("-nodefaults", "-display", "none", "-machine", "q35", "-object", "iommufd,help").Output);
}
