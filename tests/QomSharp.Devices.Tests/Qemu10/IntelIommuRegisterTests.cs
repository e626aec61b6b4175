using System.Globalization;
using System.Text;
using System.Text.Json;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// intel-iommu's whole DMAR register block (every dword at 0xfed90000..0xfed9022f, read over qtest)
/// against QEMU 10.0's for each configuration of the matrix, on q35 and on pc-q35-9.1. A configuration
/// QEMU refuses on a machine type is refused with the same message.
/// </summary>
public class IntelIommuRegisterTests
{
    public static TheoryData<string, string> Configurations()
    {
        var data = new TheoryData<string, string>();
        using var json = JsonDocument.Parse(Qemu10Reference.Read("intel-iommu-registers.json"));
        foreach (var machine in json.RootElement.GetProperty("readl").EnumerateObject())
        {
            foreach (var config in machine.Value.EnumerateObject())
            {
                data.Add(machine.Name, config.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void EveryRegisterReadsAsInQemu10(string machine, string configuration)
    {
        using var json = JsonDocument.Parse(Qemu10Reference.Read("intel-iommu-registers.json"));
        string device = json.RootElement.GetProperty("configs").GetProperty(configuration).GetString()!;
        var offsets = json.RootElement.GetProperty("offsets").EnumerateArray().Select(o => o.GetInt32()).ToArray();
        var expected = json.RootElement.GetProperty("readl").GetProperty(machine).GetProperty(configuration);
        var script = new StringBuilder();
        foreach (int offset in offsets)
        {
            script.Append(CultureInfo.InvariantCulture, $"readl 0x{0xfed90000 + offset:x}\n");
        }

        var run = ToolRun.WithInput(script.ToString(), "-machine", machine, "-device", device, "-qtest", "stdio");
        if (expected.ValueKind == JsonValueKind.String)
        {
            Assert.Equal(expected.GetString()!.Replace("qemu-system-x86_64: ", "qomsharp: ", System.StringComparison.Ordinal) + "\n", run.Error);
            return;
        }

        Assert.Equal(string.Empty, run.Error);
        var actual = run.Output.Split('\n', System.StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[1]).ToArray();
        var values = expected.EnumerateArray().Select(v => v.GetString()).ToArray();
        Assert.Equal(values.Length, actual.Length);
        for (int i = 0; i < offsets.Length; i++)
        {
            Assert.True(values[i] == actual[i], $"{machine} {configuration}: register 0x{offsets[i]:x} reads {actual[i]}, QEMU 10.0 reads {values[i]}");
        }
    }
}
