namespace QomSharp.Fuzz.Tests.Targets;

/// <summary>Every fuzzed entry point, by name.</summary>
internal static class AllTargets
{
    public static FuzzTarget[] Create() =>
    [
        OptionTargets.Keyval(),
        OptionTargets.QemuOpts(),
        OptionTargets.Global(),
        PropertyTarget.Create(),
        QmpTargets.InProcess(),
        QmpTargets.OverSocket(),
        QtestTarget.Create(),
        HostTargets.Json(),
        HostTargets.Sysfs(),
        ToolTarget.Create(),
    ];
}
