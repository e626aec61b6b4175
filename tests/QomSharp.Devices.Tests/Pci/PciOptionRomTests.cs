using System.IO;

namespace QomSharp.Devices.Tests.Pci;

/// <summary>
/// romfile against files of known sizes (QEMU 10.0's texts are in tests/reference/qemu-10.0/pci-errors.txt;
/// a file's size is the host's, so these cases use files made here): the ROM BAR takes the file rounded
/// up to a power of two, or must be at least as large as it.
/// </summary>
public sealed class PciOptionRomTests : System.IDisposable
{
    private readonly string rom = Path.GetTempFileName();

    public PciOptionRomTests() => File.WriteAllBytes(rom, new byte[3000]);

    public void Dispose() => File.Delete(rom);

    [Fact]
    public void FileLargerThanRomSizeIsRefused()
    {
        string option = $"pci-testdev,romfile={rom},romsize=2048";
        Assert.Equal(ToolRun.Refusal(option, $"romfile \"{rom}\" (3000 bytes) is too large for ROM size 2048"), ToolRun.Of("-device", option).Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData(",romsize=4096")]
    [InlineData(",rombar=0")]
    public void FileThatFitsIsTaken(string options)
    {
        var run = ToolRun.Of("-device", $"pci-testdev,id=t,romfile={rom}{options}");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        Assert.Equal(rom, run.Context.ResolvePath("/machine/peripheral/t")!.GetPropertyValue("romfile")!.GetValue<string>());
    }

    [Fact]
    public void MissingFileWithoutRomBarIsLeftToTheFirmwareInterface()
    {
        // QEMU loads it through fw_cfg later (not modelled), so realize does not look at it.
        var run = ToolRun.Of("-device", "pci-testdev,romfile=no-such-rom-file,rombar=0");
        Assert.Equal(string.Empty, run.Error);
    }
}
