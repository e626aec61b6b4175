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
    public void PropertyHelpIsQemu10s(string type)
    {
        var run = ToolRun.Of("-nodefaults", "-display", "none", "-machine", "q35", "-device", $"{type},help");
        Assert.Equal(Qemu10Reference.Read($"device-{type}-help.txt"), QomSharpExtensions.StripHelp(run.Context, type, run.Output));
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public void IommufdObjectHelpIsQemu10s() =>
        Assert.Equal(Qemu10Reference.Read("object-iommufd-help.txt"), ToolRun.Of("-nodefaults", "-display", "none", "-machine", "q35", "-object", "iommufd,help").Output);
}
