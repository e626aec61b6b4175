using System.Globalization;

namespace QomSharp.Qdev;

/// <summary>
/// A machine's RAM configuration, its <c>memory</c> property (which QEMU's <c>-m
/// [size=]megs[,slots=n,maxmem=size]</c> sets): the initial size, the maximum it may grow to with
/// hot-plugged memory, and the number of memory slots.
/// </summary>
/// <param name="Size">The initial RAM size in bytes.</param>
/// <param name="MaxSize">The maximum RAM size (equal to <paramref name="Size"/> without <c>maxmem</c>).</param>
/// <param name="Slots">The memory hot-plug slots.</param>
public sealed record MachineMemory(ulong Size, ulong MaxSize, ulong Slots)
{
    /// <summary>
    /// Whether <c>-m</c> gave a size (not 0): QEMU's <c>have_custom_ram_size</c>. Without one, a
    /// backend named by <c>-machine memory-backend</c> sets the RAM size.
    /// </summary>
    public bool HasCustomSize { get; init; }

    // QEMU rounds the RAM size up to its smallest host page granularity (8 KiB).
    private const ulong Alignment = 8192;

    /// <summary>
    /// The machine's <c>memory</c> property set (QEMU's <c>machine_set_mem</c>, <c>-machine
    /// memory.size=...</c>): members <c>size</c> (bytes, rounded up to 8 KiB; 0 or absent: the
    /// default), <c>slots</c> and <c>max-size</c>, with the checks of <c>-m</c>.
    /// </summary>
    public static MachineMemory Read(in QomInput input, string name, ulong defaultSize)
    {
        string[] known = ["size", "max-size", "slots"];
        var members = MachineStructInput.Members(input, name);
        ulong? size = MachineStructInput.Member(members, name, "size")?.ReadSize("size");
        ulong? maxSize = MachineStructInput.Member(members, name, "max-size")?.ReadSize("max-size");
        ulong? slots = MachineStructInput.Member(members, name, "slots")?.ReadUInt64("slots");
        foreach (var key in members.Keys)
        {
            MachineStructInput.CheckKnown(known, name, key);
        }

        bool custom = size is > 0;
        ulong rounded = custom ? (size!.Value + Alignment - 1) / Alignment * Alignment : defaultSize;
        return Checked(rounded, custom, slots, maxSize);
    }

    // QEMU's checks of the maximum against the size and of the slots against the maximum.
    private static MachineMemory Checked(ulong size, bool custom, ulong? slots, ulong? maxSize)
    {
        if (maxSize is { } max)
        {
            if (max < size)
            {
                throw new QomException(string.Create(CultureInfo.InvariantCulture,
                    $"invalid value of maxmem: maximum memory size (0x{max:x}) must be at least the initial memory size (0x{size:x})"));
            }

            if (slots is > 0 && max == size)
            {
                throw new QomException(string.Create(CultureInfo.InvariantCulture,
                    $"invalid value of maxmem: memory slots were specified but maximum memory size (0x{max:x}) is equal to the initial memory size (0x{size:x})"));
            }

            return new MachineMemory(size, max, slots ?? 0) { HasCustomSize = custom };
        }

        if (slots is not null)
        {
            throw new QomException("slots specified but no max-size");
        }

        return new MachineMemory(size, size, 0) { HasCustomSize = custom };
    }
}
