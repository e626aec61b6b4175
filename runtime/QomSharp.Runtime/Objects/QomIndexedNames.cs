using System;
using System.Collections.Concurrent;
using System.Globalization;

namespace QomSharp;

/// <summary>
/// The names a <c>name[*]</c> property takes (<c>name[0]</c>, <c>name[1]</c>, ...), made once and
/// shared: every PCI function has its <c>bus master[0]</c>, every device its regions and GPIO lines,
/// and a machine with 100,000 devices would otherwise hold as many copies of each name. Only small
/// indices of a bounded number of stems are kept; the stems come from device code.
/// </summary>
internal static class QomIndexedNames
{
    private const int CachedIndices = 16;
    private const int MaxPatterns = 4096;
    // Keyed by the stem (the pattern without its "[*]"), looked up by span: a caller holding only
    // the stem (a memory region's name) makes no pattern string to ask.
    private static readonly ConcurrentDictionary<string, string?[]> ByStem = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string?[]>.AlternateLookup<ReadOnlySpan<char>> ByStemSpan =
        ByStem.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The name with index <paramref name="index"/> for <paramref name="pattern"/> (which ends in <c>[*]</c>).</summary>
    public static string Get(string pattern, int index) => ForStem(pattern.AsSpan(0, pattern.Length - 3), index);

    /// <summary>The name with index <paramref name="index"/> for <paramref name="stem"/> (<c>stem[index]</c>).</summary>
    public static string ForStem(ReadOnlySpan<char> stem, int index)
    {
        if (index < CachedIndices && (ByStemSpan.TryGetValue(stem, out var names) || TryAdd(stem, out names)))
        {
            return names[index] ??= Format(stem, index);
        }

        return Format(stem, index);
    }

    private static bool TryAdd(ReadOnlySpan<char> stem, out string?[] names)
    {
        if (ByStem.Count >= MaxPatterns)
        {
            names = [];
            return false;
        }

        names = ByStem.GetOrAdd(stem.ToString(), static _ => new string?[CachedIndices]);
        return true;
    }

    private static string Format(ReadOnlySpan<char> stem, int index) =>
        string.Concat(stem, "[", index.ToString(CultureInfo.InvariantCulture), "]");
}
