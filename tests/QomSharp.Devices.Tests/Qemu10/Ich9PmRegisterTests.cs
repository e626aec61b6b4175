using System;
using System.Collections.Generic;
using System.Linq;
using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Qtest;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// The ICH9 LPC's power-management I/O block (PMBASE/ACPI_CNTL, PM1 event/control, PM timer,
/// GPE0, SMI_EN/SMI_STS, TCO) and its root complex register block (RCBA) read and written over
/// qtest against QEMU 10.0's answers in qtest-ich9-pm.txt (capture_ich9_pm.py): for each
/// configuration, the same script is run through the tool and every reply compared.
/// </summary>
public class Ich9PmRegisterTests
{
    private const string File = "qtest-ich9-pm.txt";

    public static TheoryData<int> Cases() => QtestTranscript.Indexes(File);

    [Fact]
    public void ReferenceCoversTheBlockAndConfigurations()
    {
        var configurations = QtestTranscript.Read(File);
        Assert.Equal(13, configurations.Count);
        var script = configurations[0].Script;
        Assert.All(configurations, c => Assert.Equal(script, c.Script));
        Assert.True(script.Count > 1000);
        // Every port of the block at each size, and the RCRB's GCS.
        for (int port = 0x600; port < 0x680; port++)
        {
            Assert.Contains($"inb 0x{port:x}", script);
        }

        Assert.Contains("inw 0x67e", script);
        Assert.Contains("inl 0x67c", script);
        Assert.Contains("readl 0xfed1f410", script);
        // The configurations differ where SMM, the TCO block and the SMI timer features change what is read.
        var first = configurations[0].Replies;
        foreach (var option in new[] { "q35,smm=off", "pc-q35-9.1", "ICH9-LPC.enable_tco=false", "ICH9-LPC.x-smi-periodic-timer=off" })
        {
            Assert.Contains(configurations, c => c.Args.Contains(option) && !c.Replies.SequenceEqual(first));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RegistersAnswerAsInQemu10(int index) => QtestTranscript.Read(File)[index].AssertToolAnswersTheSame();

    /// <summary>
    /// The LPC's PM properties with qom-get (qmp-ich9-pm-qom-get.txt) as PMBASE and ACPI_CNTL are
    /// programmed: QEMU's transcript writes the LPC's configuration with HMP's <c>o</c> command, the
    /// same writes go through the tool's qtest here, and every qom-get reply must be QEMU's.
    /// </summary>
    [Fact]
    public void PmPropertiesFollowTheRegistersAsInQemu10()
    {
        var lines = System.IO.File.ReadAllLines(Qemu10Reference.PathOf("qmp-ich9-pm-qom-get.txt"));
        var differences = new List<string>();
        int compared = 0;
        int sessions = 0;
        ToolRun? run = null;
        QtestSession? qtest = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.StartsWith("$ qemu-system-x86_64 ", StringComparison.Ordinal))
            {
                var args = line["$ qemu-system-x86_64 ".Length..].Split(' ').TakeWhile(w => w != "-S").ToArray();
                run = ToolRun.Of([.. args, "-S"]);
                Assert.True(run.ExitCode == 0, run.Error);
                qtest = new QtestSession(run.Context.Qdev.SystemMemory, run.Context.Qdev.IoSpace, TextWriter.Null);
                sessions++;
                continue;
            }

            string reply = lines[++i]["  -> ".Length..];
            var command = JsonNode.Parse(line)!.AsObject();
            if (command["execute"]!.GetValue<string>() == "human-monitor-command")
            {
                // "o /w PORT VALUE" or "o /b PORT VALUE": a port write.
                var words = command["arguments"]!["command-line"]!.GetValue<string>().Split(' ');
                Assert.Equal("o", words[0]);
                string size = words[1] == "/w" ? "outl" : "outb";
                Assert.Equal("OK", qtest!.Handle($"{size} {words[2]} {words[3]}").TrimEnd('\n'));
                continue;
            }

            var answer = QmpTranscript.Run(run!.Context, line)[0];
            compared++;
            if (!JsonNode.DeepEquals(JsonNode.Parse(reply), answer))
            {
                differences.Add($"{line}\n  QEMU 10.0: {reply}\n  QomSharp:  {answer.ToJsonString()}");
            }
        }

        Assert.Equal(2, sessions);
        Assert.True(compared > 100, $"only {compared} replies");
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    /// <summary>
    /// PM1 control written with SLP_EN of each sleep type against qmp-ich9-pm-sleep.json: the
    /// events the machine sends (SHUTDOWN with its data, SUSPEND, SUSPEND_DISK), the run state
    /// after them, and PM1 control where QEMU 10.0 still runs (-no-shutdown included).
    /// </summary>
    [Fact]
    public void SleepRequestsAreQemu10s()
    {
        var rows = JsonNode.Parse(Qemu10Reference.Read("qmp-ich9-pm-sleep.json"))!.AsArray();
        Assert.Equal(13, rows.Count);
        var differences = new List<string>();
        foreach (var row in rows)
        {
            var args = row!["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();
            var run = ToolRun.Of(["-nodefaults", .. args, "-S"]);
            Assert.True(run.ExitCode == 0, run.Error);
            var qdev = run.Context.Qdev;
            var events = new JsonArray();
            qdev.MachineEvent += name => events.Add(new JsonObject { ["event"] = name });
            qdev.Shutdown += (guest, reason) => events.Add(new JsonObject { ["event"] = "SHUTDOWN", ["data"] = new JsonObject { ["guest"] = guest, ["reason"] = reason } });
            var qtest = new QtestSession(run.Context, TextWriter.Null);
            foreach (var line in new[] { "outl 0xcf8 0x8000f840", "outl 0xcfc 0x601", "outl 0xcf8 0x8000f844", "outb 0xcfc 0x80" })
            {
                Assert.Equal("OK", qtest.Handle(line).TrimEnd('\n'));
            }

            // "o /h PORT VALUE" or "o /b PORT VALUE".
            var write = row["write"]!.GetValue<string>().Split(' ');
            Assert.Equal("OK", qtest.Handle($"{(write[1] == "/h" ? "outw" : "outb")} {write[2]} {write[3]}").TrimEnd('\n'));
            string label = $"{string.Join(' ', args)} {row["write"]}";
            if (!JsonNode.DeepEquals(row["events"], events))
            {
                differences.Add($"{label}: QEMU {row["events"]!.ToJsonString()}, QomSharp {events.ToJsonString()}");
            }

            // QEMU ended: no status (null); otherwise the run state query-status reports.
            string? status = qdev.ExitRequested ? null : QmpTranscript.Run(run.Context, """{"execute": "query-status"}""")[0]["return"]!["status"]!.GetValue<string>();
            if (status != row["status"]?.GetValue<string>())
            {
                differences.Add($"{label}: status QEMU {row["status"]}, QomSharp {status}");
            }

            if (row["pm1_cnt"] is JsonValue port)
            {
                // "portl[0x0604] = 0xffff0401": the dword at PM1 control.
                string wanted = port.GetValue<string>().Split(" = ")[1];
                string reply = qtest.Handle("inl 0x604").TrimEnd('\n');
                if (reply != $"OK 0x{Convert.ToUInt32(wanted, 16):x4}")
                {
                    differences.Add($"{label}: PM1 control QEMU {wanted}, QomSharp {reply}");
                }
            }
        }

        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    /// <summary>
    /// The run-state events reach a QMP client as QEMU 10.0 sends them: no <c>data</c> member
    /// (qmp-ich9-pm-sleep.json's SUSPEND and SUSPEND_DISK have none), before the command's reply
    /// (QEMU's main loop runs the request before the monitor answers: qmp/runstate.txt).
    /// </summary>
    [Fact]
    public void RunStateEventsHaveNoDataMember()
    {
        var run = ToolRun.Of(["-nodefaults", "-machine", "q35", "-S"]);
        var output = new StringWriter();
        new Qmp.QmpSession(run.Context, output).Run(new StringReader("""
            {"execute": "qmp_capabilities"}
            {"execute": "system_powerdown"}
            {"execute": "query-current-machine"}
            """));
        var lines = output.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(5, lines.Count);
        Assert.Equal("POWERDOWN", lines[2]["event"]!.GetValue<string>());
        Assert.Equal(["timestamp", "event"], lines[2].Select(p => p.Key).ToArray());
        Assert.Equal("""{"return":{}}""", lines[3].ToJsonString());
        Assert.Equal("""{"return":{"wakeup-suspend-support":true}}""", lines[4].ToJsonString());
        Assert.All(JsonNode.Parse(Qemu10Reference.Read("qmp-ich9-pm-sleep.json"))!.AsArray().SelectMany(r => r!["events"]!.AsArray()),
            e => Assert.Equal(e!["event"]!.GetValue<string>() == "SHUTDOWN", e.AsObject().ContainsKey("data")));
    }
}
