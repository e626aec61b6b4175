using System;

namespace QomSharp.Devices.Host;

/// <summary>
/// A host description (JSON text, a sysfs tree, or a value inside either) is malformed. The message
/// always names the source (a file path, or "JSON" plus a JSON path) and what is wrong, so a user can
/// fix the input without reading the parser.
/// </summary>
public sealed class HostFormatException : Exception
{
    /// <summary>A problem in <paramref name="source"/>; the message is <c>source: problem</c>.</summary>
    public HostFormatException(string source, string problem, Exception? inner = null)
        : base($"{source}: {problem}", inner)
    {
        Source = source;
        Problem = problem;
    }

    /// <summary>Where the bad input came from: a file path or a JSON location.</summary>
    public new string Source { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }
}
