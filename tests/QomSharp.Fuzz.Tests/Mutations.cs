using System;
using System.Text;
using CsCheck;

namespace QomSharp.Fuzz.Tests;

/// <summary>
/// Inputs built from seeds (commands from the tests and the README) by a few random edits drawn
/// from a target's alphabet, mixed with wholly random strings of that alphabet. The edits are CsCheck
/// integers, so a failing input shrinks towards its seed.
/// </summary>
internal static class Mutations
{
    public static Gen<string> Of(string[] seeds, string alphabet, int maxRandomLength = 48) =>
        Gen.Frequency(
            (6, Gen.Select(Gen.Int[0, seeds.Length - 1], Gen.Int.Array[0, 6]).Select((seed, edits) => Mutate(seeds[seed], edits, alphabet))),
            (1, Gen.Int[0, seeds.Length - 1].Select(seed => seeds[seed])),
            (2, Gen.String[Gen.Char[alphabet], 0, maxRandomLength]));

    /// <summary>Applies one edit per integer: insert, delete, replace, duplicate a span, or cut.</summary>
    public static string Mutate(string seed, int[] edits, string alphabet)
    {
        var text = new StringBuilder(seed);
        foreach (int edit in edits)
        {
            uint e = unchecked((uint)edit);
            int position = text.Length == 0 ? 0 : (int)((e >> 3) % (uint)(text.Length + 1));
            char c = alphabet[(int)((e >> 13) % (uint)alphabet.Length)];
            int span = (int)((e >> 24) % 8) + 1;
            switch (e % 6)
            {
                case 0:
                    text.Insert(position, c);
                    break;
                case 1 when position < text.Length:
                    text.Remove(position, Math.Min(span, text.Length - position));
                    break;
                case 2 when position < text.Length:
                    text[position] = c;
                    break;
                case 3 when position < text.Length:
                    text.Insert(position, text.ToString(position, Math.Min(span, text.Length - position)));
                    break;
                case 4:
                    text.Insert(position, new string(c, span * 16));
                    break;
                default:
                    text.Length = position;
                    break;
            }
        }

        return text.ToString();
    }
}
