using QomSharp.Qdev;

namespace QomSharp.Devices.Virtio;

/// <summary>
/// QEMU's <c>virtio-device</c> (abstract): a virtio device on a transport's <c>virtio-bus</c>, with the
/// common feature switches (QEMU 10.0's names, types and defaults). Queues, features and config
/// space are not modelled, so the switches have no effect beyond being stored and reported.
/// </summary>
[QomType("virtio-device", Abstract = true)]
public abstract partial class VirtioDevice : Device
{
    /// <summary>VIRTIO_RING_F_INDIRECT_DESC offered.</summary>
    [QomProperty("indirect_desc", Default = true)]
    public partial bool IndirectDesc { get; set; }

    /// <summary>VIRTIO_RING_F_EVENT_IDX offered.</summary>
    [QomProperty("event_idx", Default = true)]
    public partial bool EventIdx { get; set; }

    /// <summary>VIRTIO_F_NOTIFY_ON_EMPTY offered.</summary>
    [QomProperty("notify_on_empty", Default = true)]
    public partial bool NotifyOnEmpty { get; set; }

    /// <summary>VIRTIO_F_ANY_LAYOUT offered.</summary>
    [QomProperty("any_layout", Default = true)]
    public partial bool AnyLayout { get; set; }

    /// <summary>VIRTIO_F_IOMMU_PLATFORM (ACCESS_PLATFORM) offered.</summary>
    [QomProperty("iommu_platform", Default = false)]
    public partial bool IommuPlatform { get; set; }

    /// <summary>VIRTIO_F_RING_PACKED offered.</summary>
    [QomProperty("packed", Default = false)]
    public partial bool Packed { get; set; }

    /// <summary>VIRTIO_F_RING_RESET offered.</summary>
    [QomProperty("queue_reset", Default = true)]
    public partial bool QueueReset { get; set; }

    /// <summary>VIRTIO_F_IN_ORDER offered.</summary>
    [QomProperty("in_order", Default = false)]
    public partial bool InOrder { get; set; }

    /// <summary>Compat knob: the device's started flag is migrated.</summary>
    [QomProperty("use-started", Default = true)]
    public partial bool UseStarted { get; set; }

    /// <summary>Compat knob: the disabled flag is honoured.</summary>
    [QomProperty("use-disabled-flag", Default = true)]
    public partial bool UseDisabledFlag { get; set; }

    /// <summary>Compat knob: skip the check that a modern-only device is not exposed as legacy.</summary>
    [QomProperty("x-disable-legacy-check", Default = false)]
    public partial bool DisableLegacyCheck { get; set; }

    /// <summary>The transport the device is plugged into (the proxy that provides its bus).</summary>
    public Device? Transport => ParentBus?.ParentDevice;

    [QomClassInit]
    private static void InitVirtioDeviceClass(DeviceClass klass)
    {
        klass.BusType = VirtioBus.QomTypeName;

        // The order QEMU's class hash table iterates them in (the QMP lists show it reversed).
        klass.SetPropertyIterationOrder("indirect_desc", "use-started", "any_layout", "notify_on_empty", "x-disable-legacy-check",
            "event_idx", "iommu_platform", "in_order", "packed", "queue_reset", "use-disabled-flag");
    }
}
