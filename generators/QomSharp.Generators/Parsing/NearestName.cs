using System;
using System.Collections.Generic;

namespace QomSharp.Generators.Parsing;

/// <summary>
/// "Did you mean ...?": the known name closest to a misspelt one by edit distance (insertions,
/// deletions, substitutions and transpositions of neighbours each count one), if it is close
/// enough to be a likely typo. Used by every analyzer that reports an unknown name.
/// </summary>
internal static class NearestName
{
    /// <summary>
    /// The candidate nearest to <paramref name="name"/> within a third of its length (at least one
    /// edit); ties go to the ordinally smaller name, so the answer is deterministic. Null when none is close.
    /// </summary>
    public static string? Find(string name, IEnumerable<string> candidates)
    {
        int limit = Math.Max(1, name.Length / 3);
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            if (candidate == name || Math.Abs(candidate.Length - name.Length) > limit)
            {
                continue;
            }

            int distance = Distance(name, candidate);
            if (distance <= limit &&
                (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0)))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>The optimal-string-alignment distance between two strings.</summary>
    public static int Distance(string a, string b)
    {
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return previous[b.Length];
    }

    /// <summary>The message suffix for a suggestion: <c>; did you mean 'x'?</c>, or empty.</summary>
    public static string Suggestion(string? nearest) => nearest is null ? string.Empty : $"; did you mean '{nearest}'?";
}
