using System.IO;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Vfio;

/// <summary>The README's tool commands, run as written (paths from the repository root), with the output it shows.</summary>
public class ReadmeCommandTests
{
    private const string Vtd = "intel-iommu,aw-bits=48,caching-mode=on";

    [Fact]
    public void FirstCommandAssignsTheGpuOfTheDefaultHost()
    {
        var run = ToolRun.Of("-machine", "q35", "-device", Vtd, "-device", "vfio-pci,host=98:00.0,id=gpu");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        Assert.Contains("  /peripheral (container)\n    /gpu (vfio-pci)\n", run.Output);
        Assert.Contains("-machine q35 -device intel-iommu,aw-bits=48,caching-mode=on -device vfio-pci,host=98:00.0,id=gpu", Readme());
    }

    [Fact]
    public void FirstStageCommandNestsOnTheDefaultHost()
    {
        const string Flts = "intel-iommu,x-scalable-mode=on,x-flts=on,caching-mode=on";
        var run = ToolRun.Of("-machine", "q35", "-object", "iommufd,id=fd0", "-device", Flts, "-device", "vfio-pci,host=98:00.0,iommufd=fd0,id=gpu");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        Assert.Contains("  /peripheral (container)\n    /gpu (vfio-pci)\n", run.Output);
        Assert.Contains("-machine q35 -object iommufd,id=fd0 -device " + Flts + " -device vfio-pci,host=98:00.0,iommufd=fd0,id=gpu", Readme());

        run = ToolRun.Of("-machine", "q35", "-object", "iommufd,id=fd0", "-device", Flts, "-device", "vfio-pci,host=98:00.0");
        string message = "qomsharp: -device vfio-pci,host=98:00.0: vfio 0000:98:00.0: Failed to set vIOMMU: Need IOMMUFD backend when x-flts=on";
        Assert.Equal((1, message + "\n"), (run.ExitCode, run.Error));
        Assert.Contains(message, Readme());
    }

    [Theory]
    [InlineData("qomsharp: -device vfio-pci,host=31:00.1: vfio 0000:31:00.1: group 30 used in multiple address spaces",
        "-machine", "q35", "-device", Vtd, "-device", "vfio-pci,host=31:00.0", "-device", "vfio-pci,host=31:00.1")]
    [InlineData("qomsharp: We need to set caching-mode=on for intel-iommu to enable device assignment with IOMMU protection.",
        "-machine", "q35", "-device", "intel-iommu,aw-bits=48", "-device", "vfio-pci,host=98:00.0")]
    [InlineData("qomsharp: -device vfio-pci,host=01:00.0: vfio 0000:01:00.0: Failed to set vIOMMU: aw-bits 48 > host aw-bits 39",
        "-host", "samples/hosts/client-39bit.json", "-machine", "q35", "-device", Vtd, "-device", "vfio-pci,host=01:00.0")]
    public void FailingCommandsPrintWhatTheReadmeShows(string message, params string[] args)
    {
        string root = Reference.RepositoryRoot();
        for (int i = 0; i < args.Length; i++)
        {
            args[i] = args[i].StartsWith("samples/", System.StringComparison.Ordinal) ? Path.Combine(root, args[i]) : args[i];
        }

        var run = ToolRun.Of(args);
        Assert.Equal((1, message + "\n"), (run.ExitCode, run.Error));
        Assert.Contains(message, Readme());
    }

    private static string Readme() => File.ReadAllText(Path.Combine(Reference.RepositoryRoot(), "README.md"));
}
