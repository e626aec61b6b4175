using System.Text.Json.Nodes;

namespace QomSharp.Devices.Pci;

/// <summary>
/// QEMU's read-only <c>busnr</c> of <c>pci-device</c> (type <c>busnr</c>): the number of the bus the
/// function sits on. Bus numbers are programmed by the guest's firmware, which is not modelled, so
/// every bus reads as QEMU's do before the guest runs: 0.
/// </summary>
internal sealed class PciBusNumberProperty() : QomProperty("busnr", "busnr", null)
{
    public override bool CanRead => true;

    public override bool CanWrite => false;

    public override bool IsStatic => true;

    protected override JsonNode? Read(QomObject obj) => JsonValue.Create(0);

    protected override bool TryReadInt64(QomObject obj, out long value)
    {
        value = 0;
        return true;
    }

    protected override void Write(QomObject obj, in QomInput input) =>
        throw new QomException($"Property '{obj.TypeName}.{Name}' is not writable");
}
