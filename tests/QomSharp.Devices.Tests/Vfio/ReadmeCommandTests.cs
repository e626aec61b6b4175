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
    public void VdpaCommandAssignsTheVdpaDeviceOfTheDefaultHost()
    {
        var run = ToolRun.Of("-machine", "q35", "-device", Vtd, "-device", "vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-0,id=vdpa0");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        Assert.Contains("    /vdpa0 (vhost-vdpa-device-pci)\n      /bus master container[0] (memory-region)\n      /bus master[0] (memory-region)\n      /virtio-backend (vhost-vdpa-device)\n      /virtio-bus (virtio-pci-bus)\n", run.Output);
        Assert.Contains("-machine q35 -device intel-iommu,aw-bits=48,caching-mode=on -device vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-0,id=vdpa0", Readme());
        Assert.Contains("    /vdpa0 (vhost-vdpa-device-pci)\n      /bus master container[0] (memory-region)\n      /bus master[0] (memory-region)\n      /virtio-backend (vhost-vdpa-device)\n      /virtio-bus (virtio-pci-bus)\n", Readme());
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

    public static TheoryData<string, string[]> RealMachineCommands() => new()
    {
        { "qomsharp: -device vfio-pci,host=31:00.0: vfio 0000:31:00.0: group 30 is not viable\nPlease ensure all devices within the iommu_group are bound to their vfio bus driver.\n",
            ["-host", "samples/hosts/shared-group.json", "-device", "vfio-pci,host=31:00.0"] },
        { "", ["-device", "vfio-pci,sysfsdev=/sys/bus/mdev/devices/c2e0f1a4-5b7d-4e3a-9c21-7f0d6b8e4a13"] },
        { "", ["-host", "samples/hosts/client-39bit.json", "-device", "pxb-pcie,id=pxb1,bus_nr=0x80,bypass_iommu=on,bus=pcie.0",
            "-device", "pcie-root-port,id=rp,chassis=1,bus=pxb1", "-device", "vfio-pci,host=01:00.0,bus=rp"] },
        { "", ["-device", "i82801b11-bridge,id=dmi,addr=1e.0", "-device", "vfio-pci,host=31:00.0,bus=dmi,addr=1", "-device", "vfio-pci,host=31:00.1,bus=dmi,addr=2"] },
        { "", ["-host", "samples/hosts/amd-epyc.json", "-device", "vfio-pci,host=c1:00.0"] },
    };

    /// <summary>The real-machine table: each row's arguments after the common prefix, run as written.</summary>
    [Theory]
    [MemberData(nameof(RealMachineCommands))]
    public void RealMachineCommandsDoWhatTheReadmeSays(string error, string[] args)
    {
        Assert.Contains("`" + string.Join(' ', args) + "`", Readme());
        string root = Reference.RepositoryRoot();
        var full = new System.Collections.Generic.List<string> { "-machine", "q35", "-device", Vtd };
        foreach (string arg in args)
        {
            full.Add(arg.StartsWith("samples/", System.StringComparison.Ordinal) ? Path.Combine(root, arg) : arg);
        }

        var run = ToolRun.Of([.. full]);
        Assert.Equal((error.Length == 0 ? 0 : 1, error), (run.ExitCode, run.Error));
        if (error.Length > 0)
        {
            foreach (string line in error.TrimEnd('\n').Split('\n'))
            {
                Assert.Contains(line, Readme());
            }
        }
    }

    private static string Readme() => File.ReadAllText(Path.Combine(Reference.RepositoryRoot(), "README.md"));
}
