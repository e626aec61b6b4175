using System.Text.Json.Nodes;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Vfio;

/// <summary>
/// QEMU's <c>qdev_prop_pci_host_devaddr</c> (vfio-pci's <c>host</c>): a <c>str</c> written as
/// <c>[DDDD:]BB:DD.F</c> and read as <c>DDDD:BB:DD.F</c>; unset reads <c>ffff:ff:ff.f</c>, the
/// placeholder QEMU prints for "no device".
/// </summary>
internal sealed class PciHostAddressProperty() : QomProperty(PropertyName, "str", "Host PCI address [domain:]<bus:slot.function> of assigned device")
{
    private const string PropertyName = "host";
    private const string Unset = "ffff:ff:ff.f";

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool IsStatic => true;

    protected override JsonNode? Read(QomObject obj) =>
        JsonValue.Create(((VfioPci)obj).HostAddress?.ToString() ?? Unset);

    protected override void Write(QomObject obj, in QomInput input)
    {
        string text = input.ReadString(Name);
        ((VfioPci)obj).HostAddress = PciHostAddress.TryParse(text, out PciHostAddress? address)
            ? address
            : throw new QomException(PciHostAddress.InvalidValueMessage(obj.TypeName, Name, text));
    }
}
