using System;

namespace QomSharp.Options;

/// <summary>
/// One <c>-global</c> setting: <see cref="Value"/> for <see cref="Property"/> of every object that is a
/// <see cref="Driver"/> (semantics 2.18).
/// </summary>
/// <param name="Driver">A type name (any ancestor type or interface).</param>
/// <param name="Property">The property name.</param>
/// <param name="Value">The value, parsed later with the string input visitor.</param>
public sealed record GlobalOption(string Driver, string Property, string Value)
{
    /// <summary>QEMU reads the short form into 64-byte buffers: 63 characters at most per part.</summary>
    public const int MaxShortFormPartLength = 63;

    /// <summary>
    /// Parses a <c>-global</c> argument (QEMU's <c>qemu_global_option</c>): <c>DRIVER.PROP=VALUE</c>,
    /// where DRIVER (1..63 characters) has no <c>.</c> or <c>=</c> and PROP (1..63) has no <c>=</c>;
    /// otherwise the QemuOpts form <c>driver=..,property=..,value=..</c>, all three required.
    /// </summary>
    /// <param name="text">The argument.</param>
    /// <param name="globalGroup">
    /// The <c>global</c> group, to keep <c>id=</c> unique across <c>-global</c> options; a fresh one
    /// when null.
    /// </param>
    /// <exception cref="QomException">QEMU's message for a malformed argument.</exception>
    public static GlobalOptionResult Parse(string text, QemuOptsGroup? globalGroup = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParseShortForm(text) is { } shortForm)
        {
            return new GlobalOptionResult(shortForm, HelpRequested: false, []);
        }

        QemuOptsResult opts = QemuOptsParser.Parse(text, impliedName: null, globalGroup ?? QemuOptsGroup.CreateGlobal());
        if (opts.HelpRequested)
        {
            return new GlobalOptionResult(null, HelpRequested: true, opts.Warnings);
        }

        string? driver = opts.Get("driver");
        string? property = opts.Get("property");
        string? value = opts.Get("value");
        if (driver is null || property is null || value is null)
        {
            throw new QomException("options 'driver', 'property', and 'value' are required");
        }

        return new GlobalOptionResult(new GlobalOption(driver, property, value), HelpRequested: false, opts.Warnings);
    }

    /// <summary>QEMU matches <c>%63[^.=].%63[^=]</c> followed by <c>=</c>; anything else falls back.</summary>
    private static GlobalOption? TryParseShortForm(string text)
    {
        int driverEnd = 0;
        while (driverEnd < text.Length && driverEnd < MaxShortFormPartLength && text[driverEnd] is not ('.' or '='))
        {
            driverEnd++;
        }

        if (driverEnd == 0 || driverEnd >= text.Length || text[driverEnd] != '.')
        {
            return null;
        }

        int propertyStart = driverEnd + 1;
        int propertyEnd = propertyStart;
        while (propertyEnd < text.Length && propertyEnd - propertyStart < MaxShortFormPartLength && text[propertyEnd] != '=')
        {
            propertyEnd++;
        }

        if (propertyEnd == propertyStart || propertyEnd >= text.Length || text[propertyEnd] != '=')
        {
            return null;
        }

        return new GlobalOption(text[..driverEnd], text[propertyStart..propertyEnd], text[(propertyEnd + 1)..]);
    }
}
