using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Devices.Host;
using QomSharp.Tool.Tests.Preflight;

namespace QomSharp.Tool.Tests;

/// <summary>
/// The tool's <c>-L</c> (data directories, listed by <c>-L help</c> after every option is read, as
/// QEMU does) and a host's PCI configuration kept through <c>-host-capture</c> and shown by query-pci.
/// </summary>
public sealed class FirmwareAndHostConfigTests : System.IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("qomsharp-fw-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void DataDirectoriesAreListedInOrderOnceEachAfterEveryOption()
    {
        var run = ToolRun.Of("-L", "b", "-L", "help", "-L", "a", "-L", "b", "-device", "pci-testdev,romfile=absent.rom");
        Assert.Equal((0, "b\na\n/usr/share/qemu\n/usr/share/seabios\n/usr/lib/ipxe/qemu\n", string.Empty), (run.ExitCode, run.Output, run.Error));
    }

    [Fact]
    public void AnOptionRomIsFoundInTheFirstDirectoryThatHasIt()
    {
        string first = Directory.CreateDirectory(Path.Combine(directory, "first")).FullName;
        string second = Directory.CreateDirectory(Path.Combine(directory, "second")).FullName;
        File.WriteAllBytes(Path.Combine(first, "nic.rom"), new byte[5000]);
        File.WriteAllBytes(Path.Combine(second, "nic.rom"), new byte[40000]);
        var run = ToolRun.WithInput("""{"execute": "qmp_capabilities"}""" + "\n" + """{"execute": "query-pci"}""" + "\n",
            "-S", "-qmp", "stdio", "-L", second.Replace("second", "none"), "-L", first, "-L", second, "-device", "pci-testdev,id=t,romfile=nic.rom");
        Assert.Equal(string.Empty, run.Error);
        var pci = JsonNode.Parse(run.Output.Split("\r\n", System.StringSplitOptions.RemoveEmptyEntries)[2])!["return"]![0]!["devices"]!.AsArray();
        var rom = pci.Single(d => d!["qdev_id"]!.GetValue<string>() == "t")!["regions"]!.AsArray().Single(r => r!["bar"]!.GetValue<int>() == 6)!;
        Assert.Equal(8192, rom["size"]!.GetValue<int>());
    }

    [Fact]
    public void AFirmwareImageIsFoundInTheDataDirectoriesAndSizesTheBiosRegions()
    {
        string first = Directory.CreateDirectory(Path.Combine(directory, "first")).FullName;
        string second = Directory.CreateDirectory(Path.Combine(directory, "second")).FullName;
        File.WriteAllBytes(Path.Combine(first, "small.bin"), new byte[0x10000]);
        File.WriteAllBytes(Path.Combine(second, "small.bin"), new byte[0x80000]);
        var run = ToolRun.Of("-L", Path.Combine(directory, "none"), "-L", first, "-L", second, "-bios", "small.bin");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        Assert.Equal(0x10000UL, run.Context.ResolvePath("/machine/unattached/pc.bios[0]")!.GetPropertyValue("size")!.GetValue<ulong>());
        Assert.Equal(0x10000UL, run.Context.ResolvePath("/machine/unattached/isa-bios[0]")!.GetPropertyValue("size")!.GetValue<ulong>());

        // A larger image: all of it at the top of 4 GiB, its last 128 KiB below 1 MiB.
        run = ToolRun.Of("-machine", "q35,firmware=" + Path.Combine(second, "small.bin"));
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        Assert.Equal(0x80000UL, run.Context.ResolvePath("/machine/unattached/pc.bios[0]")!.GetPropertyValue("size")!.GetValue<ulong>());
        Assert.Equal(0x20000UL, run.Context.ResolvePath("/machine/unattached/isa-bios[0]")!.GetPropertyValue("size")!.GetValue<ulong>());

        // The machine type's own image is taken as present, 256 KiB.
        run = ToolRun.Of("-machine", "q35");
        Assert.Equal(0x40000UL, run.Context.ResolvePath("/machine/unattached/pc.bios[0]")!.GetPropertyValue("size")!.GetValue<ulong>());
    }

    [Fact]
    public void AFirmwareImageMustBeAWholeNumberOf64KiBlocks()
    {
        File.WriteAllBytes(Path.Combine(directory, "odd.bin"), new byte[0x10001]);
        File.WriteAllBytes(Path.Combine(directory, "empty.bin"), []);
        Assert.Equal("qomsharp: could not load PC BIOS 'odd.bin'\n", ToolRun.Of("-L", directory, "-bios", "odd.bin").Error);
        Assert.Equal("qomsharp: could not load PC BIOS 'empty.bin'\n", ToolRun.Of("-L", directory, "-bios", "empty.bin").Error);
        Assert.Equal("qomsharp: could not load PC BIOS 'odd.bin'\n", ToolRun.Of("-bios", "odd.bin").Error);
    }

    [Fact]
    public void HostCaptureKeepsEachFunctionsConfiguration()
    {
        string captured = Path.Combine(directory, "captured.json");
        var run = ToolRun.Of("-host-capture", captured);
        Assert.Equal(0, run.ExitCode);
        HostModel reread = HostJson.LoadFile(captured);
        Assert.Equal(DefaultHost.Instance.Devices, reread.Devices);
        Assert.All(reread.Devices, d => Assert.NotNull(d.Config));
        Assert.Contains("\"rom_size\": \"0x80000\"", File.ReadAllText(captured), System.StringComparison.Ordinal);
    }

    [Fact]
    public void ACapturedHostShowsTheSameAssignedFunction()
    {
        string captured = Path.Combine(directory, "captured.json");
        Assert.Equal(0, ToolRun.Of("-host-capture", captured).ExitCode);
        string[] requests = ["""{"execute": "qmp_capabilities"}""", """{"execute": "query-pci"}"""];
        string Listing(params string[] host) =>
            ToolRun.WithInput(string.Join("\n", requests) + "\n", [.. host, "-S", "-qmp", "stdio", "-device", "vfio-pci,host=4b:00.1,id=nic"]).Output.Split("\r\n")[2];
        string fromDefault = Listing();
        Assert.Contains("\"class\": 512", fromDefault, System.StringComparison.Ordinal);
        Assert.Equal(fromDefault, Listing("-host", captured));
    }

    [Fact]
    public void PreflightLooksUpAnAssignedFunctionsRomfileInTheDirectoriesGiven()
    {
        File.WriteAllBytes(Path.Combine(directory, "gpu.rom"), new byte[65536]);
        string[] device = ["-device", "vfio-pci,host=98:00.0,id=gpu,romfile=gpu.rom"];
        var (found, verdict) = PreflightRun.Json(["-L", directory, .. device]);
        Assert.Equal(0, found.ExitCode);
        Assert.Equal("fits", (string?)verdict.Device("gpu")["verdict"]);
        Assert.DoesNotContain("-L", verdict.NotChecked());

        var (_, missing) = PreflightRun.Json(device);
        Assert.NotEqual("fits", (string?)missing["verdict"]);
        Assert.EndsWith(": failed to find romfile \"gpu.rom\"", (string?)missing["reason"], System.StringComparison.Ordinal);
    }
}
