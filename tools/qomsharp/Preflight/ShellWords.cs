using System.Collections.Generic;
using System.Linq;

namespace QomSharp.Tool.Preflight;

/// <summary>Arguments written as a POSIX shell reads them back: plain words as they are, others in single quotes.</summary>
internal static class ShellWords
{
    /// <summary>The arguments joined with spaces, each quoted if the shell would otherwise change it.</summary>
    public static string Join(IEnumerable<string> args) => string.Join(' ', args.Select(Quote));

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_=,.:/+@%".Contains(c))
            ? arg
            : "'" + arg.Replace("'", "'\\''", System.StringComparison.Ordinal) + "'";
}
