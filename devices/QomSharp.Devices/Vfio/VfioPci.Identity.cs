using System.Collections.Generic;
using System.Linq;
using QomSharp.Devices.Host;
using QomSharp.Monitor;

namespace QomSharp.Devices.Vfio;

/// <summary>
/// What the guest sees of the assigned function's configuration space, as QEMU 10.0's vfio-pci sets
/// it up at realize: the host function's ids, class, interrupt pin and BARs, with the
/// <c>x-pci-*-id</c> overrides applied, and a ROM BAR the size of the host's ROM unless
/// <c>romfile</c> or <c>rombar=0</c> says otherwise.
/// </summary>
public partial class VfioPci
{
    // QEMU's PCI_ANY_ID: the override properties' "not given".
    private const uint NoOverride = uint.MaxValue;

    // Functions whose option ROM QEMU does not expose unless asked to (Broadcom BCM57810).
    private static readonly (ushort Vendor, ushort Device)[] RomDenylist = [(0x14e4, 0x168e)];

    /// <summary>
    /// The identity the guest sees, once realized: vendor and device ids (overrides applied), subsystem
    /// ids, class code and interrupt pin; null before realize. A mediated device's come from its own
    /// description (its vendor driver's configuration space), its ids defaulting to its parent's.
    /// </summary>
    public PciIds? GuestIds { get; private set; }

    private HostPciConfig? guestConfig;

    // QEMU's vfio_pci_config_setup (the id overrides) and vfio_pci_size_rom, run after the attach.
    private void SetUpConfig(VfioDevice device, string prefix)
    {
        HostPciDevice host = device.HostDevice;

        // QEMU reads the ids and the rest from the VFIO device's config region: for an mdev, what its
        // vendor driver emulates, not the parent function's.
        HostPciConfig? config = device.Mdev is { } mdev ? mdev.Config : host.Config;
        ushort hostVendor = device.Mdev?.VendorId ?? host.VendorId;
        ushort hostDevice = device.Mdev?.DeviceId ?? host.DeviceId;
        if (PciVendorId != NoOverride && PciVendorId >= 0xffff)
        {
            // 0xffff is what an absent function reads as: no vendor may have it.
            throw new QomException(prefix + "invalid PCI vendor ID provided");
        }

        if (PciDeviceId != NoOverride && PciDeviceId > 0xffff)
        {
            throw new QomException(prefix + "invalid PCI device ID provided");
        }

        if (PciSubVendorId != NoOverride && PciSubVendorId > 0xffff)
        {
            throw new QomException(prefix + "invalid PCI subsystem vendor ID provided");
        }

        if (PciSubDeviceId != NoOverride && PciSubDeviceId > 0xffff)
        {
            throw new QomException(prefix + "invalid PCI subsystem device ID provided");
        }

        ushort vendor = PciVendorId != NoOverride ? (ushort)PciVendorId : hostVendor;
        ushort deviceId = PciDeviceId != NoOverride ? (ushort)PciDeviceId : hostDevice;
        ushort subVendor = PciSubVendorId != NoOverride ? (ushort)PciSubVendorId : config?.SubsystemVendorId ?? 0;
        ushort subDevice = PciSubDeviceId != NoOverride ? (ushort)PciSubDeviceId : config?.SubsystemId ?? 0;
        GuestIds = new PciIds(vendor, deviceId, subVendor, subDevice);
        guestConfig = config;
        RomBarSize = SizeRom(device, config, vendor, deviceId);
        if (config is not null)
        {
            guestConfig = config with { Bars = SetUpMsix(config, vendor, deviceId, prefix) };
        }
    }

    // The ROM BAR QEMU gives the function: none when romfile is given (the PCI core loads that) or
    // rombar=0, else the host ROM's size; a denylisted function's ROM only with a positive rombar.
    private ulong SizeRom(VfioDevice device, HostPciConfig? config, ushort vendor, ushort deviceId)
    {
        bool denylisted = RomDenylist.Contains((vendor, deviceId));
        if (RomFile is not null || RomBar == 0)
        {
            if (denylisted && RomFile is not null)
            {
                Context.Qdev.ReportWarning($"Device at {device.Name} is known to cause system instability issues during option rom execution\n"
                    + "Proceeding anyway since user specified romfile\n");
            }

            return 0;
        }

        ulong size = config?.RomSize ?? 0;
        if (size == 0)
        {
            return 0;
        }

        if (denylisted)
        {
            if (RomBar <= 0)
            {
                Context.Qdev.ReportWarning($"Rom loading for device at {device.Name} has been disabled due to system instability issues\n"
                    + "Specify rombar=1 or romfile to force\n");
                return 0;
            }

            Context.Qdev.ReportWarning($"Device at {device.Name} is known to cause system instability issues during option rom execution\n"
                + "Proceeding anyway since user specified positive value for rombar\n");
        }

        return size;
    }

    /// <summary>The assigned function as <c>query-pci</c> lists it; null before realize.</summary>
    internal PciFunctionInfo? DescribeAssigned(int bus, int slot, int function)
    {
        if (GuestIds is not { } ids)
        {
            return null;
        }

        // A host description without configuration gives the ids alone: class 0, no pin, no BARs.
        var regions = new List<PciRegionInfo>();
        foreach (HostPciBar bar in guestConfig?.Bars ?? [])
        {
            regions.Add(new PciRegionInfo(bar.Index, bar.IsIo, bar.Size, bar.Prefetchable, bar.Is64Bit));
        }

        return new PciFunctionInfo(bus, slot, function, guestConfig?.ClassAndSubclass ?? 0, ids, guestConfig?.InterruptPin ?? 0,
            Id ?? string.Empty, regions, null);
    }
}
