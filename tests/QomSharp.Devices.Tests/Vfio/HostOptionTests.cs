using QomSharp.Devices.Host;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Devices.Vfio;

namespace QomSharp.Devices.Tests.Vfio;

/// <summary>
/// The tool's <c>-host default | FILE.json | sysfs | sysfs:ROOT</c>: which host vfio-pci and iommufd
/// ask, so a configuration is checked against that host's IOMMU before anything boots.
/// </summary>
public sealed class HostOptionTests : System.IDisposable
{
    private const string Vtd48 = "intel-iommu,aw-bits=48,caching-mode=on";
    private readonly FakeSysfsTree sysfs = new();
    private readonly VfioHosts hosts = new();

    public void Dispose()
    {
        sysfs.Dispose();
        hosts.Dispose();
    }

    [Fact]
    public void DefaultIsTheEmbeddedHost()
    {
        var implicitHost = ToolRun.Of("-device", "vfio-pci,host=98:00.0");
        var explicitHost = ToolRun.Of("-host", "default", "-device", "vfio-pci,host=98:00.0");
        Assert.Equal((0, 0), (implicitHost.ExitCode, explicitHost.ExitCode));
        Assert.Same(DefaultHost.Instance, HostSelection.Get(implicitHost.Context));
        Assert.Same(DefaultHost.Instance, HostSelection.Get(explicitHost.Context));
    }

    [Fact]
    public void JsonHostIsWhatDevicesAsk()
    {
        var run = ToolRun.Of("-host", hosts.Host39, "-object", "iommufd,id=fd0");
        Assert.StartsWith(hosts.Host39, HostSelection.Get(run.Context).Origin, System.StringComparison.Ordinal);
        Assert.Same(HostSelection.Get(run.Context), run.Resolve<QomSharp.Devices.Backends.IommufdBackend>("/objects/fd0").Host);

        // A device of the default host does not exist on this one.
        var missing = ToolRun.Of("-host", hosts.Host39, "-device", "vfio-pci,host=98:00.0");
        Assert.Equal(ToolRun.Refusal("vfio-pci,host=98:00.0", "vfio /sys/bus/pci/devices/0000:98:00.0: no such host device: No such file or directory"), missing.Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData(",iommufd=fd0")]
    public void FakeSysfsTreeDecidesTheCheck(string backend)
    {
        // A client-class unit: MGAW 39 (CAP 0xd2008c40660462), so the guest may not be wider than 39 bits.
        sysfs.VtdUnit("dmar1", "fed91000", "d2008c40660462", "f050da");
        sysfs.PciDevice("0000:01:00.0", "0x8086", "0x125c", 14, "dmar1");
        sysfs.Write("kernel/iommu_groups/14/reserved_regions", "0x00000000fee00000 0x00000000feefffff msi\n");
        string hostOption = "sysfs:" + sysfs.Root;

        var refused = ToolRun.Of("-host", hostOption, "-object", "iommufd,id=fd0", "-device", Vtd48, "-device", $"vfio-pci,host=01:00.0{backend}");
        Assert.Equal(ToolRun.Refusal($"vfio-pci,host=01:00.0{backend}", "vfio 0000:01:00.0: Failed to set vIOMMU: aw-bits 48 > host aw-bits 39"), refused.Error);

        // The device's directory under ROOT names it as /sys/bus/pci/devices/... does.
        string sysfsdev = sysfs.Root + "/bus/pci/devices/0000:01:00.0";
        var accepted = ToolRun.Of("-host", hostOption, "-object", "iommufd,id=fd0", "-device", "intel-iommu,caching-mode=on,aw-bits=39",
            "-device", $"vfio-pci,sysfsdev={sysfsdev},id=nic{backend}");
        Assert.Equal(string.Empty, accepted.Error);
        Assert.Equal("0000:01:00.0", accepted.Resolve<VfioPci>("/machine/peripheral/nic").VfioDevice!.Name);
    }

    [Fact]
    public void UnreadableHostsEndTheRunNamingTheOption()
    {
        var missingFile = ToolRun.Of("-host", "/nonexistent/host.json");
        Assert.Equal(1, missingFile.ExitCode);
        Assert.StartsWith("qomsharp: -host /nonexistent/host.json: /nonexistent/host.json: cannot read: ", missingFile.Error);

        var missingRoot = ToolRun.Of("-host", "sysfs:/nonexistent");
        Assert.Equal("qomsharp: -host sysfs:/nonexistent: /nonexistent: sysfs root directory does not exist\n", missingRoot.Error);

        string bad = sysfs.Write("bad.json", """{ "iommus": [ { "name": "dmar0" } ] }""");
        var invalid = ToolRun.Of("-host", bad);
        Assert.Equal(1, invalid.ExitCode);
        Assert.StartsWith($"qomsharp: -host {bad}: ", invalid.Error);
    }
}
