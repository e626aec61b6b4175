using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace QomSharp;

/// <summary>
/// The QOM types of one assembly. The generator emits one subclass per assembly: a compact type
/// table sorted by name, where each of its lines starts, and dispatch methods that run a type's
/// code by index. Registering a module therefore runs no per-type code and allocates nothing per
/// type; a type is found by the table's hash index (else by a binary search), and its code is touched only when that
/// type is first used (its class built, an instance created).
/// Registration, look-up and class building mostly run in the first milliseconds of a process, as
/// code running for the first time. None of it is marked to be compiled optimised at once: such a
/// method is left out of a ReadyToRun image and compiled, at some hundreds of microseconds each,
/// when first called. Applications that need a fast start publish with ReadyToRun (or NativeAOT),
/// which precompiles it all.
/// </summary>
public abstract class QomModule
{
    private readonly byte[]? typeTableBytes;
    private QomTypeInfo[]? types;
    private QomTypeInfo?[]? made;
    private TableIndex? index;
    private string? lastParentName;

    // A generated module's tables, taken from the assembly image's static data when the module is
    // made (see UseStaticTables): registering the module and looking its types up then call no
    // code of its assembly (each first call of a precompiled method costs a look-up of its code,
    // and the tables' first reads load the types of their static data), and read the tables with
    // no virtual call. Null pointers: the virtual properties are read.
    private unsafe byte* imageTable;
    private unsafe int* imageStarts;
    private unsafe ushort* imageSlots;
    private int imageTableLength;
    private int imageStartsLength;
    private int imageSlotsLength;
    private IReadOnlyList<QomModule>? dependencyList;

    /// <summary>
    /// Creates a module from its type table: one line per type, fields separated by tabs:
    /// name, parent name (empty for a root), flags (<see cref="QomTypeFlags"/> as a decimal
    /// number), declared interface names separated by commas. The line number is the type's index.
    /// </summary>
    protected QomModule(string name, string typeTable)
        : this(name)
    {
        ArgumentNullException.ThrowIfNull(typeTable);
        typeTableBytes = Encoding.UTF8.GetBytes(typeTable);
    }

    /// <summary>Creates a module whose type table comes from <see cref="TypeTable"/> (generated modules).</summary>
    protected QomModule(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
    }

    /// <summary>The module's name (its assembly's name).</summary>
    public string Name { get; }

    /// <summary>The modules of referenced assemblies, registered before this one.</summary>
    public virtual IReadOnlyList<QomModule> Dependencies => [];

    /// <summary>
    /// The type table as UTF-8 (format of <see cref="QomModule(string, string)"/>). Generated modules
    /// return a UTF-8 literal: static data in the assembly image, so reading it allocates nothing
    /// (a large string literal would be copied and interned on first use).
    /// </summary>
    protected virtual ReadOnlySpan<byte> TypeTable => typeTableBytes;

    /// <summary>
    /// Where each line of <see cref="TypeTable"/> starts, when the generator wrote it (its table
    /// is then sorted by name and its names checked, see <see cref="NamesCheckedAtCompileTime"/>):
    /// registering such a module does nothing per type. Empty: the runtime finds the lines.
    /// </summary>
    protected virtual ReadOnlySpan<int> TypeTableStarts => [];

    /// <summary>
    /// The hash index of a generated table (<see cref="TypeTableStarts"/> written too): a power of
    /// two of slots, each holding a type's line number plus one (0 for an empty slot), placed with
    /// linear probing from the runtime's hash of the type's name (its UTF-16 code units). A type is
    /// then found by one hash and mostly one name compare. Written by the generator only (the hash
    /// is the runtime's own); empty: types are found by a binary search.
    /// </summary>
    protected virtual ReadOnlySpan<ushort> TypeTableSlots => [];

    /// <summary>
    /// For generated modules, from their constructor: the module's type table, line starts and hash
    /// index (its <see cref="TypeTable"/>, <see cref="TypeTableStarts"/> and
    /// <see cref="TypeTableSlots"/>, with names checked at compile time) and its dependencies, read
    /// once here so that registering the module and finding its types call none of its members.
    /// The spans must be static data of the assembly image (a UTF-8 literal, constant collection
    /// expressions), which never moves: only where they are is kept.
    /// </summary>
    protected unsafe void UseStaticTables(ReadOnlySpan<byte> typeTable, ReadOnlySpan<int> typeTableStarts, ReadOnlySpan<ushort> typeTableSlots, IReadOnlyList<QomModule> dependencies)
    {
        ArgumentNullException.ThrowIfNull(dependencies);
        dependencyList = dependencies;

        // On a big-endian machine a constant span of ints may be a copy made at run time, which
        // the collector can move: the properties are read there.
        if (!BitConverter.IsLittleEndian || typeTable.IsEmpty || typeTableStarts.IsEmpty)
        {
            return;
        }

        imageTable = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(typeTable));
        imageTableLength = typeTable.Length;
        imageStarts = (int*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(typeTableStarts));
        imageStartsLength = typeTableStarts.Length;
        imageSlots = typeTableSlots.IsEmpty ? null : (ushort*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(typeTableSlots));
        imageSlotsLength = typeTableSlots.Length;
    }

    // The tables as the runtime reads them: from the image when taken from it, else the properties.
    // Inlined (a ReadyToRun image otherwise calls each getter on every look-up).
    private unsafe ReadOnlySpan<byte> Table
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => imageTable is not null ? new(imageTable, imageTableLength) : TypeTable;
    }

    private unsafe ReadOnlySpan<int> Starts
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => imageTable is not null ? new(imageStarts, imageStartsLength) : TypeTableStarts;
    }

    private unsafe ReadOnlySpan<ushort> Slots
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => imageTable is not null ? new(imageSlots, imageSlotsLength) : TypeTableSlots;
    }

    // The names were checked at compile time (the tables taken from the image are the generator's).
    private unsafe bool NamesChecked => imageTable is not null || NamesCheckedAtCompileTime;

    /// <summary><see cref="Dependencies"/>, as given to <see cref="UseStaticTables"/> if it was.</summary>
    internal IReadOnlyList<QomModule> DependencyList => dependencyList ?? Dependencies;

    /// <summary>The module's types, in table order.</summary>
    public IReadOnlyList<QomTypeInfo> Types
    {
        get
        {
            if (types is { } done)
            {
                return done;
            }

            var all = new QomTypeInfo[Count];
            for (int i = 0; i < all.Length; i++)
            {
                all[i] = TypeAt(i);
            }

            return types = all;
        }
    }

    // The table's index, built once: where each line starts and ends, and the line numbers in
    // name order. A generated table is sorted by name already (the generator
    // sorts it), so finding a name is a binary search over static data, and registering the
    // module needs no per-type insertion anywhere.
    private TableIndex Index => Volatile.Read(ref index) ?? Interlocked.CompareExchange(ref index, BuildIndex(), null) ?? index;

    /// <summary>The number of types in the table.</summary>
    internal int Count => Index.Count;

    // Where the line of the type at `index` starts.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int StartOf(TableIndex built, int index) => built.Starts is { } starts ? starts[index] : Starts[index];

    /// <summary>The name of the type at <paramref name="index"/>, as UTF-8 (ASCII but after a legacy name's '+').</summary>
    internal ReadOnlySpan<byte> NameAt(int index)
    {
        var rest = Table[StartOf(Index, index)..];
        int tab = rest.IndexOfAny((byte)'\t', (byte)'\n');
        return tab < 0 ? rest : rest[..tab];
    }

    /// <summary>Whether the type at <paramref name="index"/> is named <paramref name="name"/>.</summary>
    internal bool NameEquals(int index, ReadOnlySpan<char> name) => CompareWith(Table, StartOf(Index, index), name) == 0;

    /// <summary>The index of the type named <paramref name="name"/>, or -1.</summary>
    // The one start-up method compiled optimised at its first call (the first type looked up, long
    // before a burst): as tier-0 code it is the JIT build's slowest step; it stays out of a
    // ReadyToRun image, and is compiled with the first look-up there too.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal int IndexOf(ReadOnlySpan<char> name)
    {
        var built = Index;
        var table = Table;
        var slots = Slots;
        if (!slots.IsEmpty && BitConverter.IsLittleEndian)
        {
            // The generator hashed the names as the runtime does on a little-endian machine.
            int mask = slots.Length - 1;
            for (int i = QomNameTable.Hash(name) & mask; ; i = (i + 1) & mask)
            {
                int line = slots[i] - 1;
                if (line < 0)
                {
                    return -1;
                }

                if (CompareWith(table, Starts[line], name) == 0)
                {
                    return line;
                }
            }
        }

        return IndexBySearch(built, table, name);
    }

    /// <summary>The index of the type named <paramref name="name"/> by a binary search of the sorted index, or -1.</summary>
    internal int IndexOfBySearch(ReadOnlySpan<char> name) => IndexBySearch(Index, Table, name);

    private int IndexBySearch(TableIndex built, ReadOnlySpan<byte> table, ReadOnlySpan<char> name)
    {
        int low = 0;
        int high = built.Count - 1;
        while (low <= high)
        {
            int middle = (int)((uint)(low + high) >> 1);
            int line = built.LineByName(middle);
            int order = CompareWith(table, StartOf(built, line), name);
            if (order == 0)
            {
                return line;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }

    // Ordinal order (UTF-16 code units, as the generator and a hand-written table's index sort
    // names) of the table's name starting at `start` (ended by a tab, a newline or the table's end)
    // against a UTF-16 one: byte by character while both are ASCII, without finding the name's end
    // first. A tab or newline sorts below every character a name can hold, as the end of a shorter
    // name does. At the first byte that is not ASCII (possible only after a legacy name's '+') the
    // rest of both names is compared decoded: a UTF-8 byte is not a UTF-16 code unit.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CompareWith(ReadOnlySpan<byte> table, int start, ReadOnlySpan<char> name)
    {
        var rest = table[start..];
        int n = Math.Min(rest.Length, name.Length);
        for (int i = 0; i < n; i++)
        {
            int b = rest[i];

            // One compare for the rare cases: a tab (9), a newline (10) or a byte above ASCII.
            if ((uint)(b - 11) >= 0x80 - 11)
            {
                if (b >= 0x80)
                {
                    return CompareDecoded(rest[i..], name[i..]);
                }

                return -1;
            }

            int difference = b - name[i];
            if (difference != 0)
            {
                return difference;
            }
        }

        if (name.Length > n)
        {
            return -1; // the table ended first
        }

        return rest.Length > n && rest[n] is not ((byte)'\t' or (byte)'\n') ? 1 : 0;
    }

    // The rest of a table name (up to its tab or newline) decoded, in ordinal order against the
    // rest of a UTF-16 name.
    private static int CompareDecoded(ReadOnlySpan<byte> rest, ReadOnlySpan<char> name)
    {
        int end = rest.IndexOfAny((byte)'\t', (byte)'\n');
        string decoded = Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]);
        return decoded.AsSpan().SequenceCompareTo(name);
    }

    /// <summary>
    /// Whether the generator already checked, at compile time, that every name in <see cref="TypeTable"/>
    /// is a legal QOM type name and that none repeats (its diagnostics stop the build otherwise);
    /// registering such a module then checks only its names against other registrations.
    /// </summary>
    protected virtual bool NamesCheckedAtCompileTime => false;

    // QEMU's type_register checks within the module: every name legal, then none twice. Done once
    // per module, since the answer does not depend on the context registering it.
    internal void VerifyOwnNames()
    {
        var built = Index;
        if (built.NamesVerified || NamesChecked)
        {
            return;
        }

        Span<char> buffer = stackalloc char[128];
        for (int i = 0; i < built.Count; i++)
        {
            var utf8 = NameAt(i);
            if (!IsValidTypeName(utf8, buffer))
            {
                throw new QomFatalException($"Registering '{Encoding.UTF8.GetString(utf8)}' with illegal type name");
            }
        }

        for (int i = 1; i < built.Count; i++)
        {
            if (NameAt(built.LineByName(i - 1)).SequenceEqual(NameAt(built.LineByName(i))))
            {
                throw new QomFatalException($"Registering `{Encoding.UTF8.GetString(NameAt(built.LineByName(i)))}' which already exists");
            }
        }

        built.NamesVerified = true;
    }

    private static bool IsValidTypeName(ReadOnlySpan<byte> utf8, Span<char> buffer)
    {
        if (!Ascii.IsValid(utf8))
        {
            return QomTypeNames.IsValidTypeName(Encoding.UTF8.GetString(utf8));
        }

        var chars = utf8.Length <= buffer.Length ? buffer[..utf8.Length] : new char[utf8.Length];
        Ascii.ToUtf16(utf8, chars, out _);
        return QomTypeNames.IsValidTypeName(chars);
    }

    /// <summary>The line number of the <paramref name="rank"/>-th name in ordinal order.</summary>
    internal int LineByName(int rank) => Index.LineByName(rank);

    /// <summary>The registration record of the type at <paramref name="index"/>, made on first use.</summary>
    internal QomTypeInfo TypeAt(int index)
    {
        // The records of all the types, allocated when the first is asked for (building a class needs none).
        var all = Volatile.Read(ref made) ?? Interlocked.CompareExchange(ref made, new QomTypeInfo?[Count], null) ?? made;
        if (Volatile.Read(ref all[index]) is { } info)
        {
            return info;
        }

        ReadType(index, out var name, out var parent, out var flags, out var interfaceList);

        // Siblings share their parent's name: one string for a run of them.
        string? parentName = lastParentName;
        if (parentName is null || !Ascii.Equals(parent, parentName))
        {
            parentName = lastParentName = Encoding.UTF8.GetString(parent);
        }

        info = new QomTypeInfo(Encoding.UTF8.GetString(name), parentName, flags, InterfaceNames(interfaceList), this, index);
        return Interlocked.CompareExchange(ref all[index], info, null) ?? info;
    }

    /// <summary>The registration record of the type at <paramref name="index"/> if one was made already, else null.</summary>
    internal QomTypeInfo? TypeIfMade(int index) => (uint)index < (uint)(Volatile.Read(ref made)?.Length ?? 0) ? Volatile.Read(ref made![index]) : null;

    /// <summary>
    /// The fields of the type at <paramref name="index"/>, read from the table without decoding
    /// anything: its name, its parent's name (empty for a root), its flags and its declared
    /// interface names (comma-separated; empty for none).
    /// </summary>
    internal void ReadType(int index, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> parent, out QomTypeFlags flags, out ReadOnlySpan<byte> interfaces)
    {
        // One pass with plain loops: a line is a few dozen bytes, and a loop here is inlined where a
        // vectorised search is a call into another assembly (through a stub in a ReadyToRun image)
        // with a set-up longer than the line.
        var line = Table[StartOf(Index, index)..];
        int at = 0;
        name = ScanField(line, ref at);
        parent = ScanField(line, ref at);
        flags = ParseFlags(ScanField(line, ref at));
        int end = at;
        while (end < line.Length && line[end] != (byte)'\n')
        {
            end++;
        }

        interfaces = line[at..end];
    }

    // The field starting at `at` (up to a tab, the line's newline or the table's end); `at` moves
    // past its tab, or stays at the newline or the end (the line's next fields are then empty).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<byte> ScanField(ReadOnlySpan<byte> line, scoped ref int at)
    {
        int start = at;
        int i = start;
        while (i < line.Length)
        {
            byte b = line[i];
            if (b == (byte)'\t')
            {
                at = i + 1;
                return line[start..i];
            }

            if (b == (byte)'\n')
            {
                break;
            }

            i++;
        }

        at = i;
        return line[start..i];
    }

    /// <summary>A comma-separated list of interface names from the table, as strings.</summary>
    internal static string[] InterfaceNames(ReadOnlySpan<byte> list) => list.IsEmpty ? [] : Encoding.UTF8.GetString(list).Split(',');

    /// <summary>
    /// Ordinal order (UTF-16 code units, the generator's sort order) of two UTF-8 names: a plain
    /// loop while both are ASCII (names are short, and it is code the runtime already has); names
    /// that differ after a byte above ASCII are compared decoded, since UTF-8 byte order is not
    /// UTF-16 order for every character.
    /// </summary>
    internal static int CompareNames(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            int x = a[i];
            int y = b[i];
            if ((x | y) >= 0x80)
            {
                return a[i..].SequenceEqual(b[i..]) ? 0 : string.CompareOrdinal(Encoding.UTF8.GetString(a), Encoding.UTF8.GetString(b));
            }

            int difference = x - y;
            if (difference != 0)
            {
                return difference;
            }
        }

        return a.Length - b.Length;
    }

    private TableIndex BuildIndex()
    {
        var table = Table;
        var generated = Starts;
        if (!generated.IsEmpty)
        {
            // The generator wrote where each line starts, its lines are sorted by name and their
            // names are checked: nothing to do per type, nothing allocated.
            return new TableIndex(null, generated.Length, null);
        }

        // Sized once from the line count (lines may be empty; those are skipped), so a module of
        // 2,000 types grows no list while its table is indexed.
        int capacity = table.Count((byte)'\n') + (table.IsEmpty || table[^1] == (byte)'\n' ? 0 : 1);
        var starts = new int[capacity];
        int count = 0;
        bool sorted = true;
        int previousStart = 0;
        int previousLength = 0;
        int at = 0;
        while (at < table.Length)
        {
            int end = table[at..].IndexOf((byte)'\n');
            end = end < 0 ? table.Length : at + end;
            var line = table[at..end];
            if (!line.IsEmpty)
            {
                var fields = line;
                var name = NextField(ref fields);
                NextField(ref fields);
                var flags = NextField(ref fields);
                if (name.IsEmpty || flags.IsEmpty || fields.IndexOf((byte)'\t') >= 0)
                {
                    throw new FormatException($"QOM module '{Name}': malformed type table line {count}");
                }

                ParseFlags(flags);
                sorted &= count == 0 || CompareNames(table.Slice(previousStart, previousLength), name) < 0;
                previousStart = at;
                previousLength = name.Length;
                starts[count] = at;
                count++;
            }

            at = end + 1;
        }

        if (count != capacity)
        {
            Array.Resize(ref starts, count);
        }

        int[]? byName = null;
        if (!sorted)
        {
            // A table written by hand: sort its line numbers by name once.
            byName = new int[count];
            for (int i = 0; i < byName.Length; i++)
            {
                byName[i] = i;
            }

            Array.Sort(byName, (a, b) => CompareNames(NameAt(Table, starts[a]), NameAt(Table, starts[b])));
        }

        return new TableIndex(starts, count, byName);
    }

    private static ReadOnlySpan<byte> NameAt(ReadOnlySpan<byte> table, int start)
    {
        var rest = table[start..];
        int tab = rest.IndexOfAny((byte)'\t', (byte)'\n');
        return tab < 0 ? rest : rest[..tab];
    }

    private sealed class TableIndex(int[]? starts, int count, int[]? byName)
    {
        // Where each line starts: a type's index is its line's position here; null when the
        // generator wrote it (TypeTableStarts).
        public readonly int[]? Starts = starts;

        public readonly int Count = count;

        // The line numbers in name order; null when the table is sorted already (as generated tables are).
        private readonly int[]? byName = byName;

        // The names were found legal and unique within the module (once per module, not per context).
        public volatile bool NamesVerified;

        public int LineByName(int rank) => byName is null ? rank : byName[rank];
    }

    private static ReadOnlySpan<byte> NextField(scoped ref ReadOnlySpan<byte> line)
    {
        int tab = line.IndexOf((byte)'\t');
        if (tab < 0)
        {
            var last = line;
            line = [];
            return last;
        }

        var field = line[..tab];
        line = line[(tab + 1)..];
        return field;
    }

    private QomTypeFlags ParseFlags(ReadOnlySpan<byte> digits)
    {
        int value = 0;
        foreach (byte digit in digits)
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                throw MalformedFlags();
            }

            value = (value * 10) + (digit - '0');
        }

        return (QomTypeFlags)value;
    }

    // Out of line, so that reading a type's flags does not pay for the message's formatter frame.
    private FormatException MalformedFlags() => new($"QOM module '{Name}': malformed flags in its type table");

    /// <summary>Creates an instance of the concrete type at <paramref name="index"/> (fields at their defaults).</summary>
    protected internal abstract QomObject CreateInstance(int index);

    /// <summary>
    /// The factory of the concrete type at <paramref name="index"/>, which its class keeps so that
    /// each creation is one delegate call. By default it calls <see cref="CreateInstance"/>.
    /// </summary>
    protected internal virtual Func<QomObject> GetInstanceFactory(int index) => () => CreateInstance(index);

    /// <summary>
    /// The type's creation as one call (generated modules): a new instance with its class, class
    /// property defaults and every instance init and post-init hook of its chain run (see
    /// <see cref="QomObject.InitializeNewInstance"/>); null for an abstract type or a module
    /// without it. Used only when <see cref="HasInstanceHookChains"/> holds for every module of
    /// the type's chain.
    /// </summary>
    protected internal virtual Func<QomClass, QomObject>? GetInstanceCreator(int index) => null;

    /// <summary>
    /// Whether the module's types run their instance init and post-init hooks through the virtual
    /// chains of <see cref="QomObject"/> (a generated module); a type whose chain has a type of a
    /// module without them is created through the hook delegates.
    /// </summary>
    protected internal virtual bool HasInstanceHookChains => false;

    /// <summary>
    /// The index of the type whose generated class is <paramref name="type"/>, or -1: how the typed
    /// <see cref="QomContext.New{T}"/> finds a type's QOM name (modules without classes: -1).
    /// </summary>
    protected internal virtual int IndexOfClrType(Type type) => -1;

    /// <summary>Creates the class struct of a type flagged <see cref="QomTypeFlags.ClassFactory"/>.</summary>
    protected internal virtual QomClass CreateClass(int index) => new();

    /// <summary>Runs the class init of a type flagged <see cref="QomTypeFlags.ClassInit"/>.</summary>
    protected internal virtual void RunClassInit(int index, QomClass klass)
    {
    }

    /// <summary>Runs the class base init of a type flagged <see cref="QomTypeFlags.ClassBaseInit"/> on a descendant's class.</summary>
    protected internal virtual void RunClassBaseInit(int index, QomClass klass)
    {
    }

    // The per-instance hooks are handed out as delegates, which each class fetches once and keeps:
    // creating or finalizing an object then calls them directly, with no dispatch by index.

    /// <summary>The instance init of a type flagged <see cref="QomTypeFlags.InstanceInit"/>.</summary>
    protected internal virtual Action<QomObject>? GetInstanceInit(int index) => null;

    /// <summary>The instance post-init of a type flagged <see cref="QomTypeFlags.InstancePostInit"/>.</summary>
    protected internal virtual Action<QomObject>? GetInstancePostInit(int index) => null;

    /// <summary>The finalize of a type flagged <see cref="QomTypeFlags.InstanceFinalize"/>.</summary>
    protected internal virtual Action<QomObject>? GetInstanceFinalize(int index) => null;

    /// <summary>Creates the class properties declared by a type flagged <see cref="QomTypeFlags.Properties"/>.</summary>
    protected internal virtual QomProperty[] CreateProperties(int index) => [];

    /// <inheritdoc/>
    public override string ToString() => Name;
}
