using QomSharp.Devices.Machines;
using QomSharp.Devices.Pci.Config;

namespace QomSharp.Devices.Pci;

public abstract partial class PciDevice : IResetDevice
{
    // A machine reset: the function's own reset, then its bus's (QEMU's pcibus_reset_hold, whose
    // hold phase follows the devices' own).
    void IResetDevice.Reset()
    {
        bool wasMaster = IsBusMaster;
        ResetFunction();
        DeassertIntx();
        ResetConfigHeader();
        MsiReset();
        UpdateMappings();
        SyncIntxDisabled();
        UpdateBusMasterEnable(wasMaster);
    }

    /// <summary>The function's own reset (QEMU's device reset), before the header's (<see cref="ResetConfigHeader"/>).</summary>
    protected virtual void ResetFunction()
    {
    }

    /// <summary>
    /// QEMU's <c>pci_do_device_reset</c>: the writable and write-1-to-clear bits of the command and
    /// status registers and of the interrupt line cleared, the cache line size 0, each BAR back to
    /// its type bits (its address bits, the writable ones, cleared).
    /// </summary>
    private static readonly int[] ResetClearedRegisters =
        [PciRegisters.Command, PciRegisters.Command + 1, PciRegisters.Status, PciRegisters.Status + 1, PciRegisters.InterruptLine];

    private static readonly int[] BridgeBarRegisters = [0x10, 0x14, PciRegisters.BridgeRomAddress];

    private static readonly int[] EndpointBarRegisters = [0x10, 0x14, 0x18, 0x1c, 0x20, 0x24, PciRegisters.RomAddress];

    private void ResetConfigHeader()
    {
        if (!IsConfigSpaceBuilt)
        {
            return;
        }

        var space = ConfigSpace;
        byte[] c = space.Config;
        byte[] w = space.WMask;
        byte[] w1c = space.W1cMask;
        foreach (int at in ResetClearedRegisters)
        {
            c[at] &= unchecked((byte)~(w[at] | w1c[at]));
        }

        c[PciRegisters.CacheLineSize] = 0;
        foreach (int bar in HasBridgeHeader ? BridgeBarRegisters : EndpointBarRegisters)
        {
            uint mask = PciConfigSpace.GetLong(w, bar);
            if (mask != 0)
            {
                PciConfigSpace.SetLong(c, bar, PciConfigSpace.GetLong(c, bar) & ~mask);
            }
        }
    }
}
