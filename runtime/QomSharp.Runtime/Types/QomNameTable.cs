using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace QomSharp;

/// <summary>
/// An insert-only map from names to values with lock-free reads: open addressing over immutable
/// entries, so a reader sees either no entry or a complete one while a writer (holding the
/// caller's lock) inserts. Lookups take spans, so names sliced from a command line need no string.
/// Chosen over FrozenDictionary because registration must stay cheap at any time (2,000 types in
/// well under a millisecond) and over Dictionary because of the lock-free reads and a cheaper hash.
/// </summary>
internal sealed class QomNameTable<TValue> where TValue : class
{
    private sealed class Entry(string key, int hash, TValue value)
    {
        public readonly string Key = key;
        public readonly int Hash = hash;
        public readonly TValue Value = value;
    }

    private Entry?[] slots = new Entry?[64];
    private int count;

    public int Count => Volatile.Read(ref count);

    public TValue? Find(ReadOnlySpan<char> key)
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
                return entry.Value;
            }
        }
    }

    /// <summary>Adds a value; the caller serialises writers. Returns false if the key exists.</summary>
    public bool TryAdd(string key, TValue value)
    {
        if (Find(key) is not null)
        {
            return false;
        }

        if ((count + 1) * 2 > slots.Length)
        {
            var grown = new Entry?[slots.Length * 2];
            foreach (var entry in slots)
            {
                if (entry is not null)
                {
                    Place(grown, entry);
                }
            }

            Volatile.Write(ref slots, grown);
        }

        Place(slots, new Entry(key, Hash(key), value));
        Volatile.Write(ref count, count + 1);
        return true;
    }

    /// <summary>Grows the table once so that <paramref name="additional"/> more keys fit.</summary>
    public void EnsureCapacity(int additional)
    {
        int needed = (count + additional) * 2;
        if (needed <= slots.Length)
        {
            return;
        }

        int size = slots.Length;
        while (size < needed)
        {
            size *= 2;
        }

        var grown = new Entry?[size];
        foreach (var entry in slots)
        {
            if (entry is not null)
            {
                Place(grown, entry);
            }
        }

        Volatile.Write(ref slots, grown);
    }

    public void CopyValuesTo(System.Collections.Generic.List<TValue> destination)
    {
        foreach (var entry in Volatile.Read(ref slots))
        {
            if (entry is not null)
            {
                destination.Add(entry.Value);
            }
        }
    }

    private static void Place(Entry?[] table, Entry entry)
    {
        int mask = table.Length - 1;
        int i = entry.Hash & mask;
        while (table[i] is not null)
        {
            i = (i + 1) & mask;
        }

        Volatile.Write(ref table[i], entry);
    }

    // A fast non-cryptographic hash over 8-byte words; names come from programs and command lines.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(ReadOnlySpan<char> key)
    {
        const ulong Multiplier = 0x9E3779B97F4A7C15;
        var bytes = MemoryMarshal.AsBytes(key);
        ulong h = (ulong)bytes.Length * Multiplier;
        ref byte start = ref MemoryMarshal.GetReference(bytes);
        int i = 0;
        for (; i + 8 <= bytes.Length; i += 8)
        {
            h = (h ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i))) * Multiplier;
            h ^= h >> 29;
        }

        for (; i < bytes.Length; i += 2)
        {
            h = (h ^ Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref start, i))) * Multiplier;
        }

        h ^= h >> 32;
        return (int)h & int.MaxValue;
    }
}
