namespace QomSharp.Tool;

/// <summary>
/// QEMU's <c>-incoming</c> as it reads the value while parsing its options: <c>defer</c> (the guest
/// waits for a <c>migrate-incoming</c> that gives the channel), a URI (<c>tcp:</c>, <c>unix:</c>,
/// <c>exec:</c>, <c>fd:</c>, <c>file:</c>, <c>rdma:</c>, <c>vsock:</c>) or migration channel options
/// (<c>channel-type</c> implied). The refusals QEMU makes at that point are QEMU's; a value it would
/// accept is returned, and refused later, since nothing here can receive a migration.
/// </summary>
internal static class IncomingOption
{
    /// <summary>Null for <c>defer</c>; otherwise the option, to be refused where QEMU would start receiving.</summary>
    public static ToolOption? Read(ToolOption option)
    {
        string value = option.Value ?? string.Empty;
        if (value == "defer")
        {
            return null;
        }

        if (IsUri(value))
        {
            // QEMU parses the URI at once: an unknown protocol or a malformed address is refused here.
            try
            {
                QomSharp.Qdev.IncomingMigration.ParseUri(value);
            }
            catch (QomException failure)
            {
                throw new ToolError(option.Location, failure.Message);
            }

            return option;
        }

        // Channel options, the channel type implied: the forms that have no address.
        if (value.Length == 0)
        {
            throw new ToolError(option.Location, "Parameter 'channel-type' is missing");
        }

        if (!value.StartsWith('{') && value.IndexOfAny([',', '=']) < 0)
        {
            throw new ToolError(option.Location, value is "main" or "cpr"
                ? "Parameter 'addr' is missing"
                : $"Parameter 'channel-type' does not accept value '{value}'");
        }

        int comma = value.IndexOf(',', System.StringComparison.Ordinal);
        if (!value.StartsWith('{') && comma >= 0)
        {
            // After the implied channel type, each parameter needs its value.
            foreach (string part in value[(comma + 1)..].Split(','))
            {
                if (part.Length > 0 && !part.Contains('=', System.StringComparison.Ordinal))
                {
                    throw new ToolError(option.Location, $"Expected '=' after parameter '{part}'");
                }
            }
        }

        return option;
    }

    // QEMU's migrate_is_uri: letters, then a colon.
    public static bool IsUri(string value)
    {
        int i = 0;
        while (i < value.Length && value[i] != ':')
        {
            if (!char.IsAsciiLetter(value[i]))
            {
                return false;
            }

            i++;
        }

        return i < value.Length;
    }
}
