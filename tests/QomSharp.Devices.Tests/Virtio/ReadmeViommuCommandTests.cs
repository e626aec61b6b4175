using System.IO;
using System.Linq;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Virtio;

/// <summary>The README's commands for virtio-iommu-pci and the iommufd link, run as written, with what it says they print.</summary>
public class ReadmeViommuCommandTests
{
    [Fact]
    public void VirtioIommuWithAnAssignedGpuBuilds()
    {
        const string Command = "-machine q35 -device virtio-iommu-pci -device vfio-pci,host=98:00.0,id=gpu";
        var run = ToolRun.Of(Command.Split(' '));
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        Assert.Contains("    /device[0] (virtio-iommu-pci)\n      /bus master container[0] (memory-region)\n      /bus master[0] (memory-region)\n      /virtio-backend (virtio-iommu-device)\n", run.Output);
        Assert.Contains(Command, Readme());
    }

    [Theory]
    [InlineData("-machine q35 -device virtio-iommu-pci,granule=64k -object iommufd,id=fd0 -device vfio-pci,host=98:00.0,iommufd=fd0",
        "qomsharp: -device vfio-pci,host=98:00.0,iommufd=fd0: vfio 0000:98:00.0: Failed to set vIOMMU: 0000:98:00.0: virtio-iommu reports a page size mask 0x1000 incompatible with currently supported mask 0xffffffffffff0000")]
    [InlineData("-machine q35 -device intel-iommu,caching-mode=on -device virtio-iommu-pci",
        "qomsharp: -device virtio-iommu-pci: QEMU does not support multiple vIOMMUs for x86 yet.")]
    public void FailingCommandsPrintWhatTheReadmeShows(string command, string message)
    {
        var run = ToolRun.Of(command.Split(' '));
        Assert.Equal((1, message + "\n"), (run.ExitCode, run.Error));
        Assert.Contains($"| `{command}` | `{message}` |", Readme());
    }

    [Fact]
    public void TheIommufdLinkCommandShowsOneIoasAndTwoHwpts()
    {
        string readme = Readme();
        string line = readme.Split('\n').Single(l => l.StartsWith("printf '{\"execute\":\"qmp_capabilities\"}\\n{\"execute\":\"qom-get\"", System.StringComparison.Ordinal));
        string input = line[(line.IndexOf('\'') + 1)..line.LastIndexOf('\'')].Replace("\\n", "\n", System.StringComparison.Ordinal);
        string[] args = line[(line.IndexOf(" -- ", System.StringComparison.Ordinal) + 4)..].Split(' ');
        var run = ToolRun.WithInput(input, args);
        string[] replies = run.Output.Split("\r\n", System.StringSplitOptions.RemoveEmptyEntries); // QMP ends lines with CR LF, as QEMU does
        Assert.Equal(["{\"return\": {}}", "{\"return\": 1}", "{\"return\": 2}"], replies[1..]);
    }

    private static string Readme() => File.ReadAllText(Path.Combine(Reference.RepositoryRoot(), "README.md"));
}
