using QomSharp.Qdev;

namespace QomSharp.Devices.Virtio;

/// <summary>QEMU's <c>virtio-bus</c> (abstract): the bus a transport provides for its one virtio device.</summary>
[QomType("virtio-bus", Abstract = true)]
public abstract partial class VirtioBus : Bus
{
    [QomClassInit]
    private static void InitVirtioBusClass(BusClass klass) => klass.MaxDevices = 1;
}
