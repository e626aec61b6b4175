using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Qtest;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// <c>info mtree</c> (and -D, -o, -f) of intel-iommu's device address spaces against QEMU 10.0
/// (capture_vtd_dma.py, mtree-vtd-te-on.txt and mtree-vtd-te-off.txt): with GSTS.TE set each
/// device's space shows its <c>vtd-BB.F-dmar</c> region, except 00:1f.3 whose context entry is
/// pass-through (it keeps the no-DMAR alias); with TE clear again every one shows the alias. The
/// qtest steps are replayed (replies compared), the outputs compared in capture_mtree.py's
/// canonical order.
/// </summary>
public class VtdMtreeTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string name in new[] { "on", "off" })
        {
            foreach (string command in new[] { "info mtree", "info mtree -D", "info mtree -o", "info mtree -f" })
            {
                data.Add(name, command);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OutputIsQemu10s(string name, string command)
    {
        string[] lines = File.ReadAllText(Qemu10Reference.PathOf($"mtree-vtd-te-{name}.txt")).Split('\n');
        string[] args = lines[0]["$ qemu-system-x86_64 ".Length..].Split(' ').TakeWhile(w => w != "-qmp").ToArray();
        var run = ToolRun.Of(args);
        Assert.True(run.ExitCode == 0, run.Error);
        var qtest = new QtestSession(run.Context.Qdev.SystemMemory, run.Context.Qdev.IoSpace, TextWriter.Null);
        int i = 1;
        for (; lines[i].StartsWith("qtest ", StringComparison.Ordinal); i += 2)
        {
            Assert.Equal(lines[i + 1]["  -> ".Length..], qtest.Handle(lines[i]["qtest ".Length..]).TrimEnd('\n'));
        }

        var outputs = new Dictionary<string, List<string>>();
        List<string>? current = null;
        for (; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("(qemu) ", StringComparison.Ordinal))
            {
                outputs[lines[i]["(qemu) ".Length..]] = current = [];
            }
            else
            {
                current!.Add(lines[i]);
            }
        }

        string expected = string.Join('\n', outputs[command]).TrimEnd('\n');
        Assert.Contains(command.EndsWith("-f", StringComparison.Ordinal) ? "vtd-" : name == "on" ? "vtd-1f.2-dmar" : "alias vtd-nodmar", expected, StringComparison.Ordinal);
        Assert.Equal(expected, Canonical(Hmp(run.Context, command)).TrimEnd('\n'));
    }

    private static string Hmp(QomContext context, string command) =>
        QmpTranscript.Run(context, new System.Text.Json.Nodes.JsonObject
        {
            ["execute"] = "human-monitor-command",
            ["arguments"] = new System.Text.Json.Nodes.JsonObject { ["command-line"] = command },
        }.ToJsonString())[0]["return"]!.GetValue<string>().Replace("\r\n", "\n", StringComparison.Ordinal);

    // capture_mtree.py's canonical order.
    private static string Canonical(string text)
    {
        var parts = text.Split("\n\n").Where(p => p.Trim().Length > 0).ToList();
        if (parts.Count > 0 && parts[0].StartsWith("FlatView #", StringComparison.Ordinal))
        {
            var views = parts.Select(p => p[(p.IndexOf('\n', StringComparison.Ordinal) + 1)..]).Order(StringComparer.Ordinal).ToList();
            return string.Concat(views.Select((v, i) => $"FlatView #{i}\n{v}\n\n"));
        }

        var spaces = parts.Where(p => p.StartsWith("address-space: ", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        var regions = parts.Where(p => p.StartsWith("memory-region: ", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        return string.Concat(spaces.Concat(regions).Select(p => p + "\n\n"));
    }
}
