using System.Linq;
using System.Text;

namespace QomSharp.Tool.Verdicts;

/// <summary>The verdict as people read it: what was skipped, each assigned device with its checks, the errors, the verdict.</summary>
internal static class VerdictText
{
    private const string Indent = "  ";

    /// <summary>The whole report, ending with the verdict line.</summary>
    public static string Format(PreflightReport report)
    {
        var text = new StringBuilder();
        text.Append("host: ").Append(report.Host).Append('\n');
        if (report.NotChecked.Count > 0)
        {
            text.Append("not checked (outside the model): ")
                .AppendJoin(", ", report.NotChecked.Select(o => o.Count > 1 ? $"{o.Option} (x{o.Count})" : o.Option)).Append('\n');
        }

        foreach (DeviceVerdict device in report.Devices)
        {
            text.Append('\n');
            AppendDevice(text, device);
        }

        if (report.Errors.Count > 0)
        {
            text.Append("\nerrors:\n");
            foreach (ConfigurationError error in report.Errors)
            {
                text.Append(Indent).Append(error.Location is null ? error.Message : $"{error.Location}: {error.Message}").Append('\n');
                if (error.Fix is not null)
                {
                    text.Append(Indent).Append(Indent).Append("fix: ").Append(error.Fix).Append('\n');
                }
            }
        }

        if (report.QemuWouldPrint is { } first)
        {
            text.Append("\nQEMU stops at the first: qemu-system-x86_64: ").Append(first).Append('\n');
        }

        text.Append(report.Devices.Count == 0 ? "\nno assigned device\n" : "\n")
            .Append("verdict: ").Append(report.Verdict.Name()).Append(" (exit ").Append((int)report.Verdict).Append(")\n");
        return text.ToString();
    }

    private static void AppendDevice(StringBuilder text, DeviceVerdict device)
    {
        text.Append(device.Id ?? device.HostAddress ?? "device").Append(": ").Append(device.Verdict.Name()).Append('\n');
        Row(text, "option", device.Option);
        string function = device.HostAddress ?? "(none given)";
        if (device.HostIds is not null)
        {
            function += $" [{device.HostIds}]";
        }

        if (device.HostDescription is not null)
        {
            function += " " + device.HostDescription;
        }

        function += device.HostDriver is null ? "" : $", driver {device.HostDriver}";
        Row(text, "host function", function);
        if (device.IommuGroup is { } group)
        {
            Row(text, "IOMMU", $"{device.IommuUnit}, group {group}" + (device.GroupMembers.Count == 0 ? ", no other function" : ""));
            foreach (GroupMember member in device.GroupMembers)
            {
                string line = member.Address + (member.Description is null ? "" : " " + member.Description)
                    + $", driver {member.Driver ?? "(none known)"}" + (member.AssignedAs is null ? "" : $", assigned here as {member.AssignedAs}");
                Row(text, "  also in group", line);
            }
        }

        Row(text, "backend", device.Backend);
        string width = device.Viommu is null ? "no vIOMMU" : $"{device.Viommu} {device.ViommuAwBits?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}";
        Row(text, "aw-bits", $"vIOMMU: {width}; host: {device.HostAwBits?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}");
        if (device.NotCheckedReason is not null)
        {
            Row(text, "not checked", device.NotCheckedReason);
        }

        bool first = true;
        foreach (CheckResult check in device.Checks)
        {
            Row(text, first ? "checks" : string.Empty, $"{check.Outcome.Name(),-14} {check.Check.Title}" + (check.Check.Stage == "machine-done" ? " (once every device is in)" : ""));
            first = false;
        }

        if (device.Error is not null)
        {
            Row(text, "error", device.Error);
        }

        if (device.Fix is not null)
        {
            Row(text, "fix", device.Fix);
        }
    }

    private static void Row(StringBuilder text, string label, string value) =>
        text.Append(Indent).Append(label.PadRight(16)).Append(value).Append('\n');
}
