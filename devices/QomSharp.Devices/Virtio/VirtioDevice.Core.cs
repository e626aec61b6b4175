using System;
using System.Collections.Generic;
using QomSharp.Memory;

namespace QomSharp.Devices.Virtio;

/// <summary>
/// The virtio device core of QEMU 10.0 (hw/virtio/virtio.c) for split virtqueues: status, feature
/// negotiation, the device's configuration bytes, the ISR, and the queues a driver sets up in guest
/// memory. Everything the guest wrote is read back from the system address space; a malformed ring
/// (bad index, descriptor loop, zero-sized buffer, ...) marks the device broken as QEMU's
/// <c>virtio_error</c> does (NEEDS_RESET once VERSION_1 is negotiated), never throws.
/// </summary>
public abstract partial class VirtioDevice
{
    /// <summary>QEMU's <c>VIRTIO_QUEUE_MAX</c>.</summary>
    public const int QueueMax = 1024;

    /// <summary>QEMU's <c>VIRTQUEUE_MAX_SIZE</c>.</summary>
    public const int QueueMaxSize = 1024;

    /// <summary>QEMU's <c>VIRTIO_NO_VECTOR</c>.</summary>
    public const ushort NoVector = 0xffff;

    /// <summary>Device status bits.</summary>
    public const byte StatusDriverOk = 4, StatusFeaturesOk = 8, StatusNeedsReset = 0x40;

    /// <summary>Transport feature bits.</summary>
    public const int FeatureNotifyOnEmpty = 24, FeatureAnyLayout = 27, FeatureIndirectDesc = 28, FeatureEventIdx = 29, FeatureBad = 30,
        FeatureVersion1 = 32, FeatureIommuPlatform = 33, FeaturePacked = 34, FeatureInOrder = 35, FeatureRingReset = 40;

    /// <summary>The features a modern driver does not see (QEMU's <c>VIRTIO_LEGACY_FEATURES</c>).</summary>
    public const ulong LegacyFeatures = (1UL << FeatureBad) | (1UL << FeatureNotifyOnEmpty) | (1UL << FeatureAnyLayout);

    private readonly List<VirtQueue> queues = [];
    private byte[] config = [];

    /// <summary>The features offered (QEMU's <c>host_features</c>), fixed when the transport plugs the device.</summary>
    public ulong HostFeatures { get; private set; }

    /// <summary>The features the driver acknowledged, cut to those offered (QEMU's <c>guest_features</c>).</summary>
    public ulong GuestFeatures { get; private set; }

    /// <summary>The device status register.</summary>
    public byte Status { get; private set; }

    /// <summary>The interrupt status (bit 0: a queue, bit 1: the configuration).</summary>
    public byte Isr { get; private set; }

    /// <summary>The configuration generation, bumped on each configuration change notification.</summary>
    public byte Generation { get; private set; }

    /// <summary>Whether a guest error broke the device (QEMU's <c>broken</c>); a reset repairs it.</summary>
    public bool Broken { get; private set; }

    /// <summary>Whether the transport disabled the device (bus mastering off, with <c>use-disabled-flag</c>).</summary>
    public bool Disabled { get; private set; }

    /// <summary>The last guest error (QEMU's <c>virtio_error</c> text), or null.</summary>
    public string? LastError { get; private set; }

    /// <summary>The configuration vector (no MSI-X here: always <see cref="NoVector"/> once written).</summary>
    public ushort ConfigVector { get; set; } = NoVector;

    /// <summary>The queue the transport's queue registers address (QEMU's <c>queue_sel</c>).</summary>
    public ushort QueueSelect { get; set; }

    /// <summary>How many queues the device has.</summary>
    public int VirtioQueueCount => queues.Count;

    /// <summary>The device's configuration size in bytes (QEMU's <c>config_len</c>).</summary>
    public int ConfigLength => config.Length;

    /// <summary>Raised when the ISR changes (the transport's interrupt line follows it).</summary>
    public event Action? InterruptChanged;

    /// <summary>The device's own features (QEMU's <c>get_features</c>).</summary>
    protected virtual ulong DeviceFeatures => 0;

    /// <summary>Fills the configuration bytes from the device's state (QEMU's <c>get_config</c>).</summary>
    protected virtual void GetConfig(Span<byte> bytes)
    {
    }

    /// <summary>The driver wrote the configuration bytes (QEMU's <c>set_config</c>).</summary>
    protected virtual void SetConfig(ReadOnlySpan<byte> bytes)
    {
    }

    /// <summary>The device's own reset (QEMU's <c>VirtioDeviceClass.reset</c>).</summary>
    protected virtual void ResetDevice()
    {
    }

    /// <summary>QEMU's <c>virtio_init</c>: the configuration size.</summary>
    protected void InitVirtio(int configLength)
    {
        config = new byte[configLength];
        queues.Clear();
    }

    /// <summary>QEMU's <c>virtio_add_queue</c>: a queue of <paramref name="size"/> entries and its handler (null: none).</summary>
    protected VirtQueue AddQueue(int size, Action<VirtQueue>? handler)
    {
        var queue = new VirtQueue(this, queues.Count, (ushort)size, handler);
        queues.Add(queue);
        return queue;
    }

    /// <summary>
    /// QEMU's <c>virtio_bus_device_plugged</c> with <c>virtio_pci_pre_plugged</c>: the features offered
    /// are the common ones the properties keep, VERSION_1 for a modern transport, the bad-feature
    /// canary and the device's own.
    /// </summary>
    internal void Plug(bool modern)
    {
        ulong features = 0;
        features |= IndirectDescriptors ? 1UL << FeatureIndirectDesc : 0;
        features |= EventIndex ? 1UL << FeatureEventIdx : 0;
        features |= NotifyOnEmpty ? 1UL << FeatureNotifyOnEmpty : 0;
        features |= AnyLayout ? 1UL << FeatureAnyLayout : 0;
        features |= IommuPlatform ? 1UL << FeatureIommuPlatform : 0;
        features |= Packed ? 1UL << FeaturePacked : 0;
        features |= QueueReset ? 1UL << FeatureRingReset : 0;
        features |= InOrder ? 1UL << FeatureInOrder : 0;
        features |= modern ? 1UL << FeatureVersion1 : 0;
        features |= 1UL << FeatureBad;
        HostFeatures = features | DeviceFeatures;
    }

    /// <summary>Whether the driver acknowledged feature <paramref name="bit"/>.</summary>
    public bool HasGuestFeature(int bit) => (GuestFeatures & (1UL << bit)) != 0;

    /// <summary>
    /// QEMU's <c>virtio_set_features</c>: refused after FEATURES_OK and with the bad-feature bit;
    /// otherwise the features offered among <paramref name="value"/> are taken.
    /// </summary>
    public void SetFeatures(ulong value)
    {
        if ((Status & StatusFeaturesOk) != 0 || (value & (1UL << FeatureBad)) != 0)
        {
            return;
        }

        GuestFeatures = value & HostFeatures;
    }

    /// <summary>
    /// QEMU's <c>virtio_set_status</c>: FEATURES_OK is refused (the status stays) when VERSION_1 is
    /// negotiated but an offered IOMMU_PLATFORM is not; DRIVER_OK starts the device.
    /// </summary>
    public void SetStatus(byte value)
    {
        if (HasGuestFeature(FeatureVersion1) && (Status & StatusFeaturesOk) == 0 && (value & StatusFeaturesOk) != 0
            && (HostFeatures & (1UL << FeatureIommuPlatform)) != 0 && !HasGuestFeature(FeatureIommuPlatform))
        {
            return;
        }

        Status = value;
    }

    /// <summary>QEMU's <c>virtio_reset</c>: status, features, ISR and every queue back to their defaults, then the device's own reset.</summary>
    public void ResetVirtio()
    {
        Status = 0;
        ResetDevice();
        Broken = false;
        LastError = null;
        GuestFeatures = 0;
        QueueSelect = 0;
        Disabled = false;
        ConfigVector = NoVector;
        SetIsr(0);
        foreach (VirtQueue queue in queues)
        {
            queue.Reset();
        }
    }

    /// <summary>QEMU's <c>virtio_set_disabled</c> (with <c>use-disabled-flag</c>).</summary>
    internal void SetDisabled(bool disabled)
    {
        if (UseDisabledFlag)
        {
            Disabled = disabled;
        }
    }

    /// <summary>
    /// QEMU's <c>virtio_error</c>: the device is broken until reset; with VERSION_1 negotiated the
    /// status gains NEEDS_RESET and, once DRIVER_OK, the driver is told (ISR bits 0 and 1, a new generation).
    /// </summary>
    public void Error(string message)
    {
        LastError = message;
        Broken = true;
        if (HasGuestFeature(FeatureVersion1))
        {
            Status |= StatusNeedsReset;
            NotifyConfig();
        }
    }

    /// <summary>QEMU's <c>virtio_notify_config</c>.</summary>
    public void NotifyConfig()
    {
        if ((Status & StatusDriverOk) == 0)
        {
            return;
        }

        SetIsr((byte)(Isr | 3));
        Generation++;
    }

    /// <summary>QEMU's ISR read: the bits, cleared (the line goes down).</summary>
    public byte TakeIsr()
    {
        byte value = Isr;
        SetIsr(0);
        return value;
    }

    private void SetIsr(byte value)
    {
        bool changed = value != Isr;
        Isr = value;
        if (changed)
        {
            InterruptChanged?.Invoke();
        }
    }

    /// <summary>The queue <paramref name="index"/>, or null where the device has none.</summary>
    public VirtQueue? Queue(int index) => index >= 0 && index < queues.Count ? queues[index] : null;

    /// <summary>QEMU's <c>virtio_queue_notify</c>: the queue's handler runs unless it has no ring or the device is broken.</summary>
    public void NotifyQueue(int index)
    {
        if (Queue(index) is { } queue && queue.Desc != 0 && !Broken)
        {
            queue.Handler?.Invoke(queue);
        }
    }

    /// <summary>QEMU's <c>virtio_config_modern_read*</c>: bytes past the configuration read all ones.</summary>
    public uint ReadConfig(int offset, int size)
    {
        if (offset < 0 || offset + size > config.Length)
        {
            return size == 4 ? uint.MaxValue : (1U << (8 * size)) - 1;
        }

        GetConfig(config);
        uint value = 0;
        for (int i = 0; i < size; i++)
        {
            value |= (uint)config[offset + i] << (8 * i);
        }

        return value;
    }

    /// <summary>QEMU's <c>virtio_config_modern_write*</c>: the bytes, then the device's <see cref="SetConfig"/>.</summary>
    public void WriteConfig(int offset, uint value, int size)
    {
        if (offset < 0 || offset + size > config.Length)
        {
            return;
        }

        for (int i = 0; i < size; i++)
        {
            config[offset + i] = (byte)(value >> (8 * i));
        }

        SetConfig(config);
    }

    /// <summary>
    /// QEMU's <c>virtio_notify</c>: the ISR's queue bit, unless the driver suppressed the
    /// interrupt (used_event with EVENT_IDX, else the available ring's NO_INTERRUPT flag).
    /// </summary>
    internal void Notify(VirtQueue queue)
    {
        if (queue.ShouldNotify())
        {
            SetIsr((byte)(Isr | 1));
        }
    }

    /// <summary>Guest memory as the device reaches it (QEMU's <c>address_space_memory</c>).</summary>
    internal AddressSpace Memory => Context.Qdev.SystemMemory;
}
