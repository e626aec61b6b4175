using System.Globalization;
using QomSharp.Options;

namespace QomSharp.Qdev;

/// <summary>
/// A machine's RAM configuration, QEMU's <c>-m [size=]megs[,slots=n,maxmem=size]</c>: the initial
/// size, the maximum it may grow to with hot-plugged memory, and the number of memory slots.
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
    /// The configuration <c>-m</c> gives, with QEMU's checks (<c>machine_set_mem</c>): a size
    /// without suffix is in MiB, 0 means the default, the size is rounded up to 8 KiB;
    /// <c>maxmem</c> (a plain size) must hold the initial size, and slots need room to plug into.
    /// </summary>
    public static MachineMemory Parse(string value, ulong defaultSize)
    {
        var parsed = QemuOptsParser.Parse(value, "size", new QemuOptsGroup("memory", ["size", "slots", "maxmem"]));
        ulong size = defaultSize;
        bool custom = false;
        if (parsed.Get("size") is { } sizeText)
        {
            if (sizeText.Length == 0)
            {
                throw new QomException("missing 'size' option value");
            }

            // QEMU's legacy form: a number without suffix is in MiB.
            string withUnit = char.IsAsciiDigit(sizeText[^1]) ? sizeText + "M" : sizeText;
            size = QomValueText.ParseOptionSize("size", withUnit);
            custom = size != 0;
            size = size == 0 ? defaultSize : (size + Alignment - 1) / Alignment * Alignment;
        }

        ulong? slots = null;
        if (parsed.Get("slots") is { } slotsText)
        {
            if (!QomValueText.TryParseUInt64(slotsText, out ulong n))
            {
                throw new QomException("Parameter 'slots' expects a number");
            }

            slots = n;
        }

        ulong? maxSize = parsed.Get("maxmem") is { } maxText ? QomValueText.ParseOptionSize("maxmem", maxText) : null;
        return Checked(size, custom, slots, maxSize);
    }

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
