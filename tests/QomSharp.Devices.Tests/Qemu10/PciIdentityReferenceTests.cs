using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// PCI identity and BARs against QEMU 10.0 (capture_pci_identity.py): query-pci, info pci and the
/// class/BAR lines of info qtree for functions of every BAR kind and ROM BARs sized from a file
/// found through <c>-L</c>; the option-ROM and x-pci-*-id errors; the <c>-L help</c> listings.
/// QEMU's ICH9 functions at slot 31 are left out on both sides (another model's concern).
/// </summary>
public class PciIdentityReferenceTests
{
    private static readonly string Firmware = Qemu10Reference.PathOf("firmware");

    // QEMU ran in the reference directory: its relative -L firmware is that directory's here.
    private static readonly string[] Bars =
    [
        "-machine", "q35", "-L", Firmware, "-device", "pci-testdev,id=t0,membar=0x100000,romfile=test.rom",
        "-device", "pci-testdev,id=t1,romfile=test.rom,romsize=65536", "-device", "pcie-root-port,id=rp0,chassis=1",
        "-device", "pci-testdev,id=t2,bus=rp0,romfile=",
    ];

    private static (JsonNode Qemu, JsonNode Ours) Reply(string command)
    {
        var pair = Qemu10Reference.Transcript("qmp-pci-bars.txt").Single(p => p.Command.Contains(command, System.StringComparison.Ordinal));
        var run = ToolRun.Of(Bars);
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        return (JsonNode.Parse(pair.Reply)!["return"]!, QmpTranscript.Run(run.Context, pair.Command)[0]["return"]!);
    }

    [Fact]
    public void QueryPciListsEveryBarKindAndTheRomBarsAsQemu()
    {
        var (qemu, ours) = Reply("query-pci");
        static JsonArray Modelled(JsonNode reply) =>
            new(reply[0]!["devices"]!.AsArray().Where(d => d!["slot"]!.GetValue<int>() != 31).Select(d => d!.DeepClone()).ToArray());
        Assert.Equal(4, Modelled(qemu).Count);
        Assert.True(JsonNode.DeepEquals(Modelled(qemu), Modelled(ours)), Modelled(ours).ToJsonString());
    }

    [Fact]
    public void InfoPciAsQemu()
    {
        var (qemu, ours) = Reply("info pci");
        static string Modelled(JsonNode text) => string.Concat(text.GetValue<string>().Split("  Bus ").Skip(1)
            .Where(f => !f.Contains("device  31,", System.StringComparison.Ordinal)).Select(f => "  Bus " + f));
        Assert.Contains("BAR6: 32 bit memory (not mapped)", Modelled(qemu), System.StringComparison.Ordinal);
        Assert.Equal(Modelled(qemu), Modelled(ours));
    }

    [Fact]
    public void InfoQtreeClassAndBarLinesAsQemu()
    {
        var (qemu, ours) = Reply("info qtree");
        var expected = PciLines(qemu.GetValue<string>());
        var actual = PciLines(ours.GetValue<string>());
        foreach (string device in new[] { "pci-testdev, id \"t0\"", "pci-testdev, id \"t1\"", "pci-testdev, id \"t2\"", "pcie-root-port, id \"rp0\"", "mch, id \"\"" })
        {
            Assert.NotEmpty(expected[device]);
            Assert.Equal(expected[device], actual[device]);
        }
    }

    // dev: header → its "class ..." and "bar N: ..." lines.
    private static Dictionary<string, List<string>> PciLines(string qtree)
    {
        var devices = new Dictionary<string, List<string>>();
        List<string>? current = null;
        foreach (string line in qtree.Replace("\r\n", "\n", System.StringComparison.Ordinal).Split('\n').Select(l => l.TrimStart(' ')))
        {
            if (line.StartsWith("dev: ", System.StringComparison.Ordinal))
            {
                current = [];
                devices.TryAdd(line["dev: ".Length..], current);
            }
            else if (current is not null && (line.StartsWith("class ", System.StringComparison.Ordinal) || line.StartsWith("bar ", System.StringComparison.Ordinal)))
            {
                current.Add(line);
            }
        }

        return devices;
    }

    public static TheoryData<int> ErrorCases() => new(Enumerable.Range(0, Qemu10Reference.ErrorCases("pci-identity-errors.txt").Count()));

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public void RomAndOverrideErrorsAsQemu(int index)
    {
        ErrorCase expected = Qemu10Reference.ErrorCases("pci-identity-errors.txt").ElementAt(index);
        var args = expected.Args.Select(a => a == "firmware" ? Firmware : a).ToList();
        if (args.Contains("pci-testdev,romfile=firmware"))
        {
            // QEMU found the directory named "firmware" from its working directory; here it is found in the reference directory.
            args.InsertRange(0, ["-L", Path.GetDirectoryName(Firmware)!]);
        }

        var run = ToolRun.Of([.. args]);
        Assert.Equal(expected.Stderr.Replace("qemu-system-x86_64: ", "qomsharp: ", System.StringComparison.Ordinal), run.Error);
        Assert.Equal(expected.ExitCode, run.ExitCode);
    }

    [Fact]
    public void DataDirectoryListingsAsQemu()
    {
        var cases = Qemu10Reference.ErrorCases("data-dirs.txt").ToList();
        Assert.Equal(2, cases.Count);
        foreach (ErrorCase listing in cases)
        {
            var run = ToolRun.Of(listing.Args);
            Assert.Equal((listing.ExitCode, listing.Stderr, string.Empty), (run.ExitCode, run.Output, run.Error));
        }
    }
}
