using System;

namespace QomSharp.Devices.Pci.Config;

/// <summary>
/// Configuration cycles from the host bridge to the functions below a root bus, as QEMU's
/// <c>pci_host_config_read_common</c>/<c>_write_common</c> route them: bus 0 is the root bus, a
/// higher number is a bridge's secondary bus numbered so, found through the bridges whose
/// secondary..subordinate range (as the guest programmed it) holds it; an absent function reads all ones, as does an offset past its space,
/// an unpowered function and a hot-plugged function without its function 0 (writes to those are
/// dropped).
/// </summary>
public sealed class PciConfigAccess(PciBus root)
{
    /// <summary>Reads <paramref name="length"/> bytes at <paramref name="register"/> of bus:devfn, limited to <paramref name="limit"/> bytes of space.</summary>
    public uint Read(int bus, int devfn, int register, int length, int limit)
    {
        if (Find(bus, devfn) is not { IsConfigVisible: true } device)
        {
            return uint.MaxValue;
        }

        PciConfigSpace space = device.ConfigSpace;
        limit = Math.Min(limit, space.Size);
        if (register >= limit)
        {
            return uint.MaxValue;
        }

        return device.ReadConfigSpace(register, Math.Min(length, limit - register));
    }

    /// <summary>Writes <paramref name="length"/> bytes at <paramref name="register"/> of bus:devfn, limited to <paramref name="limit"/> bytes of space.</summary>
    public void Write(int bus, int devfn, int register, uint value, int length, int limit)
    {
        if (Find(bus, devfn) is not { IsConfigVisible: true } device)
        {
            return;
        }

        limit = Math.Min(limit, device.ConfigSpace.Size);
        if (register < limit)
        {
            device.WriteConfigSpace(register, value, Math.Min(length, limit - register));
        }
    }

    // QEMU's pci_find_device: the function at devfn of the bus numbered so, found from the root bus.
    private PciDevice? Find(int bus, int devfn) => root.FindBus(bus)?[devfn];
}
