using System;

namespace QomSharp.Devices.Pci.Config;

/// <summary>
/// The PCI Express capability (version 2) and the extended capabilities QEMU 10.0's ports and
/// bridges carry (AER, ACS), with QEMU's reset values and write masks.
/// </summary>
public static class PciExpressCapabilities
{
    /// <summary>Device/port type: root port.</summary>
    public const int TypeRootPort = 0x4;

    /// <summary>Device/port type: PCI Express to PCI bridge.</summary>
    public const int TypePciBridge = 0x7;

    /// <summary>The size of a version 2 PCI Express capability.</summary>
    public const int Version2Size = 0x3c;

    /// <summary>Device control (offset in the capability).</summary>
    public const int DeviceControl = 0x08;

    /// <summary>Slot capabilities.</summary>
    public const int SlotCapabilities = 0x14;

    /// <summary>Slot control.</summary>
    public const int SlotControl = 0x18;

    /// <summary>Slot status.</summary>
    public const int SlotStatus = 0x1a;

    /// <summary>Link capabilities.</summary>
    public const int LinkCapabilities = 0x0c;

    /// <summary>Link status.</summary>
    public const int LinkStatus = 0x12;

    /// <summary>Link capabilities: data link layer link active reporting capable.</summary>
    public const uint LinkCapabilityActiveReporting = 0x0010_0000;

    /// <summary>Link status: data link layer link active.</summary>
    public const int LinkStatusActive = 0x2000;

    /// <summary>Slot capabilities: power controller present.</summary>
    public const uint SlotCapabilityPowerController = 0x2;

    /// <summary>Slot capabilities: hot-plug capable.</summary>
    public const int SlotCapabilityHotplugCapable = 0x40;

    /// <summary>Slot control: the power indicator field.</summary>
    public const int SlotControlPowerIndicator = 0x300;

    /// <summary>Power indicator: blinking.</summary>
    public const int PowerIndicatorBlink = 0x200;

    /// <summary>Power indicator: off.</summary>
    public const int PowerIndicatorOff = 0x300;

    /// <summary>Slot control: power controller control (set: power off).</summary>
    public const int SlotControlPowerOff = 0x400;

    /// <summary>Slot control: electromechanical interlock control.</summary>
    public const int SlotControlInterlock = 0x800;

    /// <summary>Slot status: attention button pressed.</summary>
    public const int SlotStatusAttentionButton = 0x1;

    /// <summary>Slot status: presence detect changed.</summary>
    public const int SlotStatusPresenceChanged = 0x8;

    /// <summary>Slot status: command completed.</summary>
    public const int SlotStatusCommandCompleted = 0x10;

    /// <summary>Slot status: presence detect state.</summary>
    public const int SlotStatusPresent = 0x40;

    /// <summary>Slot status: electromechanical interlock status.</summary>
    public const int SlotStatusInterlock = 0x80;

    // The slot's events (button, power fault, MRL sensor, presence, command completed).
    private const int SlotEvents = 0x1f;

    /// <summary>Extended capability id: AER.</summary>
    public const ushort AerId = 0x0001;

    /// <summary>Extended capability id: ACS.</summary>
    public const ushort AcsId = 0x000d;

    /// <summary>The size of the AER capability.</summary>
    public const int AerSize = 0x48;

    // PCIE_AER_UNC_SUPPORTED and the correctable errors QEMU reports.
    private const uint UncorrectableSupported = 0x03fff030;
    private const uint CorrectableSupported = 0xf1c1;

    /// <summary>
    /// QEMU's <c>pcie_cap_init</c> with <c>pcie_cap_deverr_init</c> and the link fields: a version
    /// 2 capability of <paramref name="type"/>; <paramref name="speed"/> is the link speed code (1:
    /// 2.5 GT/s ... 6: 64 GT/s), <paramref name="width"/> the lane count.
    /// </summary>
    public static int AddExpress(PciConfigSpace config, int offset, int type, byte port, int speed, int width, bool extendedTag)
    {
        ArgumentNullException.ThrowIfNull(config);
        offset = config.AddCapability(PciCapabilities.ExpressId, offset, Version2Size);
        byte[] c = config.Config;
        PciConfigSpace.SetWord(c, offset + 2, (type << 4) | 2);

        // Role-based error reporting; the extended tag field unless the compat knob is off.
        PciConfigSpace.SetLong(c, offset + 4, 0x8000u | (extendedTag ? 0x20u : 0));
        PciConfigSpace.SetWord(config.WMask, offset + DeviceControl, 0x000f);
        PciConfigSpace.SetWord(config.W1cMask, offset + DeviceControl + 2, 0x000f);

        // Link: L0s, the width and speed; above 2.5 GT/s also DLL-active and bandwidth notification
        // reporting, the supported speeds vector and the target speed.
        uint linkCap = ((uint)port << 24) | 0x400 | ((uint)width << 4) | (uint)speed;
        if (speed > 1)
        {
            linkCap |= 0x0030_0000;
            PciConfigSpace.SetLong(c, offset + 0x2c, (uint)((1 << (speed + 1)) - 2));
            PciConfigSpace.SetWord(c, offset + 0x30, speed);
        }

        PciConfigSpace.SetLong(c, offset + 0x0c, linkCap);
        PciConfigSpace.SetWord(c, offset + 0x12, (width << 4) | speed);

        // Device capabilities 2: ARI forwarding, extended fmt field and end-end TLP prefixes.
        PciConfigSpace.SetLong(c, offset + 0x24, 0x0030_0020);
        PciConfigSpace.SetWord(config.WMask, offset + 0x28, 0x8020);
        return offset;
    }

    /// <summary>
    /// QEMU's <c>pcie_cap_slot_init</c>: slot <paramref name="slot"/> with attention button and
    /// indicators, hot-plug when <paramref name="hotplug"/>, a power controller when
    /// <paramref name="powerController"/>; as <c>pcie_cap_slot_reset</c> leaves it: both indicators
    /// off and, with a power controller, power off unless the slot is <paramref name="populated"/>.
    /// </summary>
    public static void AddSlot(PciConfigSpace config, int offset, ushort slot, bool hotplug, bool powerController, bool populated)
    {
        ArgumentNullException.ThrowIfNull(config);
        byte[] c = config.Config;
        PciConfigSpace.SetWord(c, offset + 2, PciConfigSpace.GetWord(c, offset + 2) | 0x100);
        uint cap = ((uint)slot << 19) | 0x20000 | 0x1 | 0x8 | 0x10;
        if (hotplug)
        {
            cap |= 0x20 | 0x40;
        }

        if (powerController)
        {
            cap |= 0x2;
        }

        PciConfigSpace.SetLong(c, offset + SlotCapabilities, cap);
        PciConfigSpace.SetWord(c, offset + SlotControl, 0x3c0 | (powerController && !populated ? 0x400 : 0));

        // Button, presence, completion and hot-plug interrupt enables, the indicators, power control
        // (the interlock control reads 0: writing it toggles the interlock); the events are write-1-to-clear.
        PciConfigSpace.SetWord(config.WMask, offset + SlotControl, 0x1 | 0x8 | 0x10 | 0x20 | 0x3c0 | (powerController ? 0x400 : 0));
        PciConfigSpace.SetWord(config.W1cMask, offset + SlotStatus, 0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x100);
    }

    /// <summary>
    /// QEMU's <c>pcie_cap_slot_write_config</c> on the registers, after the masked write of the raw
    /// <paramref name="value"/> (<paramref name="length"/> bytes at <paramref name="address"/>) changed
    /// them from <paramref name="oldControl"/> and <paramref name="oldStatus"/>: clearing events that
    /// were not set puts the events back; writing the interlock control toggles the interlock status.
    /// Returns whether the guest just turned a present slot's indicator and power off (its functions
    /// are to go). The caller completes the command (<see cref="SlotEvent"/>) when the write touched
    /// the slot control.
    /// </summary>
    public static bool SlotWrite(PciConfigSpace config, int offset, int oldControl, int oldStatus, int address, uint value, int length)
    {
        ArgumentNullException.ThrowIfNull(config);
        byte[] c = config.Config;
        int status = PciConfigSpace.GetWord(c, offset + SlotStatus);
        if (address < offset + SlotStatus + 2 && offset + SlotStatus < address + length)
        {
            // QEMU tests the written value as it came, whatever its offset.
            if ((value & ~(uint)oldStatus & SlotEvents) != 0)
            {
                status = (status & ~SlotEvents) | (oldStatus & SlotEvents);
                PciConfigSpace.SetWord(c, offset + SlotStatus, status);
            }
        }

        if (!(address < offset + SlotControl + 2 && offset + SlotControl < address + length))
        {
            return false;
        }

        int control = offset + SlotControl;
        uint written = address <= control ? value >> (8 * (control - address)) : value << (8 * (address - control));
        if ((written & SlotControlInterlock) != 0)
        {
            status ^= SlotStatusInterlock;
            PciConfigSpace.SetWord(c, offset + SlotStatus, status);
        }

        return (status & SlotStatusPresent) != 0 && (value & SlotControlPowerOff) != 0
            && (value & PowerIndicatorOff) == PowerIndicatorOff
            && ((oldControl & SlotControlPowerOff) == 0 || (oldControl & PowerIndicatorOff) != PowerIndicatorOff);
    }

    /// <summary>QEMU's <c>pcie_cap_slot_event</c>: sets the event bits in the slot status (the interrupt is not modelled).</summary>
    public static void SlotEvent(PciConfigSpace config, int offset, int events)
    {
        ArgumentNullException.ThrowIfNull(config);
        PciConfigSpace.SetWord(config.Config, offset + SlotStatus, PciConfigSpace.GetWord(config.Config, offset + SlotStatus) | events);
    }

    /// <summary>QEMU's <c>pcie_cap_slot_reset</c> on a populated slot with a power controller: the power is on.</summary>
    public static void PowerOnAtReset(PciConfigSpace config, int offset)
    {
        ArgumentNullException.ThrowIfNull(config);
        byte[] c = config.Config;
        if ((PciConfigSpace.GetLong(c, offset + SlotCapabilities) & 0x2) != 0)
        {
            PciConfigSpace.SetWord(c, offset + SlotControl, PciConfigSpace.GetWord(c, offset + SlotControl) & ~SlotControlPowerOff);
        }
    }

    /// <summary>
    /// A function came into the slot (QEMU's plug callback): presence detected, and the link active
    /// when the function keeps <c>x-pcie-lnksta-dllla</c> (<paramref name="functionLinkActive"/>) or
    /// the port reports link activity.
    /// </summary>
    public static void SetPresent(PciConfigSpace config, int offset, bool functionLinkActive)
    {
        ArgumentNullException.ThrowIfNull(config);
        byte[] c = config.Config;
        PciConfigSpace.SetWord(c, offset + SlotStatus, PciConfigSpace.GetWord(c, offset + SlotStatus) | SlotStatusPresent);
        if (functionLinkActive || (PciConfigSpace.GetLong(c, offset + LinkCapabilities) & LinkCapabilityActiveReporting) != 0)
        {
            PciConfigSpace.SetWord(c, offset + LinkStatus, PciConfigSpace.GetWord(c, offset + LinkStatus) | LinkStatusActive);
        }
    }

    /// <summary>
    /// The slot was emptied (QEMU's <c>pcie_cap_slot_do_unplug</c>): no presence, presence changed,
    /// and the link down when the port reports link activity (or keeps <c>x-pcie-lnksta-dllla</c>,
    /// <paramref name="portLinkActive"/>).
    /// </summary>
    public static void SetAbsent(PciConfigSpace config, int offset, bool portLinkActive)
    {
        ArgumentNullException.ThrowIfNull(config);
        byte[] c = config.Config;
        PciConfigSpace.SetWord(c, offset + SlotStatus, (PciConfigSpace.GetWord(c, offset + SlotStatus) & ~SlotStatusPresent) | SlotStatusPresenceChanged);
        if (portLinkActive || (PciConfigSpace.GetLong(c, offset + LinkCapabilities) & LinkCapabilityActiveReporting) != 0)
        {
            PciConfigSpace.SetWord(c, offset + LinkStatus, PciConfigSpace.GetWord(c, offset + LinkStatus) & ~LinkStatusActive);
        }
    }

    /// <summary>QEMU's <c>pcie_cap_root_init</c>: the system error enables are writable.</summary>
    public static void InitRoot(PciConfigSpace config, int offset)
    {
        ArgumentNullException.ThrowIfNull(config);
        PciConfigSpace.SetWord(config.WMask, offset + 0x1c, 0x7);
        PciConfigSpace.SetLong(config.W1cMask, offset + 0x20, 0x10000);
    }

    /// <summary>
    /// QEMU's <c>pcie_aer_init</c> (and <c>pcie_aer_root_init</c> for a root port): the error
    /// status, mask and severity registers; internal errors and TLP-prefix blocking masked, the
    /// mask writable, unless the compat knob leaves the mask register unimplemented (zero, read-only).
    /// </summary>
    public static void AddAer(PciConfigSpace config, int offset, bool multipleHeaders, bool uncorrectableMask, bool root)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.AddExtendedCapability(AerId, 2, offset, AerSize);
        byte[] c = config.Config;
        PciConfigSpace.SetLong(config.W1cMask, offset + 0x04, UncorrectableSupported);
        if (uncorrectableMask)
        {
            PciConfigSpace.SetLong(c, offset + 0x08, 0x0240_0000);
            PciConfigSpace.SetLong(config.WMask, offset + 0x08, UncorrectableSupported);
        }

        PciConfigSpace.SetLong(c, offset + 0x0c, 0x0046_2030);
        PciConfigSpace.SetLong(config.WMask, offset + 0x0c, UncorrectableSupported);
        PciConfigSpace.SetLong(config.W1cMask, offset + 0x10, CorrectableSupported);
        PciConfigSpace.SetLong(c, offset + 0x14, 0xe000);
        PciConfigSpace.SetLong(config.WMask, offset + 0x14, CorrectableSupported);

        // ECRC generation and checking capable; multiple header recording with a log of more than one.
        PciConfigSpace.SetLong(c, offset + 0x18, 0xa0u | (multipleHeaders ? 0x200u : 0));
        PciConfigSpace.SetLong(config.WMask, offset + 0x18, 0x140u | (multipleHeaders ? 0x400u : 0));
        if (root)
        {
            PciConfigSpace.SetLong(config.WMask, offset + 0x2c, 0x7);
            PciConfigSpace.SetLong(config.W1cMask, offset + 0x30, 0x7f);
        }
    }

    /// <summary>QEMU's <c>pcie_acs_init</c> for a downstream port: the ACS controls it offers are writable.</summary>
    public static void AddAcs(PciConfigSpace config, int offset)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.AddExtendedCapability(AcsId, 1, offset, 8);
        PciConfigSpace.SetWord(config.Config, offset + 4, 0x5f);
        PciConfigSpace.SetWord(config.WMask, offset + 6, 0x5f);
    }
}
