using System.Text.Json.Nodes;

namespace QomSharp.Devices.I386;

/// <summary>
/// QEMU's <c>feature-words</c> and <c>filtered-features</c>: the CPUID feature words of the CPU model
/// (read-only); <c>feature-words</c> with the bits realize sets from the topology (<c>ht</c>, <c>cmp-legacy</c>).
/// </summary>
internal sealed class X86CpuFeatureWordsProperty(string name, string json) : QomProperty(name, "X86CPUFeatureWordInfo", null)
{
    // CPUID_HT (leaf 1 EDX bit 28) and CPUID_EXT3_CMP_LEG (leaf 0x80000001 ECX bit 1).
    private static readonly (string Property, long Leaf, string Register, long Bit)[] TopologyBits =
        [("ht", 1, "EDX", 1L << 28), ("cmp-legacy", 0x80000001, "ECX", 1L << 1)];

    public override bool CanRead => true;

    public override bool CanWrite => false;

    protected override JsonNode? Read(QomObject obj)
    {
        var words = JsonNode.Parse(json)!;
        if (Name != "feature-words" || obj is not X86Cpu cpu)
        {
            return words;
        }

        foreach (var (property, leaf, register, bit) in TopologyBits)
        {
            if (!cpu.IsFeatureSet(property))
            {
                continue;
            }

            foreach (var word in words.AsArray())
            {
                if (word!["cpuid-input-eax"]!.GetValue<long>() == leaf && word["cpuid-register"]!.GetValue<string>() == register)
                {
                    word["features"] = word["features"]!.GetValue<long>() | bit;
                }
            }
        }

        return words;
    }

    protected override void Write(QomObject obj, in QomInput input)
    {
    }
}
