using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace QomSharp;

/// <summary>
/// A class's flattened name → class-property map, valid for one property generation. The names
/// are all known when the map is built, so it is a perfect hash table: a seed is searched for that
/// puts every name in a slot of its own, and a look-up is one hash, one slot and one comparison,
/// with no cache to keep and nothing allocated. Names whose hashes cannot be told apart (in
/// practice never) fall back to linear probing in the same table.
/// </summary>
internal sealed class QomPropertyMap
{
    // Seeds tried per table size before the table grows: odd multipliers, fixed so the layout is
    // the same in every run.
    private const int SeedsPerSize = 16;
    private const ulong SeedStep = 0x9E3779B97F4A7C15;
    private const int MaxExtraBits = 3;

    private readonly string?[] keys;
    private readonly QomProperty?[] values;
    private readonly uint seed;
    private readonly int shift;
    private readonly bool perfect;

    public QomPropertyMap(int generation, IEnumerable<QomProperty> properties)
    {
        Generation = generation;

        // Nearest class first: a name already present is an ancestor's that the class's own hides.
        var names = new List<QomProperty>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in properties)
        {
            if (seen.Add(property.Name))
            {
                names.Add(property);
            }
        }

        var hashes = new uint[names.Count];
        for (int i = 0; i < hashes.Length; i++)
        {
            hashes[i] = (uint)QomNameTable.Hash(names[i].Name);
        }

        int minBits = 1;
        while ((1 << minBits) < names.Count * 2)
        {
            minBits++;
        }

        for (int bits = minBits; bits <= minBits + MaxExtraBits; bits++)
        {
            keys = new string?[1 << bits];
            values = new QomProperty?[1 << bits];
            ulong candidate = SeedStep;
            for (int attempt = 0; attempt < SeedsPerSize; attempt++, candidate += SeedStep)
            {
                uint trial = (uint)candidate | 1;
                if (TryPlacePerfectly(hashes, names, 32 - bits, trial, keys, values))
                {
                    seed = trial;
                    shift = 32 - bits;
                    perfect = true;
                    return;
                }
            }
        }

        // Hashes that no seed separates: probe linearly from the slot.
        seed = unchecked((uint)SeedStep) | 1;
        shift = 32 - minBits;
        keys = new string?[1 << minBits];
        values = new QomProperty?[1 << minBits];
        int mask = keys.Length - 1;
        for (int n = 0; n < names.Count; n++)
        {
            int i = Slot(hashes[n], seed, shift);
            while (keys[i] is not null)
            {
                i = (i + 1) & mask;
            }

            keys[i] = names[n].Name;
            values[i] = names[n];
        }
    }

    public int Generation { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public QomProperty? Find(ReadOnlySpan<char> name)
    {
        int i = Slot((uint)QomNameTable.Hash(name), seed, shift);
        ref string? key = ref MemoryMarshal.GetArrayDataReference(keys);
        string? candidate = Unsafe.Add(ref key, i);
        if (candidate is not null && QomNameTable.SameName(name, candidate))
        {
            return Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(values), i);
        }

        return perfect || candidate is null ? null : Probe(name, i);
    }

    // The last property found by a string, keyed by the string's identity: a name held in a field
    // or a constant (a device's own code, a benchmark loop) skips the hash. Immutable, so threads
    // may race on it; names sliced from a command line use the span look-up and never touch it.
    private sealed record Recent(string Name, QomProperty Property);

    private Recent? recent;

    public QomProperty? Find(string name)
    {
        var last = Volatile.Read(ref recent);
        if (last is not null && ReferenceEquals(last.Name, name))
        {
            return last.Property;
        }

        var found = Find(name.AsSpan());
        if (found is not null)
        {
            Volatile.Write(ref recent, new Recent(name, found));
        }

        return found;
    }

    private QomProperty? Probe(ReadOnlySpan<char> name, int start)
    {
        int mask = keys.Length - 1;
        for (int i = (start + 1) & mask; keys[i] is { } candidate; i = (i + 1) & mask)
        {
            if (name.SequenceEqual(candidate))
            {
                return values[i];
            }
        }

        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(uint hash, uint seed, int shift) => (int)((hash * seed) >> shift);

    private static bool TryPlacePerfectly(uint[] hashes, List<QomProperty> names, int shift, uint seed, string?[] keys, QomProperty?[] values)
    {
        Array.Clear(keys);
        Array.Clear(values);
        for (int n = 0; n < names.Count; n++)
        {
            int i = Slot(hashes[n], seed, shift);
            if (keys[i] is not null)
            {
                return false;
            }

            keys[i] = names[n].Name;
            values[i] = names[n];
        }

        return true;
    }
}
