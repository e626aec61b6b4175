using QomSharp.Qdev;

namespace QomSharp.Devices.Machines;

/// <summary>
/// Where a PC board puts its RAM and its 64-bit PCI window, as QEMU 10.0's q35 board computes them
/// from <c>-m</c> and <c>max-ram-below-4g</c>: RAM below 4 GiB up to the board's low-memory limit,
/// the rest from 4 GiB up, then the hot-plug memory region (<c>maxmem</c>, <c>slots</c>), then the
/// 64-bit PCI window.
/// </summary>
/// <param name="BelowFourG">RAM below 4 GiB (QEMU's <c>below_4g_mem_size</c>).</param>
/// <param name="AboveFourG">RAM from 4 GiB up (QEMU's <c>above_4g_mem_size</c>).</param>
/// <param name="PciHole64Start">Where the 64-bit PCI window may start (QEMU's <c>pc_pci_hole64_start</c>).</param>
public sealed record PcMemoryLayout(ulong BelowFourG, ulong AboveFourG, ulong PciHole64Start)
{
    private const ulong GiB = 1UL << 30;

    /// <summary>Where RAM above the 32-bit boundary starts, unless it moves to 1 TiB.</summary>
    public const ulong AboveFourGStart = 4 * GiB;

    /// <summary>QEMU's limit on memory slots (<c>ACPI_MAX_RAM_SLOTS</c>).</summary>
    public const ulong MaxRamSlots = 256;

    // The q35 low-memory limits: below the MMCONFIG window at 0xb0000000, or 2 GiB when RAM does not
    // fit below it (gigabyte-aligned split).
    private const ulong Q35LowMemory = 0xb000_0000;
    private const ulong Q35SplitLowMemory = 0x8000_0000;

    /// <summary>
    /// The q35 layout as QEMU 10.0's <c>pc_memory_init</c> settles it for its default CPU model (AMD,
    /// 64-bit, 40 physical address bits): when the highest address used (the end of a 64-bit window
    /// of <paramref name="pciHole64Size"/>) reaches the HyperTransport hole below 1 TiB, RAM above
    /// 4 GiB moves to 1 TiB (machine types after 7.0, <paramref name="enforceAmd1TbHole"/>); an
    /// address space beyond the physical address bits is refused with QEMU's text.
    /// </summary>
    public static PcMemoryLayout ForQ35(MachineMemory memory, ulong maxRamBelow4G, ulong pciHole64Size, bool enforceAmd1TbHole)
    {
        var layout = ForQ35(memory, maxRamBelow4G, AboveFourGStart);
        if (enforceAmd1TbHole && layout.PciHole64Start + pciHole64Size - 1 >= AmdHyperTransportStart)
        {
            layout = ForQ35(memory, maxRamBelow4G, AmdAbove1TbStart);
        }

        ulong maxUsed = layout.PciHole64Start + pciHole64Size - 1;
        if (maxUsed > MaxPhysicalAddress)
        {
            throw new QomException(System.FormattableString.Invariant(
                $"Address space limit 0x{MaxPhysicalAddress:x} < 0x{maxUsed:x} phys-bits too low ({PhysicalAddressBits})"));
        }

        return layout;
    }

    // QEMU's AMD_HT_START and AMD_ABOVE_1TB_START; the default CPU model's 40 physical address bits.
    private const ulong AmdHyperTransportStart = 0xfd_0000_0000;
    private const ulong AmdAbove1TbStart = 1UL << 40;
    private const int PhysicalAddressBits = 40;
    private const ulong MaxPhysicalAddress = (1UL << PhysicalAddressBits) - 1;

    // QEMU's pc_q35_init split (below the q35 low-memory limit, capped by max-ram-below-4g, 0 meaning
    // 4 GiB), then pc_pci_hole64_start (hot-plug memory sized with 1 GiB of alignment room per slot).
    private static PcMemoryLayout ForQ35(MachineMemory memory, ulong maxRamBelow4G, ulong aboveFourGStart)
    {
        ulong lowMemory = memory.Size >= Q35LowMemory ? Q35SplitLowMemory : Q35LowMemory;
        ulong limit = maxRamBelow4G == 0 ? 4 * GiB : maxRamBelow4G;
        if (lowMemory > limit)
        {
            lowMemory = limit;
        }

        ulong below = memory.Size >= lowMemory ? lowMemory : memory.Size;
        ulong above = memory.Size - below;
        ulong hole64 = aboveFourGStart + above;
        if (memory.Size < memory.MaxSize)
        {
            hole64 = RoundUpToGiB(hole64) + (memory.MaxSize - memory.Size) + GiB * memory.Slots;
        }

        return new PcMemoryLayout(below, above, RoundUpToGiB(hole64));
    }

    /// <summary>Rounds up to a multiple of 1 GiB (QEMU aligns the 64-bit window's ends so).</summary>
    public static ulong RoundUpToGiB(ulong value) => (value + GiB - 1) & ~(GiB - 1);
}
