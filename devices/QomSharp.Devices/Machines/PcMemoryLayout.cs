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

    /// <summary>Where RAM above the 32-bit boundary starts.</summary>
    public const ulong AboveFourGStart = 4 * GiB;

    /// <summary>QEMU's limit on memory slots (<c>ACPI_MAX_RAM_SLOTS</c>).</summary>
    public const ulong MaxRamSlots = 256;

    // The q35 low-memory limits: below the MMCONFIG window at 0xb0000000, or 2 GiB when RAM does not
    // fit below it (gigabyte-aligned split).
    private const ulong Q35LowMemory = 0xb000_0000;
    private const ulong Q35SplitLowMemory = 0x8000_0000;

    /// <summary>
    /// The q35 layout for <paramref name="memory"/> with <paramref name="maxRamBelow4G"/> (0: 4 GiB):
    /// QEMU's <c>pc_q35_init</c> split, then <c>pc_pci_hole64_start</c> (hot-plug memory sized with
    /// 1 GiB of alignment room per slot).
    /// </summary>
    public static PcMemoryLayout ForQ35(MachineMemory memory, ulong maxRamBelow4G)
    {
        ulong lowMemory = memory.Size >= Q35LowMemory ? Q35SplitLowMemory : Q35LowMemory;
        ulong limit = maxRamBelow4G == 0 ? 4 * GiB : maxRamBelow4G;
        if (lowMemory > limit)
        {
            lowMemory = limit;
        }

        ulong below = memory.Size >= lowMemory ? lowMemory : memory.Size;
        ulong above = memory.Size - below;
        ulong hole64 = AboveFourGStart + above;
        if (memory.Size < memory.MaxSize)
        {
            hole64 = RoundUpToGiB(hole64) + (memory.MaxSize - memory.Size) + GiB * memory.Slots;
        }

        return new PcMemoryLayout(below, above, RoundUpToGiB(hole64));
    }

    /// <summary>Rounds up to a multiple of 1 GiB (QEMU aligns the 64-bit window's ends so).</summary>
    public static ulong RoundUpToGiB(ulong value) => (value + GiB - 1) & ~(GiB - 1);
}
