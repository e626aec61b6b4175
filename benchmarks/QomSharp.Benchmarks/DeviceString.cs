using System;
using QomSharp.Options;

namespace QomSharp.Benchmarks;

/// <summary>
/// W9 for QomSharp: the runtime's QemuOpts reader splits "driver,key=value,..." (its grammar is a
/// superset of the workload's plain pairs: <c>,,</c> escapes, an implied driver), the driver is
/// created by name, each property is set through the string input path from its slice of the
/// option string (no copy but the one a string property keeps), then the object is dropped.
/// </summary>
public static class DeviceString
{
    public static QomObject CreateAndDestroy(QomContext context, string options)
    {
        var items = new QemuOptsReader(options, "driver");
        items.Read();
        var obj = items.IsValueVerbatim
            ? context.New(options.AsSpan(items.ValueStart, items.ValueLength))
            : context.New(items.ValueString());
        try
        {
            while (items.Read())
            {
                obj.SetPropertyValue(obj.GetPropertyOrThrow(items.Name), items.ValueInput(keyval: false));
            }
        }
        finally
        {
            obj.Unref();
        }

        return obj;
    }
}
