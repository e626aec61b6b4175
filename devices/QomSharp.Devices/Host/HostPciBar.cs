namespace QomSharp.Devices.Host;

/// <summary>
/// One base address register of a host PCI function, as its <c>resource</c> file describes it:
/// the BAR's index (0 to 5), whether it decodes I/O or memory, its size, and for memory whether it
/// is prefetchable and 64-bit (a 64-bit BAR also takes the register after it).
/// </summary>
/// <param name="Index">The BAR index, 0 to 5.</param>
/// <param name="IsIo">An I/O BAR (else memory).</param>
/// <param name="Size">The size in bytes, a power of two.</param>
/// <param name="Prefetchable">A prefetchable memory BAR.</param>
/// <param name="Is64Bit">A 64-bit memory BAR.</param>
public sealed record HostPciBar(int Index, bool IsIo, ulong Size, bool Prefetchable = false, bool Is64Bit = false)
{
    /// <summary>The number of BARs in a type 0 header.</summary>
    public const int Count = 6;

    /// <summary>What is wrong with this BAR, or null when a function could have it.</summary>
    public string? Problem()
    {
        if (Index is < 0 or >= Count)
        {
            return $"BAR index {Index} is not 0 to {Count - 1}";
        }

        // An I/O BAR decodes at least 4 bytes, a memory BAR at least 16 (the low bits are flags).
        ulong minimum = IsIo ? 4UL : 16UL;
        if (Size < minimum || (Size & (Size - 1)) != 0)
        {
            return $"size 0x{Size:x} is not a power of two of at least {minimum}";
        }

        if (IsIo && (Prefetchable || Is64Bit))
        {
            return "an I/O BAR is neither prefetchable nor 64-bit";
        }

        if (IsIo && Size > 256)
        {
            return $"an I/O BAR decodes at most 256 bytes, not 0x{Size:x}";
        }

        if (!Is64Bit && Size > 1UL << 31)
        {
            return $"a 32-bit BAR cannot be 0x{Size:x} bytes";
        }

        return Is64Bit && Index == Count - 1 ? "a 64-bit BAR needs the register after it, and BAR 5 is the last" : null;
    }
}
