using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using QomSharp.Devices.Host;
using QomSharp.Tool.Verdicts;

namespace QomSharp.Tool.Preflight;

/// <summary>
/// <c>-preflight -host DIR</c>: one configuration checked against every host description
/// (<c>DIR/*.json</c>, e.g. written by <c>-host-capture</c>), as a table (host, verdict, reason) or a
/// JSON array. The exit status is the worst verdict: 0 only when the configuration fits every host.
/// </summary>
internal sealed class FleetCommand(TextWriter output)
{
    /// <summary>Checks <paramref name="options"/> on each host of <paramref name="directory"/>; returns the exit status.</summary>
    /// <param name="options">The preflight options.</param>
    /// <param name="directory">The folder of host descriptions.</param>
    /// <param name="format"><c>text</c> (a table) or <c>json</c> (an array of reports).</param>
    /// <param name="libvirt">Whether the options come from a libvirt domain.</param>
    /// <param name="alsoNotChecked">Parts of the domain outside the model.</param>
    public int Run(IReadOnlyList<ToolOption> options, string directory, string format, bool libvirt, IReadOnlyList<string>? alsoNotChecked)
    {
        string[] files = Directory.GetFiles(directory, "*.json");
        Array.Sort(files, StringComparer.Ordinal);
        var reports = new List<(string HostFile, PreflightReport Report)>();
        foreach (string file in files)
        {
            PreflightReport report;
            try
            {
                report = PreflightRunner.Run(options, HostJson.LoadFile(file), libvirt, alsoNotChecked);
            }
            catch (HostFormatException failure)
            {
                report = new PreflightReport { Host = file, Verdict = Verdict.CouldNotCheck, Reason = failure.Message };
            }

            reports.Add((Path.GetFileName(file), report));
        }

        if (reports.Count == 0)
        {
            output.Write(format == "json" ? "[]\n" : $"no host description (*.json) in {directory}\n");
            return (int)Verdict.CouldNotCheck;
        }

        output.Write(format == "json" ? VerdictJson.FormatFleet(reports) : Table(reports));
        return (int)reports.Select(r => r.Report.Verdict).Aggregate(Verdict.Fits, VerdictNames.Worst);
    }

    private static string Table(List<(string HostFile, PreflightReport Report)> reports)
    {
        int hostWidth = Math.Max("host".Length, reports.Max(r => r.HostFile.Length));
        int verdictWidth = "could-not-check".Length;
        var text = new StringBuilder();
        text.Append("host".PadRight(hostWidth)).Append("  ").Append("verdict".PadRight(verdictWidth)).Append("  reason\n");
        foreach (var (file, report) in reports)
        {
            text.Append(file.PadRight(hostWidth)).Append("  ").Append(report.Verdict.Name().PadRight(verdictWidth)).Append("  ").Append(report.Reason).Append('\n');
        }

        int fits = reports.Count(r => r.Report.Verdict == Verdict.Fits);
        text.Append($"fits on {fits} of {reports.Count} hosts\n");
        return text.ToString();
    }
}
