using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace QomSharp.Tool.Tests;

/// <summary>intel-iommu against QEMU 7.2: registers read over qtest, realize-time checks, help text.</summary>
public class IntelIommuTests
{
    private static readonly string Reference = Path.Combine(AppContext.BaseDirectory, "reference");

    public static TheoryData<string> Configurations()
    {
        var data = new TheoryData<string>();
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Reference, "intel-iommu-registers.json")));
        foreach (var config in json.RootElement.GetProperty("configs").EnumerateObject())
        {
            data.Add(config.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void EveryRegisterReadsAsInQemu72(string configuration)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Reference, "intel-iommu-registers.json")));
        string device = json.RootElement.GetProperty("configs").GetProperty(configuration).GetString()!;
        var offsets = json.RootElement.GetProperty("offsets").EnumerateArray().Select(o => o.GetInt32()).ToArray();
        var expected = json.RootElement.GetProperty("readl").GetProperty(configuration).EnumerateArray().Select(v => v.GetString()).ToArray();
        var script = new StringBuilder();
        foreach (int offset in offsets)
        {
            script.Append(CultureInfo.InvariantCulture, $"readl 0x{0xfed90000 + offset:x}\n");
        }

        var run = ToolRun.WithInput(script.ToString(), "-machine", "q35", "-device", device, "-qtest", "stdio");
        Assert.Equal(string.Empty, run.Error);
        var actual = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[1]).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < offsets.Length; i++)
        {
            Assert.True(expected[i] == actual[i], $"{configuration}: register 0x{offsets[i]:x} reads {actual[i]}, QEMU 7.2 reads {expected[i]}");
        }
    }

    [Theory]
    [InlineData("intel-iommu,aw-bits=40", "Supported values for aw-bits are: 39, 48")]
    [InlineData("intel-iommu,eim=on,intremap=off", "eim=on cannot be selected without intremap=on")]
    [InlineData("intel-iommu,x-pasid-mode=on", "Need to set scalable mode for PASID")]
    [InlineData("intel-iommu,x-pasid-mode=on,device-iotlb=on", "PASID based device IOTLB is not supported")]
    [InlineData("intel-iommu,x-scalable-mode=on,dma-drain=off", "Need to set dma_drain for scalable mode")]
    public void RealizeChecksInQemusOrderAndText(string device, string message)
    {
        var run = ToolRun.Of("-machine", "q35", "-device", device);
        Assert.Equal($"qomsharp: -device {device}: {message}\n", run.Error);
        Assert.Null(run.Context.ResolvePath("/machine/unattached/device[0]"));
    }

    [Fact]
    public void OneVirtualIommuPerMachine()
    {
        var run = ToolRun.Of("-machine", "q35", "-device", "intel-iommu", "-device", "intel-iommu,aw-bits=48");
        Assert.Equal("qomsharp: -device intel-iommu,aw-bits=48: QEMU does not support multiple vIOMMUs for x86 yet.\n", run.Error);
        Assert.Equal("qomsharp: -device intel-iommu: Parameter 'driver' expects a dynamic sysbus device type for the machine\n",
            ToolRun.Of("-machine", "none", "-device", "intel-iommu").Error);
    }

    [Fact]
    public void PropertyHelpIsQemu72s()
    {
        string expected = File.ReadAllText(Path.Combine(Reference, "device-intel-iommu-help.txt"));
        Assert.Equal(expected, ToolRun.Of("-device", "intel-iommu,help").Output);
    }

    [Fact]
    public void NotHotpluggable()
    {
        var context = ToolRun.Of("-machine", "q35").Context;
        var replies = QmpTranscript.Run(context, """{"execute": "qmp_capabilities"}""", """{"execute": "device_add", "arguments": {"driver": "intel-iommu"}}""");
        Assert.Equal("Parameter 'driver' expects a pluggable device type", QmpTranscript.Error(replies[2]));
    }
}
