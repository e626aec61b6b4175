using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// Every modelled PCI function's whole configuration space (4 KiB read dword by dword through
/// MMCONFIG, after the MCH's PCIEXBAR is programmed over 0xcf8/0xcfc) against QEMU 10.0's, for
/// each configuration of pci-config.json on q35 and pc-q35-9.1, at reset and after writing all
/// ones, then all zeros, to every dword (which shows every write mask, write-1-to-clear bit and
/// write side effect). The scripts are built exactly as capture_pci_config.py builds them.
/// </summary>
public class PciConfigSpaceTests
{
    private const ulong Mmconfig = 0xb000_0000;

    public static TheoryData<string> Configurations()
    {
        var data = new TheoryData<string>();
        using var json = JsonDocument.Parse(Qemu10Reference.Read("pci-config.json"));
        foreach (var config in json.RootElement.GetProperty("configurations").EnumerateObject())
        {
            data.Add(config.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void ConfigurationSpaceReadsAsInQemu10(string name)
    {
        using var json = JsonDocument.Parse(Qemu10Reference.Read("pci-config.json"));
        var prologue = json.RootElement.GetProperty("prologue").EnumerateArray().Select(l => l.GetString()!).ToArray();
        var entry = json.RootElement.GetProperty("configurations").GetProperty(name);
        string machine = entry.GetProperty("machine").GetString()!;
        // QEMU ran in the reference directory: its relative -L firmware is that directory's here.
        var args = entry.GetProperty("args").EnumerateArray().Select(a => a.GetString()!)
            .Select(a => a == "firmware" ? Qemu10Reference.PathOf("firmware") : a).ToList();
        var functions = entry.GetProperty("functions").EnumerateObject().ToList();

        var script = new List<string>(prologue);
        foreach (var function in functions)
        {
            script.AddRange(Dump(function.Name));
        }

        var replies = Run(machine, args, script).Skip(prologue.Length).ToArray();
        for (int i = 0; i < functions.Count; i++)
        {
            AssertDump(name, functions[i].Name, "reset", functions[i].Value.GetProperty("reset").GetString()!, replies.Skip(1024 * i).Take(1024));
        }

        foreach (var function in functions.Where(f => f.Value.TryGetProperty("ones", out _)))
        {
            string expected = function.Value.GetProperty("reset").GetString()!;
            int size = expected.Length / 2 == PciSpace ? PciSpace : 256;
            var ones = Writes(function.Name, size, 0xffffffff);
            var zeros = Writes(function.Name, size, 0);
            AssertDump(name, function.Name, "ones", function.Value.GetProperty("ones").GetString()!,
                Run(machine, args, [.. prologue, .. ones, .. Dump(function.Name)]).TakeLast(1024));
            AssertDump(name, function.Name, "zeros", function.Value.GetProperty("zeros").GetString()!,
                Run(machine, args, [.. prologue, .. ones, .. zeros, .. Dump(function.Name)]).TakeLast(1024));
        }
    }

    private const int PciSpace = 4096;

    private static string[] Run(string machine, List<string> args, List<string> script)
    {
        var run = ToolRun.WithInput(string.Join('\n', script) + "\n", ["-nodefaults", "-display", "none", "-machine", machine, .. args, "-S", "-qtest", "stdio"]);
        Assert.Equal(string.Empty, run.Error);
        var replies = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(script.Count, replies.Length);
        return replies;
    }

    // The dump as capture_pci_config.py stores it: hex bytes, only 256 when the rest reads all ones.
    private static void AssertDump(string configuration, string function, string kind, string expected, IEnumerable<string> replies)
    {
        var bytes = new List<byte>();
        foreach (string reply in replies)
        {
            Assert.StartsWith("OK 0x", reply, StringComparison.Ordinal);
            uint value = uint.Parse(reply.AsSpan(5), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            bytes.AddRange(BitConverter.GetBytes(value));
        }

        if (bytes.Skip(256).All(b => b == 0xff))
        {
            bytes.RemoveRange(256, bytes.Count - 256);
        }

        byte[] want = Convert.FromHexString(expected);
        Assert.True(want.Length == bytes.Count, $"{configuration} {function} {kind}: {bytes.Count} bytes of space, QEMU 10.0 has {want.Length}");
        for (int i = 0; i < want.Length; i++)
        {
            Assert.True(want[i] == bytes[i], $"{configuration} {function} {kind}: byte 0x{i:x3} reads 0x{bytes[i]:x2}, QEMU 10.0 reads 0x{want[i]:x2}");
        }
    }

    private static ulong Address(string bdf)
    {
        int bus = int.Parse(bdf.AsSpan(0, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        int slot = int.Parse(bdf.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        int function = bdf[6] - '0';
        return Mmconfig + ((ulong)bus << 20) + ((ulong)((slot << 3) | function) << 12);
    }

    private static IEnumerable<string> Dump(string bdf)
    {
        ulong base_ = Address(bdf);
        return Enumerable.Range(0, 1024).Select(i => string.Create(CultureInfo.InvariantCulture, $"readl 0x{base_ + (ulong)(4 * i):x}"));
    }

    // The MCH's PCIEXBAR dwords are left alone: they hold the MMCONFIG window the dumps read through.
    private static List<string> Writes(string bdf, int size, uint value)
    {
        ulong base_ = Address(bdf);
        return Enumerable.Range(0, size / 4).Select(i => 4 * i).Where(off => bdf != "00:00.0" || off is not (0x60 or 0x64))
            .Select(off => string.Create(CultureInfo.InvariantCulture, $"writel 0x{base_ + (ulong)off:x} 0x{value:x}")).ToList();
    }

    [Fact]
    public void PortsAndMmconfigAnswerAsInQemu10()
    {
        var lines = Qemu10Reference.Read("qtest-pci-config-access.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        const string Command = "$ qemu-system-x86_64 ";
        Assert.StartsWith(Command, lines[0], StringComparison.Ordinal);
        var args = lines[0][Command.Length..].Split(' ');
        var script = new StringBuilder();
        for (int i = 1; i < lines.Length; i += 2)
        {
            script.Append(lines[i]).Append('\n');
        }

        var run = ToolRun.WithInput(script.ToString(), args);
        Assert.Equal(string.Empty, run.Error);
        var replies = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal((lines.Length - 1) / 2, replies.Length);
        for (int i = 1; i < lines.Length; i += 2)
        {
            Assert.True(lines[i + 1] == replies[i / 2], $"'{lines[i]}' answers '{replies[i / 2]}', QEMU 10.0 answers '{lines[i + 1]}'");
        }
    }
}
