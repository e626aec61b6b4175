using System;

namespace QomSharp.Devices.Pci.Config;

/// <summary>
/// The standard pieces of configuration space QEMU 10.0's models are built from: the bridge
/// header, MSI, MSI-X, the PCI Express capability, AER, ACS, power management, bridge subsystem
/// ids, slot numbering and Red Hat's resource-reservation capability, each with QEMU's registers
/// and write masks.
/// </summary>
public static class PciCapabilities
{
    /// <summary>Capability id: power management.</summary>
    public const byte PowerManagementId = 0x01;

    /// <summary>Capability id: MSI.</summary>
    public const byte MsiId = 0x05;

    /// <summary>Capability id: slot identification.</summary>
    public const byte SlotIdId = 0x04;

    /// <summary>Capability id: vendor specific.</summary>
    public const byte VendorId = 0x09;

    /// <summary>Capability id: SHPC.</summary>
    public const byte ShpcId = 0x0c;

    /// <summary>Capability id: bridge subsystem vendor id.</summary>
    public const byte SubsystemVendorId = 0x0d;

    /// <summary>Capability id: PCI Express.</summary>
    public const byte ExpressId = 0x10;

    /// <summary>Capability id: MSI-X.</summary>
    public const byte MsixId = 0x11;

    /// <summary>Capability id: SATA.</summary>
    public const byte SataId = 0x12;

    /// <summary>MSI control: enable.</summary>
    public const int MsiEnable = 0x1;

    /// <summary>MSI control: the multiple-message-enable field.</summary>
    public const int MsiQueueSize = 0x70;

    /// <summary>
    /// QEMU's <c>pci_init_mask_bridge</c> and <c>pci_init_w1cmask</c>/<c>pci_bridge_initfn</c>
    /// for a type 1 header: the bus numbers, windows and bridge control are writable, the
    /// secondary status has its error bits write-1-to-clear, the windows carry their type bits.
    /// </summary>
    public static void InitBridgeHeader(PciConfigSpace config)
    {
        ArgumentNullException.ThrowIfNull(config);
        byte[] w = config.WMask;
        w[PciRegisters.PrimaryBus] = 0xff;
        w[PciRegisters.SecondaryBus] = 0xff;
        w[PciRegisters.SubordinateBus] = 0xff;
        w[PciRegisters.SecondaryBus + 2] = 0xff;
        w[PciRegisters.IoBase] = 0xf0;
        w[PciRegisters.IoLimit] = 0xf0;
        PciConfigSpace.SetWord(w, PciRegisters.MemoryBase, 0xfff0);
        PciConfigSpace.SetWord(w, PciRegisters.MemoryLimit, 0xfff0);
        PciConfigSpace.SetWord(w, PciRegisters.PrefMemoryBase, 0xfff0);
        PciConfigSpace.SetWord(w, PciRegisters.PrefMemoryLimit, 0xfff0);
        PciConfigSpace.SetLong(w, PciRegisters.PrefBaseUpper, uint.MaxValue);
        PciConfigSpace.SetLong(w, PciRegisters.PrefLimitUpper, uint.MaxValue);

        // PARITY, SERR, ISA, VGA, VGA_16BIT, MASTER_ABORT, BUS_RESET, FAST_BACK, DISCARD, SEC_DISCARD, DISCARD_SERR;
        // the discard timer status is write-1-to-clear.
        PciConfigSpace.SetWord(w, PciRegisters.BridgeControl, 0x0bff);
        PciConfigSpace.SetWord(config.W1cMask, PciRegisters.BridgeControl, 0x0400);
        PciConfigSpace.SetWord(config.W1cMask, PciRegisters.SecondaryStatus, PciRegisters.StatusW1c);
        PciConfigSpace.SetWord(config.Config, PciRegisters.SecondaryStatus, PciRegisters.Status66Mhz | PciRegisters.StatusFastBack);

        // 64-bit prefetchable window; 16-bit I/O window.
        config.Config[PciRegisters.PrefMemoryBase] = 0x01;
        config.Config[PciRegisters.PrefMemoryLimit] = 0x01;
        PciConfigSpace.SetWord(config.CMask, PciRegisters.IoBase, 0xffff);
        PciConfigSpace.SetWord(config.CMask, PciRegisters.PrefMemoryBase, 0x000f);
        PciConfigSpace.SetWord(config.CMask, PciRegisters.PrefMemoryLimit, 0x000f);
    }

    /// <summary>QEMU's <c>msi_init</c>: an MSI capability with <paramref name="vectors"/> vectors; returns its offset.</summary>
    public static int AddMsi(PciConfigSpace config, int offset, int vectors, bool is64Bit, bool perVectorMask)
    {
        ArgumentNullException.ThrowIfNull(config);
        int size = 0x0a + (is64Bit ? 4 : 0) + (perVectorMask ? 10 : 0);
        offset = config.AddCapability(MsiId, offset, size);
        int log = System.Numerics.BitOperations.Log2((uint)vectors);
        int flags = (log << 1) | (is64Bit ? 0x80 : 0) | (perVectorMask ? 0x100 : 0);
        PciConfigSpace.SetWord(config.Config, offset + 2, flags);
        PciConfigSpace.SetWord(config.WMask, offset + 2, MsiQueueSize | MsiEnable);
        PciConfigSpace.SetLong(config.WMask, offset + 4, 0xfffffffc);
        int data = offset + (is64Bit ? 0x0c : 0x08);
        if (is64Bit)
        {
            PciConfigSpace.SetLong(config.WMask, offset + 8, uint.MaxValue);
        }

        PciConfigSpace.SetWord(config.WMask, data, 0xffff);
        if (perVectorMask)
        {
            PciConfigSpace.SetLong(config.WMask, data + 4, (uint)((1UL << vectors) - 1));
        }

        return offset;
    }

    /// <summary>QEMU's <c>msi_enabled</c>: whether the space has an MSI capability with its enable bit set.</summary>
    public static bool IsMsiEnabled(PciConfigSpace config)
    {
        ArgumentNullException.ThrowIfNull(config);
        byte[] c = config.Config;
        int offset = c[PciRegisters.CapabilityList];
        for (int hops = 0; offset != 0 && hops < 48; hops++)
        {
            if (c[offset] == MsiId)
            {
                return (PciConfigSpace.GetWord(c, offset + 2) & MsiEnable) != 0;
            }

            offset = c[offset + 1];
        }

        return false;
    }

    /// <summary>QEMU's <c>msi_write_config</c> on the registers: the enabled message count is clamped to the capability's.</summary>
    public static void ClampMsiQueueSize(PciConfigSpace config, int offset)
    {
        ArgumentNullException.ThrowIfNull(config);
        int flags = PciConfigSpace.GetWord(config.Config, offset + 2);
        int max = (flags >> 1) & 7;
        if (((flags & MsiQueueSize) >> 4) > max)
        {
            PciConfigSpace.SetWord(config.Config, offset + 2, (flags & ~MsiQueueSize) | (max << 4));
        }
    }

    /// <summary>QEMU's <c>msix_init</c> registers: table and PBA locations; enable and function mask writable.</summary>
    public static void AddMsix(PciConfigSpace config, int offset, int vectors, int tableBar, uint tableOffset, int pbaBar, uint pbaOffset)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.AddCapability(MsixId, offset, 12);
        PciConfigSpace.SetWord(config.Config, offset + 2, vectors - 1);
        PciConfigSpace.SetLong(config.Config, offset + 4, tableOffset | (uint)tableBar);
        PciConfigSpace.SetLong(config.Config, offset + 8, pbaOffset | (uint)pbaBar);
        PciConfigSpace.SetWord(config.WMask, offset + 2, 0xc000);
    }

    /// <summary>The bridge subsystem vendor capability (QEMU's <c>pci_bridge_ssvid_init</c>).</summary>
    public static void AddBridgeSubsystem(PciConfigSpace config, int offset, ushort vendor, ushort subsystem)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.AddCapability(SubsystemVendorId, offset, 8);
        PciConfigSpace.SetWord(config.Config, offset + 4, vendor);
        PciConfigSpace.SetWord(config.Config, offset + 6, subsystem);
    }

    /// <summary>The slot identification capability (QEMU's <c>slotid_cap_init</c>): first in chassis <paramref name="chassis"/>.</summary>
    public static void AddSlotId(PciConfigSpace config, int offset, int slots, byte chassis)
    {
        ArgumentNullException.ThrowIfNull(config);
        offset = config.AddCapability(SlotIdId, offset, 4);
        config.Config[offset + 2] = (byte)(slots | 0x20);
        config.Config[offset + 3] = chassis;
        config.WMask[offset + 3] = 0xff;
    }

    /// <summary>
    /// The SHPC capability's registers (QEMU's <c>shpc_cap_add_config</c>): the DWORD select and the
    /// data window are writable; the window reads the selected SHPC register (the base offset, 0, at
    /// reset). Returns the capability's offset.
    /// </summary>
    public static int AddShpc(PciConfigSpace config, int offset)
    {
        ArgumentNullException.ThrowIfNull(config);
        offset = config.AddCapability(ShpcId, offset, 8);
        config.WMask[offset + 2] = 0xff;
        PciConfigSpace.SetLong(config.WMask, offset + 4, 0xffffffff);
        return offset;
    }

    /// <summary>The power management capability (version 3, D0 only, read-only) QEMU's PCI Express to PCI bridge carries.</summary>
    public static void AddPowerManagement(PciConfigSpace config, int offset)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.AddCapability(PowerManagementId, offset, 8);
        PciConfigSpace.SetWord(config.Config, offset + 2, 0x0003);
    }

    /// <summary>
    /// Red Hat's resource-reservation capability (QEMU's <c>pci_bridge_qemu_reserve_cap_init</c>),
    /// added only when a reservation is set.
    /// </summary>
    public static void AddResourceReserve(PciConfigSpace config, PciResourceReserve reserve)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (reserve.Bus == uint.MaxValue && reserve.Io == PciResourceReserve.Unset && reserve.Memory == PciResourceReserve.Unset
            && reserve.Prefetchable32 == PciResourceReserve.Unset && reserve.Prefetchable64 == PciResourceReserve.Unset)
        {
            return;
        }

        int offset = config.AddCapability(VendorId, 0, 0x20);
        config.Config[offset + 2] = 0x20;
        config.Config[offset + 3] = 1;
        PciConfigSpace.SetLong(config.Config, offset + 4, reserve.Bus);
        PciConfigSpace.SetQuad(config.Config, offset + 8, reserve.Io);
        PciConfigSpace.SetLong(config.Config, offset + 16, (uint)reserve.Memory);
        PciConfigSpace.SetLong(config.Config, offset + 20, (uint)reserve.Prefetchable32);
        PciConfigSpace.SetQuad(config.Config, offset + 24, reserve.Prefetchable64);
    }
}
