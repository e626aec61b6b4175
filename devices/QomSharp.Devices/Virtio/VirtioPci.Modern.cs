using System.Collections.Generic;
using QomSharp.Devices.Pci;
using QomSharp.Devices.Pci.Config;
using QomSharp.Memory;

namespace QomSharp.Devices.Virtio;

/// <summary>
/// The modern (virtio 1) PCI transport of QEMU 10.0 (hw/virtio/virtio-pci.c) for a proxy whose
/// backend is modelled (<see cref="VirtioBackend"/>): the common configuration structure, the ISR,
/// the device configuration and the notify area in the 64-bit BAR4 once the guest programs and
/// enables it, and the bus master rule (a device whose function may not master is disabled).
/// There is no MSI-X: every vector reads <c>VIRTIO_NO_VECTOR</c>.
/// </summary>
public abstract partial class VirtioPci
{
    // The modern interface's BAR (QEMU's modern_mem_bar_idx).
    private const int ModernBarIndex = 4;


    // The common configuration fields (struct virtio_pci_common_cfg).
    private const int DeviceFeatureSelect = 0x00, DeviceFeature = 0x04, GuestFeatureSelect = 0x08, GuestFeature = 0x0c, MsixConfig = 0x10,
        NumQueues = 0x12, DeviceStatus = 0x14, ConfigGeneration = 0x15, QueueSelectField = 0x16, QueueSize = 0x18, QueueMsixVector = 0x1a,
        QueueEnable = 0x1c, QueueNotifyOff = 0x1e, QueueDescLo = 0x20, QueueDescHi = 0x24, QueueAvailLo = 0x28, QueueAvailHi = 0x2c,
        QueueUsedLo = 0x30, QueueUsedHi = 0x34, QueueResetField = 0x3a;

    private uint deviceFeatureSelect;
    private uint guestFeatureSelect;
    private readonly uint[] guestFeatures = new uint[2];
    private Dictionary<int, ProxyQueue>? proxyQueues;
    private readonly List<MemoryRegion> modernPieces = [];

    /// <summary>The virtio device whose transport this proxy models, if any (null: the BAR has no callbacks).</summary>
    protected virtual VirtioDevice? VirtioBackend => null;

    /// <summary>Where the modern BAR is mapped, or null while it is not.</summary>
    public ulong? ModernBarAddress => BarAddress(ModernBarIndex) is var address && address == BarUnmapped ? null : address;

    private ProxyQueue QueueState(int index)
    {
        proxyQueues ??= [];
        if (!proxyQueues.TryGetValue(index, out ProxyQueue? state))
        {
            state = new ProxyQueue();
            proxyQueues.Add(index, state);
        }

        return state;
    }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>virtio_write_config</c>: the BAR follows, and clearing bus mastering disables the device and drops DRIVER_OK.</remarks>
    protected override void WriteConfig(PciConfigSpace config, int address, uint value, int length)
    {
        base.WriteConfig(config, address, value, length);
        if (VirtioBackend is not { } device)
        {
            return;
        }

        bool coversCommand = address <= PciRegisters.Command && address + length > PciRegisters.Command;

        if (coversCommand)
        {
            if ((config.Config[PciRegisters.Command] & PciRegisters.CommandMaster) == 0)
            {
                device.SetDisabled(true);
                device.SetStatus((byte)(device.Status & ~VirtioDevice.StatusDriverOk));
            }
            else
            {
                device.SetDisabled(false);
            }
        }

        if (ConfigAccessData(config, address, length) is int data)
        {
            AccessThroughConfig(config, data, write: true);
        }
    }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>virtio_read_config</c>: a read touching the access capability's data performs the BAR access it describes first.</remarks>
    protected override uint ReadConfig(PciConfigSpace config, int address, int length)
    {
        if (VirtioBackend is not null && ConfigAccessData(config, address, length) is int data)
        {
            AccessThroughConfig(config, data, write: false);
        }

        return base.ReadConfig(config, address, length);
    }

    // Where the data field of the PCI configuration access capability (VIRTIO_PCI_CAP_PCI_CFG) is,
    // when [address, address + length) overlaps it.
    private int? ConfigAccessData(PciConfigSpace config, int address, int length)
    {
        if (VirtioBackend is null)
        {
            return null;
        }

        int at = config.Config[PciRegisters.CapabilityList];
        for (int guard = 0; at >= PciConfigSpace.HeaderSize && at < PciConfigSpace.ConventionalSize - 20 && guard < 48; guard++)
        {
            if (config.Config[at] == PciCapabilities.VendorId && config.Config[at + 3] == ConfigAccessType)
            {
                int data = at + 16;
                return address < data + 4 && address + length > data ? data : null;
            }

            at = config.Config[at + 1];
        }

        return null;
    }

    private const byte ConfigAccessType = 5;

    // QEMU's virtio_address_space_read/write: an access of the capability's length (1, 2 or 4) at its
    // offset, aligned down, when it lies within one of the four structures; the BAR field is not consulted.
    private void AccessThroughConfig(PciConfigSpace config, int data, bool write)
    {
        uint offset = PciConfigSpace.GetLong(config.Config, data - 8);
        uint length = PciConfigSpace.GetLong(config.Config, data - 4);
        if (length is not (1 or 2 or 4) || modernPieces.Count == 0)
        {
            return;
        }

        offset &= ~(length - 1);
        ulong piece = offset / ModernCapabilitySize;
        if (piece >= (ulong)modernPieces.Count || (offset % ModernCapabilitySize) + length > ModernCapabilitySize
            || modernPieces[(int)piece].Ops is not { } ops)
        {
            return;
        }

        ulong at = offset % ModernCapabilitySize;
        if (write)
        {
            ops.Write(at, config.Read(data, (int)length), (int)length);
        }
        else
        {
            uint value = (uint)ops.Read(at, (int)length);
            for (int i = 0; i < length; i++)
            {
                config.Config[data + i] = (byte)(value >> (8 * i));
            }
        }
    }

    // QEMU's virtio_pci_notify without MSI-X: the INTx level is the ISR's queue bit, shown in the
    // status register's interrupt bit.
    private void UpdateInterruptStatus()
    {
        if (VirtioBackend is not { } device)
        {
            return;
        }

        byte[] bytes = ConfigSpace.Config;
        bytes[PciRegisters.Status] = (byte)((device.Isr & 1) != 0 ? bytes[PciRegisters.Status] | InterruptStatus : bytes[PciRegisters.Status] & ~InterruptStatus);
    }

    private const int InterruptStatus = 0x08;

    // QEMU's virtio_pci_reset for the transport's own state, after the device's reset.
    private void ResetTransport()
    {
        VirtioBackend?.ResetVirtio();
        proxyQueues = null;
    }

    private uint ReadCommon(int offset)
    {
        VirtioDevice device = VirtioBackend!;
        int select = device.QueueSelect;
        VirtQueue? queue = device.Queue(select);
        ProxyQueue? state = proxyQueues is not null && proxyQueues.TryGetValue(select, out ProxyQueue? s) ? s : null;
        switch (offset)
        {
            case DeviceFeatureSelect:
                return deviceFeatureSelect;
            case DeviceFeature:
                return deviceFeatureSelect <= 1 ? (uint)((device.HostFeatures & ~VirtioDevice.LegacyFeatures) >> (32 * (int)deviceFeatureSelect)) : 0;
            case GuestFeatureSelect:
                return guestFeatureSelect;
            case GuestFeature:
                return guestFeatureSelect < 2 ? guestFeatures[guestFeatureSelect] : 0;
            case MsixConfig:
                return device.ConfigVector;
            case NumQueues:
                return (uint)device.VirtioQueueCount;
            case DeviceStatus:
                return device.Status;
            case ConfigGeneration:
                return device.Generation;
            case QueueSelectField:
                return device.QueueSelect;
            case QueueSize:
                return queue?.Num ?? 0;
            case QueueMsixVector:
                return queue?.Vector ?? VirtioDevice.NoVector;
            case QueueEnable:
                return state?.Enabled ?? 0;
            case QueueNotifyOff:
                return device.QueueSelect;
            case QueueDescLo:
                return (uint)(state?.Desc ?? 0);
            case QueueDescHi:
                return (uint)((state?.Desc ?? 0) >> 32);
            case QueueAvailLo:
                return (uint)(state?.Avail ?? 0);
            case QueueAvailHi:
                return (uint)((state?.Avail ?? 0) >> 32);
            case QueueUsedLo:
                return (uint)(state?.Used ?? 0);
            case QueueUsedHi:
                return (uint)((state?.Used ?? 0) >> 32);
            case QueueResetField:
                return device.HasGuestFeature(VirtioDevice.FeatureRingReset) ? state?.Reset ?? 0 : 0;
            default:
                return 0;
        }
    }

    private void WriteCommon(int offset, uint value)
    {
        VirtioDevice device = VirtioBackend!;
        int select = device.QueueSelect;
        switch (offset)
        {
            case DeviceFeatureSelect:
                deviceFeatureSelect = value;
                break;
            case GuestFeatureSelect:
                guestFeatureSelect = value;
                break;
            case GuestFeature:
                if (guestFeatureSelect < 2)
                {
                    guestFeatures[guestFeatureSelect] = value;
                    device.SetFeatures(((ulong)guestFeatures[1] << 32) | guestFeatures[0]);
                }

                break;
            case MsixConfig:
                device.ConfigVector = VirtioDevice.NoVector;
                break;
            case DeviceStatus:
                device.SetStatus((byte)value);
                if (device.Status == 0)
                {
                    ResetTransport();
                }

                break;
            case QueueSelectField:
                if (value < VirtioDevice.QueueMax)
                {
                    device.QueueSelect = (ushort)value;
                }

                break;
            case QueueSize:
                QueueState(select).Num = value;
                device.Queue(select)?.SetNum((int)value);
                break;
            case QueueMsixVector:
                if (device.Queue(select) is { } vectorQueue)
                {
                    vectorQueue.Vector = VirtioDevice.NoVector;
                }

                break;
            case QueueEnable:
                if (value == 1)
                {
                    ProxyQueue state = QueueState(select);
                    if (device.Queue(select) is { } queue)
                    {
                        queue.SetNum((int)state.Num);
                        queue.SetRings(state.Desc, state.Avail, state.Used);
                    }

                    state.Enabled = 1;
                }
                else
                {
                    device.Error($"wrong value for queue_enable {value:x}");
                }

                break;
            case QueueDescLo:
                QueueState(select).Desc = SetLow(QueueState(select).Desc, value);
                break;
            case QueueDescHi:
                QueueState(select).Desc = SetHigh(QueueState(select).Desc, value);
                break;
            case QueueAvailLo:
                QueueState(select).Avail = SetLow(QueueState(select).Avail, value);
                break;
            case QueueAvailHi:
                QueueState(select).Avail = SetHigh(QueueState(select).Avail, value);
                break;
            case QueueUsedLo:
                QueueState(select).Used = SetLow(QueueState(select).Used, value);
                break;
            case QueueUsedHi:
                QueueState(select).Used = SetHigh(QueueState(select).Used, value);
                break;
            case QueueResetField:
                if (value == 1 && device.HasGuestFeature(VirtioDevice.FeatureRingReset))
                {
                    device.Queue(select)?.Reset();
                    QueueState(select).Enabled = 0;
                    QueueState(select).Reset = 0;
                }

                break;
            default:
                break;
        }
    }

    private static ulong SetLow(ulong current, uint value) => (current & 0xffff_ffff_0000_0000) | value;

    private static ulong SetHigh(ulong current, uint value) => (current & 0xffff_ffff) | ((ulong)value << 32);

    // QEMU's per-queue proxy state (VirtIOPCIQueue): what the driver wrote, applied at queue_enable.
    private sealed class ProxyQueue
    {
        public uint Num;
        public uint Enabled;
        public uint Reset;
        public ulong Desc;
        public ulong Avail;
        public ulong Used;
    }

    // The callbacks of the four BAR pieces: accesses of 1, 2 or 4 bytes; wider ones split in dwords (impl.max_access_size 4).
    private sealed class ModernOps(VirtioPci proxy, int kind) : IMemoryRegionOps
    {
        public ulong Read(ulong offset, int size)
        {
            if (size == 8)
            {
                return Read(offset, 4) | (Read(offset + 4, 4) << 32);
            }

            VirtioDevice device = proxy.VirtioBackend!;
            uint mask = size == 4 ? uint.MaxValue : (1U << (8 * size)) - 1;
            return kind switch
            {
                0 => proxy.ReadCommon((int)offset) & mask,
                1 => device.TakeIsr(),
                2 => device.ReadConfig((int)offset, size),
                _ => 0,
            };
        }

        public void Write(ulong offset, ulong value, int size)
        {
            if (size == 8)
            {
                Write(offset, value & uint.MaxValue, 4);
                Write(offset + 4, value >> 32, 4);
                return;
            }

            VirtioDevice device = proxy.VirtioBackend!;
            uint v = (uint)value;
            switch (kind)
            {
                case 0:
                    proxy.WriteCommon((int)offset, v);
                    break;
                case 2:
                    device.WriteConfig((int)offset, v, size);
                    break;
                case 3:
                    // QEMU's virtio_pci_notify_write: the queue is the offset over the 4-byte multiplier.
                    if (offset / 4 < VirtioDevice.QueueMax)
                    {
                        device.NotifyQueue((int)(offset / 4));
                    }

                    break;
                default:
                    break;
            }
        }
    }
}
