namespace QomSharp.Json;

/// <summary>
/// The limits QEMU's JSON streamer puts on one value, so that no input can make a server allocate
/// without bound or recurse without bound.
/// </summary>
public static class QemuJsonLimits
{
    /// <summary>The most bytes one token, and all tokens of one value together, may hold (64 MiB).</summary>
    public const int MaxTokenSize = 64 << 20;

    /// <summary>The most tokens one value may hold.</summary>
    public const int MaxTokenCount = 2 << 20;

    /// <summary>The deepest nesting of objects and arrays one value may have.</summary>
    public const int MaxNesting = 1 << 10;
}
