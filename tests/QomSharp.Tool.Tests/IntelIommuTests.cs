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
}
