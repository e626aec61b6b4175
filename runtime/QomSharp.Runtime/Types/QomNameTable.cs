using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace QomSharp;

/// <summary>
/// An insert-only map from type names to a context's type entries with lock-free reads: open
/// addressing over the entries themselves (each holds its name and hash), so a reader sees either
/// no entry or a complete one while a writer (holding the caller's lock) inserts, and entering a
/// type allocates nothing but its entry. Lookups take spans, so names sliced from a command line
/// need no string. Chosen over FrozenDictionary because registration must stay cheap at any time
/// and over Dictionary because of the lock-free reads and a cheaper hash.
/// </summary>
internal sealed class QomNameTable
{
    // Recently found entries by name length (as QEMU keys its cast caches by the type-name
    // pointer): a name held in a field or a constant is found with one reference compare. An
    // entry found by the content of another string takes that string as its key (equal strings,
    // so no reader can tell), and the next look-up with it is a reference compare too.
    private const int RecentSize = 16;
    private readonly QomTypeEntry?[] recent = new QomTypeEntry?[RecentSize];
    private QomTypeEntry?[] slots = new QomTypeEntry?[64];
    private int count;

    public int Count => Volatile.Read(ref count);

    // The identity hit is inlined into the caller; everything else is a call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public QomTypeEntry? Find(string key)
    {
        var hit = Volatile.Read(ref recent[key.Length & (RecentSize - 1)]);
        return hit is not null && ReferenceEquals(hit.Key, key) ? hit : FindUncached(key);
    }

    private QomTypeEntry? FindUncached(string key)
    {
        ref QomTypeEntry? cached = ref recent[key.Length & (RecentSize - 1)];
        var entry = Volatile.Read(ref cached);
        if (entry is null || !key.AsSpan().SequenceEqual(entry.Key))
        {
            entry = FindEntry(key);
            if (entry is null)
            {
                return null;
            }

            Volatile.Write(ref cached, entry);
        }

        // The caller's string becomes the key, so that the next look-up with it is one reference compare.
        entry.Key = key;
        return entry;
    }

    public QomTypeEntry? Find(ReadOnlySpan<char> key)
    {
        // Names sliced from a larger string (a command line) match the recent entry by content.
        ref QomTypeEntry? cached = ref recent[key.Length & (RecentSize - 1)];
        var hit = Volatile.Read(ref cached);
        if (hit is not null && SameName(key, hit.Key))
        {
            return hit;
        }

        var entry = FindEntry(key);
        if (entry is not null)
        {
            Volatile.Write(ref cached, entry);
        }

        return entry;
    }

    private QomTypeEntry? FindEntry(ReadOnlySpan<char> key)
    {
        var table = Volatile.Read(ref slots);
        int hash = Hash(key);
        int mask = table.Length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask)
        {
            var entry = Volatile.Read(ref table[i]);
            if (entry is null)
            {
                return null;
            }

            if (entry.Hash == hash && key.SequenceEqual(entry.Key))
            {
                return entry;
            }
        }
    }

    /// <summary>Adds an entry; the caller serialises writers. Returns false if its name exists.</summary>
    public bool TryAdd(QomTypeEntry added)
    {
        if (FindEntry(added.Key) is not null)
        {
            return false;
        }

        if (!Fits(count + 1, slots.Length))
        {
            var grown = new QomTypeEntry?[slots.Length * 2];
            foreach (var entry in slots)
            {
                if (entry is not null)
                {
                    Place(grown, entry);
                }
            }

            Volatile.Write(ref slots, grown);
        }

        Place(slots, added);
        Volatile.Write(ref count, count + 1);
        return true;
    }

    /// <summary>Grows the table once so that <paramref name="additional"/> more keys fit.</summary>
    public void EnsureCapacity(int additional) => EnsureTotalCapacity(count + additional);

    /// <summary>Grows the table once so that <paramref name="total"/> keys in all fit.</summary>
    public void EnsureTotalCapacity(int total)
    {
        if (Fits(total, slots.Length))
        {
            return;
        }

        int size = slots.Length;
        while (!Fits(total, size))
        {
            size *= 2;
        }

        var grown = new QomTypeEntry?[size];
        foreach (var entry in slots)
        {
            if (entry is not null)
            {
                Place(grown, entry);
            }
        }

        Volatile.Write(ref slots, grown);
    }

    // At most two thirds full: every entry holds its hash, so a probe past a neighbour is one
    // compare, and a module of 2,300 names takes 32 KB of slots rather than 64.
    private static bool Fits(int entries, int slotCount) => entries * 3 <= slotCount * 2;

    public void CopyValuesTo(System.Collections.Generic.List<QomTypeEntry> destination)
    {
        foreach (var entry in Volatile.Read(ref slots))
        {
            if (entry is not null)
            {
                destination.Add(entry);
            }
        }
    }

    private static void Place(QomTypeEntry?[] table, QomTypeEntry entry)
    {
        int mask = table.Length - 1;
        int i = entry.Hash & mask;
        while (table[i] is not null)
        {
            i = (i + 1) & mask;
        }

        Volatile.Write(ref table[i], entry);
    }

    /// <summary>
    /// Ordinal equality of a name and a string, inlined: type and property names are short, and
    /// the general comparison is a call. Every read stays inside both (the last word read overlaps
    /// the one before it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool SameName(ReadOnlySpan<char> name, string candidate)
    {
        if (name.Length != candidate.Length)
        {
            return false;
        }

        nuint bytes = (nuint)(uint)name.Length * sizeof(char);
        ref byte a = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(name));
        ref byte b = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(candidate.AsSpan()));
        if (bytes >= sizeof(ulong))
        {
            nuint last = bytes - sizeof(ulong);
            for (nuint i = 0; i < last; i += sizeof(ulong))
            {
                if (Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref a, i)) != Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, i)))
                {
                    return false;
                }
            }

            return Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref a, last)) == Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, last));
        }

        if (bytes >= sizeof(uint))
        {
            nuint last = bytes - sizeof(uint);
            return Unsafe.ReadUnaligned<uint>(ref a) == Unsafe.ReadUnaligned<uint>(ref b)
                && Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref a, last)) == Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref b, last));
        }

        return bytes == 0 || Unsafe.ReadUnaligned<ushort>(ref a) == Unsafe.ReadUnaligned<ushort>(ref b);
    }

    // A cheap non-cryptographic hash: the length plus the first and last 8 bytes (overlapping for
    // short names) and, for long names, the middle 8 bytes. Every name is still compared in full,
    // so names that agree on those bytes only cost a probe; the reads are independent, so the hash
    // costs a few cycles instead of a dependent multiply chain over every word.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Hash(ReadOnlySpan<char> key)
    {
        const ulong K1 = 0x9E3779B97F4A7C15;
        const ulong K2 = 0xC2B2AE3D27D4EB4F;
        // A name's byte length cannot overflow (strings are far shorter than int.MaxValue / 2).
        int length = key.Length * sizeof(char);
        ref byte start = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(key));
        ulong first;
        ulong last;
        if (length >= 8)
        {
            first = Unsafe.ReadUnaligned<ulong>(ref start);
            last = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, length - 8));
            if (length > 24)
            {
                first ^= Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, (length / 2) - 4)) * K2;
            }
        }
        else if (length >= 4)
        {
            first = Unsafe.ReadUnaligned<uint>(ref start);
            last = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, length - 4));
        }
        else
        {
            first = length >= 2 ? Unsafe.ReadUnaligned<ushort>(ref start) : 0UL;
            last = 0;
        }

        // A multiply mixes low bits only upwards, so fold and multiply once more and keep the high
        // bits: names that differ only in their last characters must differ in the slot index too.
        ulong h = ((first * K1) ^ (last * K2)) + (ulong)length;
        h = (h ^ (h >> 32)) * K1;
        return (int)(h >> 33);
    }
}
