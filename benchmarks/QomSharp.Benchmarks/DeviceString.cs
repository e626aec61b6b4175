using System;

namespace QomSharp.Benchmarks;

/// <summary>
/// W9 for QomSharp: split "driver,key=value,..." at commas, create the driver by name, set each
/// property through the string input path, then drop the object. (The full QemuOpts grammar with
/// ",," escapes belongs to the command-line layer; the workload only feeds plain pairs.)
/// </summary>
public static class DeviceString
{
    public static QomObject CreateAndDestroy(QomContext context, string options)
    {
        var rest = options.AsMemory();
        int comma = rest.Span.IndexOf(',');
        var driver = comma < 0 ? rest : rest[..comma];
        var obj = context.New(driver.Span);
        try
        {
            while (comma >= 0)
            {
                rest = rest[(comma + 1)..];
                comma = rest.Span.IndexOf(',');
                var pair = comma < 0 ? rest : rest[..comma];
                int eq = pair.Span.IndexOf('=');
                obj.SetPropertyValue(obj.GetPropertyOrThrow(pair.Span[..eq]), QomInput.FromString(pair[(eq + 1)..]));
            }
        }
        finally
        {
            obj.Unref();
        }

        return obj;
    }
}
