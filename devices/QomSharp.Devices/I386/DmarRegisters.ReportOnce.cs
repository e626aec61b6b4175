using System;
using System.Runtime.CompilerServices;

namespace QomSharp.Devices.I386;

public sealed partial class DmarRegisters
{
    // QEMU's error_report_once: each site's text once a process.
    private void ReportOnce(string site, string text)
    {
        if (reportedOnce.Add(site))
        {
            ErrorReport?.Invoke(text + "\n");
        }
    }

    // The same for a text with values in it: formatted only the first time its site reports, so a
    // guest that faults on every access costs no string per access.
    private void ReportOnce(string site, [InterpolatedStringHandlerArgument("", "site")] ref OnceText text)
    {
        if (text.ToStringIfFirst() is { } first)
        {
            ErrorReport?.Invoke(first + "\n");
        }
    }

    /// <summary>An interpolated text that is built only when its site has not reported yet.</summary>
    [InterpolatedStringHandler]
    private ref struct OnceText
    {
        private DefaultInterpolatedStringHandler inner;
        private readonly bool first;

        public OnceText(int literalLength, int formattedCount, DmarRegisters owner, string site, out bool shouldAppend)
        {
            first = owner.reportedOnce.Add(site);
            inner = first ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
            shouldAppend = first;
        }

        public void AppendLiteral(string value) => inner.AppendLiteral(value);

        public void AppendFormatted<T>(T value) => inner.AppendFormatted(value);

        public void AppendFormatted<T>(T value, string? format) => inner.AppendFormatted(value, format);

        public void AppendFormatted(ReadOnlySpan<char> value) => inner.AppendFormatted(value);

        public void AppendFormatted(string? value) => inner.AppendFormatted(value);

        public string? ToStringIfFirst() => first ? inner.ToStringAndClear() : null;
    }
}
