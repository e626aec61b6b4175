using System;
using System.Collections.Concurrent;
using System.Globalization;

namespace QomSharp;

/// <summary>
/// The names a <c>name[*]</c> property takes (<c>name[0]</c>, <c>name[1]</c>, ...), made once and
/// shared: every PCI function has its <c>bus master[0]</c>, every device its regions and GPIO lines,
/// and a machine with 100,000 devices would otherwise hold as many copies of each name. Only small
/// indices of a bounded number of patterns are kept; the patterns come from device code.
/// </summary>
internal static class QomIndexedNames
{
    private const int CachedIndices = 16;
    private const int MaxPatterns = 4096;
    private static readonly ConcurrentDictionary<string, string?[]> ByPattern = new(StringComparer.Ordinal);

    /// <summary>The name with index <paramref name="index"/> for <paramref name="pattern"/> (which ends in <c>[*]</c>).</summary>
    public static string Get(string pattern, int index)
    {
        if (index < CachedIndices && (ByPattern.TryGetValue(pattern, out var names) || TryAdd(pattern, out names)))
        {
            return names[index] ??= Format(pattern, index);
        }

        return Format(pattern, index);
    }

    private static bool TryAdd(string pattern, out string?[] names)
    {
        if (ByPattern.Count >= MaxPatterns)
        {
            names = [];
            return false;
        }

        names = ByPattern.GetOrAdd(pattern, static _ => new string?[CachedIndices]);
        return true;
    }

    private static string Format(string pattern, int index) =>
        string.Concat(pattern.AsSpan(0, pattern.Length - 3), "[", index.ToString(CultureInfo.InvariantCulture), "]");
}
