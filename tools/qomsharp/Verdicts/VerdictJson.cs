using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace QomSharp.Tool.Verdicts;

/// <summary>
/// The verdict as JSON, in the stable form docs/preflight-verdict.schema.json describes: one object
/// per host, or an array of them for a fleet. Written field by field (no reflection).
/// </summary>
internal static class VerdictJson
{
    /// <summary>One report as a JSON object; <paramref name="commandLine"/> is the QEMU command line checked, when translated.</summary>
    public static string Format(PreflightReport report, IReadOnlyList<string>? commandLine = null) =>
        Write(writer => WriteReport(writer, report, null, commandLine));

    /// <summary>A fleet: one object per host file, in order.</summary>
    public static string FormatFleet(IReadOnlyList<(string HostFile, PreflightReport Report)> reports) => Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var (file, report) in reports)
        {
            WriteReport(writer, report, file, null);
        }

        writer.WriteEndArray();
    });

    private static string Write(System.Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            body(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static void WriteReport(Utf8JsonWriter writer, PreflightReport report, string? hostFile, IReadOnlyList<string>? commandLine)
    {
        writer.WriteStartObject();
        if (hostFile is not null)
        {
            writer.WriteString("host_file", hostFile);
        }

        writer.WriteString("host", report.Host);
        writer.WriteString("verdict", report.Verdict.Name());
        writer.WriteNumber("exit_status", (int)report.Verdict);
        writer.WriteString("reason", report.Reason);
        NullableString(writer, "qemu_error", report.QemuWouldPrint is null ? null : "qemu-system-x86_64: " + report.QemuWouldPrint);
        if (commandLine is not null)
        {
            writer.WriteStartArray("qemu_command_line");
            foreach (string arg in commandLine)
            {
                writer.WriteStringValue(arg);
            }

            writer.WriteEndArray();
        }

        writer.WriteStartArray("not_checked");
        foreach (NotCheckedOption option in report.NotChecked)
        {
            writer.WriteStartObject();
            writer.WriteString("option", option.Option);
            writer.WriteNumber("count", option.Count);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("errors");
        foreach (ConfigurationError error in report.Errors)
        {
            writer.WriteStartObject();
            NullableString(writer, "option", error.Location);
            writer.WriteString("error", error.Message);
            NullableString(writer, "fix", error.Fix);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("devices");
        foreach (DeviceVerdict device in report.Devices)
        {
            WriteDevice(writer, device);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteDevice(Utf8JsonWriter writer, DeviceVerdict device)
    {
        writer.WriteStartObject();
        writer.WriteString("option", device.Option);
        NullableString(writer, "id", device.Id);
        writer.WriteString("verdict", device.Verdict.Name());
        writer.WriteStartObject("host_function");
        NullableString(writer, "address", device.HostAddress);
        NullableString(writer, "ids", device.HostIds);
        NullableString(writer, "description", device.HostDescription);
        NullableString(writer, "driver", device.HostDriver);
        writer.WriteEndObject();
        NullableString(writer, "iommu_unit", device.IommuUnit);
        NullableNumber(writer, "iommu_group", device.IommuGroup);
        writer.WriteStartArray("group_members");
        foreach (GroupMember member in device.GroupMembers)
        {
            writer.WriteStartObject();
            writer.WriteString("address", member.Address);
            NullableString(writer, "description", member.Description);
            NullableString(writer, "driver", member.Driver);
            NullableString(writer, "assigned_as", member.AssignedAs);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("backend", device.Backend);
        NullableString(writer, "viommu", device.Viommu);
        NullableNumber(writer, "viommu_aw_bits", device.ViommuAwBits);
        NullableNumber(writer, "host_aw_bits", device.HostAwBits);
        writer.WriteStartArray("checks");
        foreach (CheckResult check in device.Checks)
        {
            writer.WriteStartObject();
            writer.WriteString("name", check.Check.Name);
            writer.WriteString("stage", check.Check.Stage);
            writer.WriteString("title", check.Check.Title);
            writer.WriteString("result", check.Outcome.Name());
            NullableString(writer, "error", check.Error);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        NullableString(writer, "error", device.Error);
        NullableString(writer, "fix", device.Fix);
        NullableString(writer, "not_checked_reason", device.NotCheckedReason);
        writer.WriteEndObject();
    }

    private static void NullableString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void NullableNumber(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
