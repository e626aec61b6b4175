using System.Text.Json.Nodes;

namespace QomSharp.Devices.Pci;

/// <summary>
/// QEMU's <c>addr</c> property of <c>pci-device</c> (<c>qdev_prop_pci_devfn</c>): shown as
/// <c>str</c> (QEMU 10.0), read as devfn, written as <c>slot[.function]</c> text or (JSON) as an integer
/// from -1 to 255. Both refusals use QEMU 7.2's texts.
/// </summary>
public sealed class PciDevfnProperty : QomProperty
{
    private const string PropertyName = "addr";

    /// <summary>Creates the class property of <c>pci-device</c>.</summary>
    public PciDevfnProperty()
        : base(PropertyName, "str", "Slot and optional function number, example: 06.0 or 06")
    {
    }

    /// <inheritdoc/>
    public override JsonNode? DefaultValue => JsonValue.Create(-1);

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    public override bool IsStatic => true;

    /// <inheritdoc/>
    protected override JsonNode? Read(QomObject obj) => JsonValue.Create(((PciDevice)obj).Devfn);

    /// <inheritdoc/>
    protected override bool TryReadInt64(QomObject obj, out long value)
    {
        value = ((PciDevice)obj).Devfn;
        return true;
    }

    /// <inheritdoc/>
    protected override void Write(QomObject obj, in QomInput input)
    {
        var device = (PciDevice)obj;
        if (input.HoldsString)
        {
            string text = input.ReadString(Name);
            device.Devfn = PciDevfn.TryParse(text, out int devfn)
                ? devfn
                : throw new QomException($"Property '{obj.TypeName}.{Name}' doesn't take value '{text}'");
            return;
        }

        if (!input.HoldsNumber)
        {
            throw new QomException($"Invalid parameter type for '{Name}', expected int or str");
        }

        long value = input.ReadInt64(Name);
        if (value < int.MinValue || value > int.MaxValue)
        {
            throw input.OutOfRange(Name, "int32_t");
        }

        device.Devfn = value is >= -1 and <= 255
            ? (int)value
            : throw new QomException($"Parameter '{Name}' expects a value between -1 and 255");
    }
}
