using QomSharp.Qdev;

namespace QomSharp.Devices.Virtio;

/// <summary>QEMU's <c>virtio-bus</c> (abstract): the bus between a virtio transport and its one virtio device.</summary>
[QomType("virtio-bus", Abstract = true)]
public abstract partial class VirtioBus : Bus
{
}

/// <summary>QEMU's <c>virtio-pci-bus</c>: the <c>virtio-bus</c> child of a virtio PCI proxy, holding its backend.</summary>
[QomType("virtio-pci-bus")]
public sealed partial class VirtioPciBus : VirtioBus
{
}
