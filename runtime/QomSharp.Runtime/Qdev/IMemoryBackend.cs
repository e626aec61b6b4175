namespace QomSharp.Qdev;

/// <summary>
/// What a machine needs of a host memory backend (QEMU's <c>HostMemoryBackend</c> as
/// hw/core/machine.c uses it): its size, its RAM region once complete, and whether a user holds
/// that region (then it cannot be used again, nor deleted).
/// </summary>
public interface IMemoryBackend
{
    /// <summary>The size in bytes.</summary>
    ulong Size { get; }

    /// <summary>The RAM region, once the backend is complete.</summary>
    Memory.MemoryRegion? Memory { get; }

    /// <summary>Whether a user (the machine's RAM, a DIMM) holds the memory.</summary>
    bool IsMapped { get; set; }
}
