using System;
using System.IO;
using QomSharp.Devices.Host;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests;

/// <summary>
/// Host descriptions are checked when loaded: a field later code relies on is refused with the
/// JSON path or the sysfs file that holds it, files are read only if regular and bounded, and
/// sysfs links may not lead out of ROOT. Each case used to crash or hang the tool.
/// </summary>
public sealed class HostInputRobustnessTests : IDisposable
{
    private const string Assign = "vfio-pci,host=01:00.0";
    private readonly FakeSysfsTree sysfs = new();
    private readonly string folder = Directory.CreateTempSubdirectory("qomsharp-hosts-").FullName;

    public void Dispose()
    {
        sysfs.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void AnIommuUnitWithAnEmptyNameIsRefusedByItsJsonPath()
    {
        string file = JsonHost(unitName: "");
        var run = ToolRun.Of("-host", file, "-device", Assign);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"qomsharp: -host {file}: {file}: $.iommus[0].name: is empty\n", run.Error);
    }

    [Fact]
    public void ACapWithoutAUsableSagawIsRefusedAtLoadNotInRealize()
    {
        string file = JsonHost(cap: "0xd2008c40660062");
        var run = ToolRun.Of("-host", file, "-device", "intel-iommu,caching-mode=on", "-device", Assign);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"qomsharp: -host {file}: {file}: $.iommus[0].cap: SAGAW (bits 12:8) is 0x0: no page-table depth Linux can use\n", run.Error);
    }

    [Fact]
    public void ASysfsCapWithoutAUsableSagawNamesTheFile()
    {
        sysfs.VtdUnit("dmar0", "fed90000", "d2008c40660062", "f050da");
        var failure = Assert.Throws<HostFormatException>(() => SysfsHost.Read(sysfs.Root));
        Assert.Equal(Path.Combine(sysfs.Root, "class/iommu/dmar0/intel-iommu/cap"), failure.Source);
    }

    [Fact]
    public void TwoGroupFoldersForOneNumberAreRefused()
    {
        sysfs.Write("kernel/iommu_groups/1/reserved_regions", "");
        sysfs.Write("kernel/iommu_groups/01/reserved_regions", "");
        var failure = Assert.Throws<HostFormatException>(() => SysfsHost.Read(sysfs.Root));
        Assert.Equal(Path.Combine(sysfs.Root, "kernel/iommu_groups/1"), failure.Source);
        Assert.Equal("names IOMMU group 1 again (so does \"01\")", failure.Problem);
    }

    [Fact]
    public void AnEmptyHostIsAnError()
    {
        var run = ToolRun.Of("-host", "", "-device", Assign);
        Assert.Equal((1, "qomsharp: -host : '': not a host: use default, sysfs, sysfs:ROOT or a JSON file\n"), (run.ExitCode, run.Error));
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/dev/null")]
    [InlineData(".")]
    public void OnlyRegularFilesAreRead(string path)
    {
        var run = ToolRun.Of("-host", path, "-device", Assign);
        Assert.Equal(1, run.ExitCode);
        Assert.Matches($"^qomsharp: -host {System.Text.RegularExpressions.Regex.Escape(path)}: .*(is not a regular file|is a directory, not a regular file)\n$", run.Error);
    }

    [Fact]
    public void AFifoIsRefusedWithoutWaitingForAWriter()
    {
        string fifo = Path.Combine(folder, "host.json");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
        }

        var run = ToolRun.Of("-host", fifo, "-device", Assign);
        Assert.Equal($"qomsharp: -host {fifo}: {fifo}: is not a regular file\n", run.Error);
    }

    [Fact]
    public void AFileLargerThanTheLimitIsRefused()
    {
        string file = Path.Combine(folder, "huge.json");
        using (var stream = File.Create(file))
        {
            stream.SetLength(HostJson.MaxFileBytes + 1L);
        }

        var run = ToolRun.Of("-host", file, "-device", Assign);
        Assert.Equal($"qomsharp: -host {file}: {file}: is larger than {HostJson.MaxFileBytes} bytes\n", run.Error);
    }

    [Fact]
    public void ASysfsLinkLeadingOutOfRootIsRefusedAndItsTargetNotShown()
    {
        string secret = Path.Combine(folder, "secret");
        File.WriteAllText(secret, "password=hunter2\n");
        sysfs.Write("bus/pci/devices/0000:01:00.0/device", "0x2331\n");
        sysfs.Link("bus/pci/devices/0000:01:00.0/vendor", secret);
        var run = ToolRun.Of("-host", "sysfs:" + sysfs.Root, "-device", Assign);
        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain("hunter2", run.Error);
        Assert.EndsWith($"{Path.Combine(sysfs.Root, "bus/pci/devices/0000:01:00.0/vendor")}: leads outside {sysfs.Root}\n", run.Error);
    }

    [Fact]
    public void ASysfsFolderLinkLeadingOutOfRootIsRefused()
    {
        Directory.CreateDirectory(Path.Combine(folder, "elsewhere", "dmar9", "intel-iommu"));
        sysfs.Link("class/iommu", Path.Combine(folder, "elsewhere"));
        var failure = Assert.Throws<HostFormatException>(() => SysfsHost.Read(sysfs.Root));
        Assert.Equal($"leads outside {sysfs.Root}", failure.Problem);
    }

    // Found by the fuzzer: text that is not valid UTF-16 made the JSON reader throw ArgumentException.
    [Fact]
    public void JsonTextWithALoneSurrogateIsRefused()
    {
        var failure = Assert.Throws<HostFormatException>(() => HostJson.Parse("\ud800", "x.json"));
        Assert.Equal("x.json: invalid JSON: the text is not valid Unicode", failure.Message);
    }

    [Fact]
    public void ALoneSurrogateEscapeInAJsonHostIsRefusedByItsPath()
    {
        string file = JsonHost(unitName: "\\ud800");
        var failure = Assert.Throws<HostFormatException>(() => HostJson.LoadFile(file));
        Assert.Equal($"{file}: $.iommus[0].name: is not valid Unicode text", failure.Message);
    }

    private string JsonHost(string unitName = "dmar0", string cap = "0xd2008c40660462")
    {
        string file = Path.Combine(folder, "host.json");
        File.WriteAllText(file, $$"""
            { "iommus": [ { "name": "{{unitName}}", "version": "5:0", "address": "0xfed91000", "cap": "{{cap}}", "ecap": "0xf050da" } ],
              "groups": [ { "id": 14, "reserved_regions": [] } ],
              "devices": [ { "address": "0000:01:00.0", "vendor": "0x144d", "device": "0xa80c", "group": 14, "iommu": "{{unitName}}" } ] }
            """);
        return file;
    }
}
