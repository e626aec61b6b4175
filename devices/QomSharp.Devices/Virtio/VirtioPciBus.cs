namespace QomSharp.Devices.Virtio;

/// <summary>QEMU's <c>virtio-pci-bus</c>: the virtio bus of a virtio-pci proxy, named <c>virtio-bus</c>.</summary>
[QomType("virtio-pci-bus")]
public sealed partial class VirtioPciBus : VirtioBus
{
    /// <summary>The name QEMU gives every virtio-pci proxy's bus.</summary>
    public const string BusName = "virtio-bus";
}
