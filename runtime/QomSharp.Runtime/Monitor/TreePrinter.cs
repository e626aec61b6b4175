using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using QomSharp.Qdev;

namespace QomSharp.Monitor;

/// <summary>HMP's <c>info qom-tree</c> and <c>info qtree</c>, in QEMU 7.2's format.</summary>
public static class TreePrinter
{
    /// <summary>
    /// <c>info qom-tree [path]</c>: one line per object, children sorted by name (byte order),
    /// two spaces of indent per level; the default root is <c>/machine</c>.
    /// </summary>
    public static string QomTree(QomContext context, string? path = null)
    {
        var text = new StringBuilder();
        QomTree(context, text, null, path);
        return text.ToString();
    }

    /// <summary>
    /// <see cref="QomTree(QomContext, string?)"/> written to <paramref name="output"/> as it goes: the
    /// tree of a machine with many devices is tens of megabytes of text, never held whole.
    /// </summary>
    public static void QomTree(QomContext context, TextWriter output, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        var text = new StringBuilder(FlushAt + 256);
        QomTree(context, text, output, path);
        output.Write(text);
    }

    // Text past this many characters goes to the writer (when there is one) and the buffer is reused.
    // Below the tool's 16 KiB writer buffer by more than a line: each piece is one write to the output.
    private const int FlushAt = 15 * 1024;

    private static void QomTree(QomContext context, StringBuilder text, TextWriter? output, string? path)
    {
        QomObject? start;
        if (path is null)
        {
            start = context.ResolvePath("/machine") ?? context.Root;
        }
        else
        {
            start = context.ResolvePath(path, null, out bool ambiguous);
            if (start is null)
            {
                text.Append("Path '").Append(path).Append("' could not be resolved.\n");
                return;
            }
        }

        PrintComposition(context, start, 0, text, output, []);
    }

    // One list of children per depth, reused across siblings: a tree of many objects is printed
    // without a list per object.
    private static void PrintComposition(QomContext context, QomObject obj, int indent, StringBuilder text, TextWriter? output, List<List<(string? Name, object Child)>> lists)
    {
        text.Append(' ', indent).Append('/');
        if (!ReferenceEquals(obj, context.Root))
        {
            obj.AppendCanonicalPathComponent(text);
        }

        text.Append(" (").Append(obj.TypeName).Append(")\n");
        if (output is not null && text.Length >= FlushAt)
        {
            output.Write(text);
            text.Clear();
        }

        int depth = indent / 2;
        if (lists.Count == depth)
        {
            lists.Add([]);
        }

        var children = lists[depth];
        children.Clear();
        obj.AddTreeChildrenTo(children);
        if (children.Count == 0)
        {
            return;
        }

        if (IndexTextOrder.TryStart(children, out var order))
        {
            // Children held by index: walked in byte order of their names, nothing sorted.
            while (order.MoveNext(out int at))
            {
                PrintComposition(context, (QomObject)lists[depth][at].Child, indent + 2, text, output, lists);
            }

            order.Dispose();
            return;
        }

        SortByName(children);
        for (int i = 0; i < children.Count; i++)
        {
            // The list is this depth's: the deeper calls use their own.
            if (lists[depth][i] is (string lazyName, QomLazyChild placeholder))
            {
                // A child not made yet: listed as it will be, with no children of its own.
                text.Append(' ', indent + 2).Append('/').Append(lazyName).Append(" (").Append(placeholder.TypeName).Append(")\n");
                continue;
            }

            PrintComposition(context, (QomObject)lists[depth][i].Child, indent + 2, text, output, lists);
        }
    }

    private static bool AllNamed(ReadOnlySpan<(string? Name, object Child)> children)
    {
        foreach (var (name, _) in children)
        {
            if (name is null)
            {
                return false;
            }
        }

        return true;
    }

    // Children in byte order of their names. Those listed without their name keep their index
    // (device[N]; one looked up by name meanwhile is listed with it, wherever it stands): when
    // they are all there is and share one stem, they are sorted by a key of their index's decimal
    // text, with no name made and no string compared; otherwise every name is compared, an
    // index's name written out on the stack.
    private static void SortByName(List<(string? Name, object Child)> children)
    {
        var span = CollectionsMarshal.AsSpan(children);
        if (AllNamed(span))
        {
            if (span.Length <= 16)
            {
                // A device's few children (its regions, its irqs), mostly added in order already:
                // an insertion sort compares each with the one before it and moves nothing.
                for (int i = 1; i < span.Length; i++)
                {
                    var entry = span[i];
                    int at = i;
                    while (at > 0 && string.CompareOrdinal(span[at - 1].Name, entry.Name) > 0)
                    {
                        span[at] = span[at - 1];
                        at--;
                    }

                    span[at] = entry;
                }

                return;
            }

            span.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            return;
        }

        string? stem = span[0].Name is null ? ((QomObject)span[0].Child).LinkIndexStem : null;
        bool keyed = stem is not null;
        for (int i = 1; keyed && i < span.Length; i++)
        {
            keyed = span[i].Name is null && string.Equals(((QomObject)span[i].Child).LinkIndexStem, stem, StringComparison.Ordinal);
        }

        if (!keyed)
        {
            span.Sort(static (a, b) => CompareNames(a, b));
            return;
        }

        var keys = ArrayPool<ulong>.Shared.Rent(span.Length);
        for (int i = 0; i < span.Length; i++)
        {
            keys[i] = IndexTextKey(((QomObject)span[i].Child).LinkIndex);
        }

        keys.AsSpan(0, span.Length).Sort(span);
        ArrayPool<ulong>.Shared.Return(keys);
    }

    /// <summary>
    /// The positions of children that are all held by index under one stem (<c>device[N]</c>), in
    /// byte order of their names, found in time linear in the largest index with no comparison:
    /// the byte order of <c>N]</c> is the decimal trie of the indices walked in post-order, since
    /// <c>]</c> sorts above every digit (<c>device[10]</c>, ..., <c>device[19]</c>, then
    /// <c>device[1]</c>). The children need not be in index order nor the indices contiguous;
    /// when the largest index is far above their count the caller sorts instead.
    /// </summary>
    internal struct IndexTextOrder
    {
        private readonly int max;
        private readonly int[]? slots;
        private long current;
        private bool started;

        private IndexTextOrder(int max, int[]? slots)
        {
            this.max = max;
            this.slots = slots;
        }

        /// <summary>
        /// The order of <paramref name="children"/>, or false when they are not all held by index
        /// under one stem or their indices are too sparse (more than twice their count, plus 64).
        /// </summary>
        public static bool TryStart(List<(string? Name, object Child)> children, out IndexTextOrder order)
        {
            order = default;
            var span = CollectionsMarshal.AsSpan(children);
            if (span.Length < 2 || span[0].Name is not null || span[^1].Name is not null)
            {
                return false;
            }

            string? stem = ((QomObject)span[0].Child).LinkIndexStem;
            if (stem is null)
            {
                return false;
            }

            int max = -1;
            bool inPlace = true;
            for (int i = 0; i < span.Length; i++)
            {
                if (span[i].Name is not null || span[i].Child is not QomObject child
                    || !string.Equals(child.LinkIndexStem, stem, StringComparison.Ordinal))
                {
                    return false;
                }

                int index = child.LinkIndex;
                inPlace &= index == i;
                max = Math.Max(max, index);
            }

            if (inPlace)
            {
                // Child i has index i (the common case: devices added in order, none removed).
                order = new IndexTextOrder(max, null);
                return true;
            }

            if (max > (2 * span.Length) + 64)
            {
                return false;
            }

            var slots = ArrayPool<int>.Shared.Rent(max + 1);
            slots.AsSpan(0, max + 1).Fill(-1);
            for (int i = 0; i < span.Length; i++)
            {
                ref int slot = ref slots[((QomObject)span[i].Child).LinkIndex];
                if (slot >= 0)
                {
                    // One index twice: not names a container can hold.
                    ArrayPool<int>.Shared.Return(slots);
                    return false;
                }

                slot = i;
            }

            order = new IndexTextOrder(max, slots);
            return true;
        }

        /// <summary>The position of the next child; false after the last.</summary>
        public bool MoveNext(out int position)
        {
            while (Advance())
            {
                position = slots is null ? (int)current : slots[current];
                if (position >= 0)
                {
                    return true;
                }
            }

            position = -1;
            return false;
        }

        /// <summary>Gives back the rented table of positions (if one was needed).</summary>
        public readonly void Dispose()
        {
            if (slots is not null)
            {
                ArrayPool<int>.Shared.Return(slots);
            }
        }

        // The next index from 0 to max in byte order of "N]": 0 (which no other index starts
        // with), then each of 1-9 after every index that extends it; the first index under a
        // node is its leftmost descendant (1, 10, 100, ... up to max).
        private bool Advance()
        {
            if (!started)
            {
                started = true;
                current = 0;
                return true;
            }

            long next;
            if (current == 0)
            {
                if (max < 1)
                {
                    return false;
                }

                next = 1;
            }
            else if (current % 10 != 9 && current + 1 <= max)
            {
                next = current + 1;
            }
            else if (current < 10)
            {
                return false;
            }
            else
            {
                // The last under its parent: the parent comes after all of them.
                current /= 10;
                return true;
            }

            while (next * 10 <= max)
            {
                next *= 10;
            }

            current = next;
            return true;
        }
    }

    // A key whose order is the byte order of "N]" (N in decimal): a nibble a character from the top,
    // a digit as 1-10, the ']' (above every digit) as 11, zeros after it.
    private static ulong IndexTextKey(int index)
    {
        int digits = 1;
        for (int rest = index; rest >= 10; rest /= 10)
        {
            digits++;
        }

        ulong key = 11UL << (60 - (4 * digits));
        for (int at = digits - 1; at >= 0; at--, index /= 10)
        {
            key |= (ulong)((index % 10) + 1) << (60 - (4 * at));
        }

        return key;
    }

    // Byte order of two children's names, an index's name written out on the stack.
    private static int CompareNames((string? Name, object Child) a, (string? Name, object Child) b)
    {
        if (a.Name is not null && b.Name is not null)
        {
            return string.CompareOrdinal(a.Name, b.Name);
        }

        Span<char> left = stackalloc char[a.Name is null ? NameLength((QomObject)a.Child) : 0];
        Span<char> right = stackalloc char[b.Name is null ? NameLength((QomObject)b.Child) : 0];
        return NameOf(a, left).SequenceCompareTo(NameOf(b, right));
    }

    private static int NameLength(QomObject child) => QomObject.IndexedNameLength(child.LinkIndexStem!, child.LinkIndex);

    private static ReadOnlySpan<char> NameOf((string? Name, object Child) entry, Span<char> buffer)
    {
        if (entry.Name is not null)
        {
            return entry.Name;
        }

        var child = (QomObject)entry.Child;
        QomObject.FormatIndexedName(child.LinkIndexStem!, child.LinkIndex, buffer);
        return buffer;
    }

    /// <summary><c>info qtree</c>: the bus tree from the main system bus, with each device's static properties.</summary>
    public static string QTree(Machine machine)
    {
        var text = new StringBuilder();
        PrintBus(machine.MainSystemBus, 0, text);
        return text.ToString();
    }

    private static void PrintBus(Bus bus, int indent, StringBuilder text)
    {
        text.Append(' ', indent).Append("bus: ").Append(bus.Name).Append('\n');
        indent += 2;
        text.Append(' ', indent).Append("type ").Append(bus.TypeName).Append('\n');
        foreach (var device in bus.Devices)
        {
            PrintDevice(device, indent, text);
        }
    }

    private static void PrintDevice(Device device, int indent, StringBuilder text)
    {
        text.Append(' ', indent).Append("dev: ").Append(device.TypeName).Append(", id \"").Append(device.Id ?? string.Empty).Append("\"\n");
        indent += 2;
        PrintGpioLists(device, indent, text);
        for (var klass = device.Class; klass is not null && klass.Name != Device.QomTypeName; klass = klass.Parent)
        {
            foreach (var property in klass.OwnProperties)
            {
                if (!property.IsStatic || !property.CanRead)
                {
                    continue;
                }

                // QEMU prints the legacy property where there is one, and skips the property
                // when that cannot be read (a qdev link's).
                var legacy = device.FindProperty("legacy-" + property.Name);
                if (legacy is { CanRead: false })
                {
                    continue;
                }

                string value = legacy is not null
                    ? legacy.Read(device)?.GetValue<string>() ?? string.Empty
                    : HumanPrint(property, device);
                text.Append(' ', indent).Append(property.Name).Append(" = ").Append(value.Length > 0 ? value : "<null>").Append('\n');
            }
        }

        foreach (var line in device.QTreeBusLines())
        {
            text.Append(' ', indent).Append(line).Append('\n');
        }

        foreach (var bus in device.ChildBuses)
        {
            PrintBus(bus, indent, text);
        }
    }

    // QEMU's qdev_print: each GPIO list, newest first, with its inputs then its outputs. The lists
    // are read off the device's irq children and irq links, so devices keep no list of their own.
    private static void PrintGpioLists(Device device, int indent, StringBuilder text)
    {
        List<(string Name, int In, int Out)>? lists = null;
        foreach (var property in device.InstanceProperties)
        {
            bool input = property.Type == "child<irq>";
            if (!input && property.Type != "link<irq>")
            {
                continue;
            }

            int open = property.Name.LastIndexOf('[');
            string stem = open > 0 ? property.Name[..open] : property.Name;
            string name = stem is Device.UnnamedGpioIn or Device.UnnamedGpioOut ? string.Empty : stem;
            lists ??= [];
            int index = lists.FindIndex(l => l.Name == name);
            if (index < 0)
            {
                lists.Add((name, 0, 0));
                index = lists.Count - 1;
            }

            var list = lists[index];
            lists[index] = input ? list with { In = list.In + 1 } : list with { Out = list.Out + 1 };
        }

        for (int i = (lists?.Count ?? 0) - 1; i >= 0; i--)
        {
            var (name, inputs, outputs) = lists![i];
            if (inputs > 0)
            {
                text.Append(' ', indent).Append(CultureInfo.InvariantCulture, $"gpio-in \"{name}\" {inputs}\n");
            }

            if (outputs > 0)
            {
                text.Append(' ', indent).Append(CultureInfo.InvariantCulture, $"gpio-out \"{name}\" {outputs}\n");
            }
        }
    }

    /// <summary>
    /// QEMU's <c>object_property_print(human=true)</c>: integers as <c>N (0xH)</c>, sizes as
    /// <c>N (H MiB)</c>, strings and enum names quoted, booleans bare.
    /// </summary>
    public static string HumanPrint(QomProperty property, QomObject obj)
    {
        var node = property.Read(obj);
        if (node is not JsonValue value)
        {
            return node?.ToJsonString() ?? "<null>";
        }

        switch (value.GetValueKind())
        {
            case JsonValueKind.True:
                return "true";
            case JsonValueKind.False:
                return "false";
            case JsonValueKind.String:
                return "\"" + value.GetValue<string>() + "\"";
            case JsonValueKind.Number:
                string raw = value.ToJsonString();
                if (property.Type == "size" && ulong.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out ulong size))
                {
                    return $"{size} ({SizeToString(size)})";
                }

                ulong bits = raw.StartsWith('-')
                    ? unchecked((ulong)long.Parse(raw, CultureInfo.InvariantCulture))
                    : ulong.Parse(raw, CultureInfo.InvariantCulture);

                // QEMU's string output visitor prints an unsigned value through its signed printer.
                return $"{unchecked((long)bits).ToString(CultureInfo.InvariantCulture)} (0x{bits:x})";
            default:
                return value.ToJsonString();
        }
    }

    /// <summary>
    /// QEMU's <c>size_to_str</c>: a binary unit chosen so the number stays below 1000 (so 1000 bytes
    /// is <c>0.977 KiB</c>), printed with three significant digits (<c>%0.3g</c>).
    /// </summary>
    public static string SizeToString(ulong value)
    {
        string[] prefixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
        double scaled = value / (1000.0 / 1024.0);
        int unit = scaled < 1 ? 0 : Math.ILogB(scaled) / 10;
        double shown = value / (double)(1UL << (unit * 10));
        return $"{shown.ToString("G3", CultureInfo.InvariantCulture)} {prefixes[unit]}B";
    }
}
