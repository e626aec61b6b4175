using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// The CPU's values on older q35 versions against QEMU 10.0 (cpu-machine-versions.json): their
/// compatibility properties reach the CPU (model id, family, CPUID levels, Hyper-V ids, ...).
/// </summary>
public class CpuVersionTests
{
    public static TheoryData<int> Rows()
    {
        var data = new TheoryData<int>();
        int count = JsonNode.Parse(Qemu10Reference.Read("cpu-machine-versions.json"))!.AsArray().Count;
        for (int i = 0; i < count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void CpuValuesFollowTheMachineVersionAsQemu10(int index)
    {
        var row = JsonNode.Parse(Qemu10Reference.Read("cpu-machine-versions.json"))!.AsArray()[index]!;
        string[] args = row["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();
        var run = ToolRun.Of(args);
        Assert.True(run.ExitCode == 0, run.Error);
        var cpu = run.Context.ResolvePath("/machine/unattached/device[0]")!;
        Assert.Equal("qemu64-x86_64-cpu", cpu.TypeName);
        var values = row["values"]!.AsObject();
        Assert.Equal(15, values.Count);
        foreach (var (name, expected) in values)
        {
            Assert.True(JsonNode.DeepEquals(expected, cpu.GetPropertyValue(name)), $"{string.Join(' ', args)}: {name} is {cpu.GetPropertyValue(name)?.ToJsonString()}, QEMU 10.0 {expected?.ToJsonString()}");
        }
    }
}
