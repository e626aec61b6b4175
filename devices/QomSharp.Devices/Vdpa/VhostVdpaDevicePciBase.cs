using QomSharp.Devices.Virtio;
using QomSharp.Qdev;

namespace QomSharp.Devices.Vdpa;

/// <summary>
/// QEMU's <c>vhost-vdpa-device-pci-base</c> (abstract, hw/virtio/vdpa-dev-pci.c): the virtio-pci
/// proxy of a <c>vhost-vdpa-device</c>. Its instance holds the device as child <c>virtio-backend</c>
/// and aliases every property of the device (<c>vhostdev</c>, <c>queue-size</c>, the virtio feature
/// switches, <c>bootindex</c>), as QEMU's <c>virtio_instance_init_common</c> does; realize realizes
/// the device on the proxy's <c>virtio-bus</c>.
/// </summary>
[QomType("vhost-vdpa-device-pci-base", Abstract = true)]
public abstract partial class VhostVdpaDevicePciBase : VirtioPci
{
    // The instance properties in the order QEMU's hash table iterates them (the QMP lists show it
    // reversed); null marks the child. "iommufd" is QomSharp's and comes last.
    private static readonly string?[] AliasedProperties =
    [
        "indirect_desc", "vhostdev", "use-started", "any_layout", "notify_on_empty", "x-disable-legacy-check", "bootindex",
        "event_idx", null, "iommu_platform", "queue-size", "packed", "in_order", "queue_reset", "use-disabled-flag", "iommufd",
    ];

    /// <summary>The virtio device behind the proxy (child <c>virtio-backend</c>).</summary>
    public VhostVdpaDevice Backend { get; private set; } = null!;

    [QomClassInit]
    private static void InitVhostVdpaDevicePciBaseClass(DeviceClass klass) => klass.Categories = DeviceCategories.Misc;

    [QomInstanceInit]
    private void InitBackend()
    {
        var backend = (VhostVdpaDevice)Context.New(VhostVdpaDevice.QomTypeName);
        foreach (string? name in AliasedProperties)
        {
            if (name is null)
            {
                AddChild("virtio-backend", backend);
                backend.Unref();
            }
            else
            {
                AddProperty(new QomAliasProperty(name, backend, name));
            }
        }

        Backend = backend;
    }

    /// <inheritdoc/>
    protected override void RealizeProxy() => Backend.RealizeOn(VirtioBus!);
}
