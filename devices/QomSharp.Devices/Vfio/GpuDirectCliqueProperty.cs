using System.Text.Json.Nodes;

namespace QomSharp.Devices.Vfio;

/// <summary>
/// vfio-pci's <c>x-nv-gpudirect-clique</c> (<c>uint8</c>, no default): the NVIDIA GPUDirect P2P
/// clique, 0 to 15; unset reads 255.
/// </summary>
internal sealed class GpuDirectCliqueProperty() : QomProperty(PropertyName, "uint8", "Add NVIDIA GPUDirect capability indicating P2P DMA clique for device [0-15]")
{
    private const string PropertyName = "x-nv-gpudirect-clique";
    private const byte MaxClique = 15;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool IsStatic => true;

    protected override JsonNode? Read(QomObject obj) => JsonValue.Create((ulong)((VfioPci)obj).GpuDirectClique);

    protected override bool TryReadInt64(QomObject obj, out long value)
    {
        value = ((VfioPci)obj).GpuDirectClique;
        return true;
    }

    protected override void Write(QomObject obj, in QomInput input)
    {
        ulong value = input.ReadUInt64(Name);
        if (value > byte.MaxValue)
        {
            throw input.OutOfRange(Name, "uint8_t");
        }

        ((VfioPci)obj).GpuDirectClique = value <= MaxClique
            ? (byte)value
            : throw new QomException($"Property {Name}: valid range 0-15");
    }
}
