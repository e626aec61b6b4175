using QomSharp.Devices.Pci;
using QomSharp.Qdev;

namespace QomSharp.Devices.Ich9;

/// <summary>
/// The LPC as the router of <c>pcie.0</c>'s INTx (QEMU's <c>ich9_lpc_map_irq</c> and
/// <c>ich9_lpc_set_irq</c>): a function's pin maps by its slot to one of eight PIRQ lines (slots 25
/// to 31 through the chipset's D25IR-D31IR registers, D30 fixed to PIRQ E-H, every other slot
/// (slot + pin) % 4 + 4); PIRQ N drives GSI 16 + N on the I/O APIC, and the ISA IRQ its route
/// register (0x60-0x63, 0x68-0x6b) names, the OR of the enabled PIRQs routed there.
/// </summary>
public sealed partial class Ich9Lpc : IPciIntxRouter
{
    private const int PirqCount = 8;
    private const int FirstPirqGsi = 16;
    private const int PirqARoute = 0x60;
    private const int PirqERoute = 0x68;
    private const byte RouteDisabled = 0x80;
    private const byte RouteIrqMask = 0x0f;

    // D25IR..D31IR in the chipset configuration registers (D30IR reads 0; slot 30 is fixed).
    private static readonly int[] SlotRoutingRegisters = [0x3150, 0x314c, 0x3148, 0x3146, 0x3144, 0x3142, 0x3140];

    /// <inheritdoc/>
    int IPciIntxRouter.LineCount => PirqCount;

    /// <inheritdoc/>
    int IPciIntxRouter.MapIntx(PciDevice device, int pin)
    {
        System.ArgumentNullException.ThrowIfNull(device);

        // QEMU's irr[slot][pin], a table of 32 slots by 4 pins read as it lies in memory: an
        // expander's pin (its swizzle less its slot, so from -31 up) reaches an earlier slot's row.
        int entry = (PciDevfn.Slot(device.Devfn) * 4) + pin;
        int slot = entry >> 2;
        pin = entry & 3;
        if (slot == 30)
        {
            return pin + 4;
        }

        if (slot >= 25)
        {
            int at = SlotRoutingRegisters[slot - 25];
            int routing = ChipConfig[at] | (ChipConfig[at + 1] << 8);
            return (routing >> (4 * pin)) & 7;
        }

        return ((slot + pin) % 4) + 4;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// QEMU's <c>ich9_lpc_set_irq</c>: the PIRQ's own GSI first, then the ISA IRQ of its route, even
    /// a disabled one (its IRQ bits then name IRQ 0 as often as not, which QEMU drives low).
    /// </remarks>
    void IPciIntxRouter.SetLine(int line, bool level)
    {
        UpdateApicLine(FirstPirqGsi + line);
        UpdatePicLine(Route(line) & RouteIrqMask);
    }

    // QEMU's ich9_lpc_update_pic: an ISA IRQ's level is the OR of the enabled PIRQs routed to it
    // and of the SCI when the SCI is routed there.
    private void UpdatePicLine(int irq)
    {
        bool level = SciDrives(irq);
        var bus = PciBus;
        for (int pirq = 0; pirq < PirqCount && bus is not null && !level; pirq++)
        {
            byte route = Route(pirq);
            level = (route & RouteDisabled) == 0 && (route & RouteIrqMask) == irq && bus.IsIntxLineAsserted(pirq);
        }

        GsiOutput(irq)?.Set(level ? 1 : 0);
    }

    // QEMU's ich9_lpc_update_apic: GSI 16-23 is its PIRQ's level, OR the SCI when routed there (20, 21).
    private void UpdateApicLine(int gsi)
    {
        bool level = SciDrives(gsi) || (PciBus?.IsIntxLineAsserted(gsi - FirstPirqGsi) ?? false);
        GsiOutput(gsi)?.Set(level ? 1 : 0);
    }

    private byte Route(int pirq) => ConfigSpace.Config[pirq < 4 ? PirqARoute + pirq : PirqERoute + pirq - 4];

    private Irq? GsiOutput(int gsi) => GetPropertyLink($"{GsiLines}[{gsi}]") as Irq;
}
