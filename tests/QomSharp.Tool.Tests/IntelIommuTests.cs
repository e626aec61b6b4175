namespace QomSharp.Tool.Tests;

/// <summary>
/// intel-iommu in the tool: one per machine, sysbus rules, no hot-plug. Its registers, realize checks
/// and help are compared with QEMU 10.0 in QomSharp.Devices.Tests (Qemu10).
/// </summary>
public class IntelIommuTests
{
    [Fact]
    public void OneVirtualIommuPerMachine()
    {
        var run = ToolRun.Of("-machine", "q35", "-device", "intel-iommu", "-device", "intel-iommu,aw-bits=48");
        Assert.Equal("qomsharp: -device intel-iommu,aw-bits=48: QEMU does not support multiple vIOMMUs for x86 yet.\n", run.Error);
        Assert.Equal("qomsharp: -device intel-iommu: Parameter 'driver' expects a dynamic sysbus device type for the machine\n",
            ToolRun.Of("-machine", "none", "-device", "intel-iommu").Error);
    }

    [Fact]
    public void NotHotpluggable()
    {
        var context = ToolRun.Of("-machine", "q35").Context;
        var replies = QmpTranscript.Run(context, """{"execute": "qmp_capabilities"}""", """{"execute": "device_add", "arguments": {"driver": "intel-iommu"}}""");
        Assert.Equal("Device 'intel-iommu' does not support hotplugging", QmpTranscript.Error(replies[2]));
    }

    [Fact]
    public void FirstStageTranslationNeedsTheIommufdBackendOnTheCommandLineAndOverQmp()
    {
        const string Vtd = "intel-iommu,x-scalable-mode=on,x-flts=on,caching-mode=on";
        var run = ToolRun.Of("-machine", "q35", "-object", "iommufd,id=fd0", "-device", Vtd, "-device", "pcie-root-port,id=rp,chassis=1",
            "-device", "pcie-root-port,id=rp2,chassis=2", "-device", "vfio-pci,host=98:00.0,iommufd=fd0,bus=rp,id=gpu", "-S");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));

        // Hot-plugged below the second port without the backend: QEMU's refusal, and nothing is left behind.
        var replies = QmpTranscript.Run(run.Context, """{"execute": "qmp_capabilities"}""",
            """{"execute": "device_add", "arguments": {"driver": "vfio-pci", "host": "4b:00.0", "bus": "rp2", "id": "nic"}}""");
        Assert.Equal("vfio 0000:4b:00.0: Failed to set vIOMMU: Need IOMMUFD backend when x-flts=on", QmpTranscript.Error(replies[^1]));
        Assert.Null(run.Context.ResolvePath("/machine/peripheral/nic"));
        Assert.NotNull(run.Context.ResolvePath("/machine/peripheral/gpu"));
    }
}
