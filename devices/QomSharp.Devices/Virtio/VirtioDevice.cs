using QomSharp.Qdev;

namespace QomSharp.Devices.Virtio;

/// <summary>
/// QEMU 10.0's <c>virtio-device</c> (abstract): a device on a <c>virtio-bus</c>, with the common
/// feature bits every virtio device offers. Queues, features negotiation and the config space are
/// not modelled: the properties are stored and reported as QEMU does.
/// </summary>
[QomType("virtio-device", Abstract = true)]
public abstract partial class VirtioDevice : Device
{
    /// <summary>QEMU's <c>indirect_desc</c> (VIRTIO_RING_F_INDIRECT_DESC).</summary>
    [QomProperty("indirect_desc", Default = true)] public partial bool IndirectDescriptors { get; set; }

    /// <summary>QEMU's <c>event_idx</c> (VIRTIO_RING_F_EVENT_IDX).</summary>
    [QomProperty("event_idx", Default = true)] public partial bool EventIndex { get; set; }

    /// <summary>QEMU's <c>notify_on_empty</c> (VIRTIO_F_NOTIFY_ON_EMPTY).</summary>
    [QomProperty("notify_on_empty", Default = true)] public partial bool NotifyOnEmpty { get; set; }

    /// <summary>QEMU's <c>any_layout</c> (VIRTIO_F_ANY_LAYOUT).</summary>
    [QomProperty("any_layout", Default = true)] public partial bool AnyLayout { get; set; }

    /// <summary>QEMU's <c>iommu_platform</c> (VIRTIO_F_IOMMU_PLATFORM).</summary>
    [QomProperty("iommu_platform", Default = false)] public partial bool IommuPlatform { get; set; }

    /// <summary>QEMU's <c>packed</c> (VIRTIO_F_RING_PACKED).</summary>
    [QomProperty("packed", Default = false)] public partial bool Packed { get; set; }

    /// <summary>QEMU's <c>queue_reset</c> (VIRTIO_F_RING_RESET).</summary>
    [QomProperty("queue_reset", Default = true)] public partial bool QueueReset { get; set; }

    /// <summary>QEMU's <c>in_order</c> (VIRTIO_F_IN_ORDER).</summary>
    [QomProperty("in_order", Default = false)] public partial bool InOrder { get; set; }

    /// <summary>QEMU's <c>use-started</c>.</summary>
    [QomProperty("use-started", Default = true)] public partial bool UseStarted { get; set; }

    /// <summary>QEMU's <c>use-disabled-flag</c>.</summary>
    [QomProperty("use-disabled-flag", Default = true)] public partial bool UseDisabledFlag { get; set; }

    /// <summary>QEMU's <c>x-disable-legacy-check</c>.</summary>
    [QomProperty("x-disable-legacy-check", Default = false)] public partial bool DisableLegacyCheck { get; set; }

    [QomClassInit]
    private static void InitVirtioDeviceClass(DeviceClass klass)
    {
        klass.BusType = VirtioBus.QomTypeName;
        klass.SetPropertyIterationOrder("indirect_desc", "use-started", "any_layout", "notify_on_empty", "x-disable-legacy-check",
            "event_idx", "iommu_platform", "in_order", "packed", "queue_reset", "use-disabled-flag");
    }
}
