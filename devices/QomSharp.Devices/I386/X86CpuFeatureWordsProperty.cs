using System.Text.Json.Nodes;

namespace QomSharp.Devices.I386;

/// <summary>QEMU's <c>feature-words</c> and <c>filtered-features</c>: the CPUID feature words of the CPU model (read-only).</summary>
internal sealed class X86CpuFeatureWordsProperty(string name, string json) : QomProperty(name, "X86CPUFeatureWordInfo", null)
{
    public override bool CanRead => true;

    public override bool CanWrite => false;

    protected override JsonNode? Read(QomObject obj) => JsonNode.Parse(json);

    protected override void Write(QomObject obj, in QomInput input)
    {
    }
}
