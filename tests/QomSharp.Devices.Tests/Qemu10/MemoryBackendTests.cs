using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Devices.Hostmem;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Qdev;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// The host memory backends and the machine's RAM backend against QEMU 10.0 (capture_memdev.py):
/// help texts, properties and values, <c>/objects/pc.ram</c> and the links to it, the trees, and
/// the refused command lines.
/// </summary>
public class MemoryBackendTests
{
    [Theory]
    [InlineData("memory-backend-ram")]
    [InlineData("memory-backend-file")]
    [InlineData("memory-backend-memfd")]
    [InlineData("memory-backend-shm")]
    public void HelpIsQemu10s(string type)
    {
        var run = ToolRun.Of("-machine", "q35", "-object", type + ",help");
        Assert.Equal(Qemu10Reference.Read($"object-{type}-help.txt"), run.Output);
        Assert.Equal(0, run.ExitCode);
    }

    [Theory]
    [InlineData("qmp-memdev-default.txt")]
    [InlineData("qmp-memdev-2g.txt")]
    [InlineData("qmp-memdev-backend.txt")]
    [InlineData("qmp-memdev-none.txt")]
    [InlineData("qmp-memdev-objects.txt")]
    [InlineData("qmp-memdev-compat.txt")]
    [InlineData("qmp-memdev-machine-options.txt")]
    public void QmpRepliesAreQemu10s(string file)
    {
        string[] lines = File.ReadAllLines(Qemu10Reference.PathOf(file));
        string[] args = lines[0][2..].Split(' ');
        var pairs = new List<(string Command, string Reply)>();
        for (int i = 1; i + 1 < lines.Length; i += 2)
        {
            pairs.Add((lines[i], lines[i + 1]["  -> ".Length..]));
        }

        var run = ToolRun.Of([.. args, "-S"]);
        Assert.Equal(0, run.ExitCode);
        var replies = QmpTranscript.Run(run.Context, pairs.Select(p => p.Command).ToArray());
        Assert.Equal(pairs.Count, replies.Count);
        for (int i = 0; i < pairs.Count; i++)
        {
            var expected = JsonNode.Parse(pairs[i].Reply)!;
            Qemu10Regions.Normalize(expected);
            Qemu10Regions.Normalize(replies[i]);
            Assert.True(JsonNode.DeepEquals(expected, replies[i]), $"{pairs[i].Command}\n  QEMU 10.0: {expected.ToJsonString()}\n  QomSharp:  {replies[i].ToJsonString()}");
        }
    }

    [Fact]
    public void TypesAreQemu10s()
    {
        var qemu = JsonNode.Parse(Qemu10Reference.Read("qom-list-types-memdev.json"))!.AsArray();
        var context = ToolRun.Of().Context;
        Assert.Equal(5, qemu.Count);
        foreach (var row in qemu)
        {
            var klass = context.FindClass(row!["name"]!.GetValue<string>())!;
            Assert.Equal(row["parent"]!.GetValue<string>(), klass.Parent!.Name);
            Assert.Equal(row["abstract"]?.GetValue<bool>() ?? false, klass.IsAbstract);
            Assert.NotNull(klass.DynamicCast("user-creatable"));
        }
    }

    public static TheoryData<int> ErrorIndexes()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Qemu10Reference.ErrorCases("memdev-errors.txt").Count(); i++)
        {
            data.Add(i);
        }

        return data;
    }

    // QEMU ran in the reference directory: its file names are made absolute for a run from here.
    [Theory]
    [MemberData(nameof(ErrorIndexes))]
    public void RefusedAsQemu10Refuses(int index)
    {
        ErrorCase expected = Qemu10Reference.ErrorCases("memdev-errors.txt").ElementAt(index);
        string rom = Qemu10Reference.PathOf("firmware/test.rom");
        var run = ToolRun.Of(expected.Args.Select(a => a.Replace("firmware/test.rom", rom, System.StringComparison.Ordinal)).ToArray());
        string stderr = expected.Stderr.Replace("qemu-system-x86_64: ", "qomsharp: ", System.StringComparison.Ordinal)
            .Replace("firmware/test.rom", rom, System.StringComparison.Ordinal);
        Assert.Equal(stderr, run.Error);
        Assert.Equal(expected.ExitCode, run.ExitCode);
        if (!expected.Args.Any(a => a.Contains("memory-backend=", System.StringComparison.Ordinal)))
        {
            // A refused backend leaves nothing behind (the machine's refusals come after it was made).
            Assert.Null(run.Context.ResolvePath("/objects/m0"));
        }
    }

    [Fact]
    public void TheMachineHoldsItsRamBackend()
    {
        var run = ToolRun.Of("-machine", "q35", "-m", "2G", "-S");
        var backend = run.Resolve<MemoryBackendRam>("/objects/pc.ram");
        var machine = run.Resolve<Machine>("/machine");
        Assert.Same(backend, machine.MemoryBackend);
        Assert.Same(backend.Memory, machine.Ram);
        Assert.True(backend.IsMapped);
        Assert.Equal(2UL << 30, backend.Size);
        Assert.Same(backend.Memory, run.Resolve<Memory.MemoryRegion>("/machine/unattached/ram-below-4g[0]").AliasOf);
    }

    [Fact]
    public void AFileBackendCreatesNothing()
    {
        string directory = Path.Combine(Path.GetTempPath(), "qomsharp-memdev-" + System.Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string file = Path.Combine(directory, "guest-ram");
            var run = ToolRun.Of("-machine", "q35", "-S", "-object", $"memory-backend-file,id=f0,size=1M,mem-path={file}");
            Assert.Equal(0, run.ExitCode);
            Assert.Equal(file, run.Resolve<MemoryBackendFile>("/objects/f0").MemPath);
            Assert.Empty(Directory.GetFileSystemEntries(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
