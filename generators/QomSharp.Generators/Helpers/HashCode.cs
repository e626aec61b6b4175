namespace QomSharp.Generators.Helpers;

/// <summary>
/// A small deterministic hash combiner (netstandard2.0 has no System.HashCode). Model hashes only
/// feed Roslyn's cache comparisons, so a simple FNV-style mix is enough.
/// </summary>
internal static class HashCode
{
    public static int Combine(int seed, int value)
    {
        unchecked
        {
            return (seed ^ value) * 16777619;
        }
    }
}
