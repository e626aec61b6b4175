using QomSharp.Devices.Isa;

namespace QomSharp.Tool;

/// <summary>QEMU's <c>-rtc</c>: <c>base=utc|localtime|DATE</c>, <c>clock=host|rt|vm</c>, <c>driftfix=none|slew</c>, with QEMU's errors.</summary>
internal static class RtcOption
{
    public static RtcOptions Parse(ToolOption option, RtcOptions current)
    {
        var pairs = option.Value!.Split(',');

        // As QEMU's option parser: an unknown parameter is refused before any value is looked at.
        foreach (string pair in pairs)
        {
            int equals = pair.IndexOf('=');
            string key = equals < 0 ? pair : pair[..equals];
            if (key is not ("base" or "clock" or "driftfix"))
            {
                throw new ToolError(option.Location, $"Invalid parameter '{key}'");
            }
        }

        var result = current;
        foreach (string pair in pairs)
        {
            int equals = pair.IndexOf('=');
            string key = equals < 0 ? pair : pair[..equals];
            string value = equals < 0 ? "on" : pair[(equals + 1)..];
            switch (key)
            {
                case "base" when value == "utc":
                    result = result with { BaseSeconds = null, LocalTime = false };
                    break;
                case "base" when value == "localtime":
                    result = result with { BaseSeconds = null, LocalTime = true };
                    break;
                case "base":
                    long seconds = RtcOptions.ParseDate(value)
                        ?? throw new ToolError(null, "invalid datetime format", "valid formats: '2006-06-17T16:01:21' or '2006-06-17'\n");
                    result = result with { BaseSeconds = seconds, LocalTime = false };
                    break;
                case "clock":
                    result = result with
                    {
                        Clock = value switch
                        {
                            "host" => RtcClockKind.Host,
                            "rt" => RtcClockKind.Realtime,
                            "vm" => RtcClockKind.Virtual,
                            _ => throw new ToolError(null, $"invalid option value '{value}'"),
                        },
                    };
                    break;
                case "driftfix" when value is "none" or "slew":
                    break;
                default:
                    throw new ToolError(null, $"invalid option value '{value}'");
            }
        }

        return result;
    }
}
