using System.IO;
using System.Text.Json.Nodes;

namespace QomSharp.Tool.Tests.Preflight;

/// <summary>
/// The verdict per assigned device: each of QEMU's checks as the device models answered it, QEMU's
/// exact error, and a fix that, applied, makes the models accept the configuration.
/// </summary>
public sealed class VerdictTests
{
    private static readonly string ClientHost = RepositoryFiles.PathOf("samples/hosts/client-39bit.json");

    [Fact]
    public void BothFunctionsOfOneGroupFailAsQemuFailsAndTheFixNamesTheOtherDeviceAndTheBridge()
    {
        string[] config = ["-machine", "q35", "-device", "intel-iommu,caching-mode=on", "-device", "vfio-pci,host=31:00.0,id=nic0", "-device", "vfio-pci,host=31:00.1,id=nic1"];
        var (run, verdict) = PreflightRun.Json(config);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("does-not-fit", (string?)verdict["verdict"]);

        // The normal mode prints the same error, from the same model.
        var strict = ToolRun.Of(config);
        Assert.Equal("qomsharp: -device vfio-pci,host=31:00.1,id=nic1: vfio 0000:31:00.1: group 30 used in multiple address spaces\n", strict.Error);
        Assert.Equal("qemu-system-x86_64: " + strict.Error["qomsharp: ".Length..].TrimEnd('\n'), (string?)verdict["qemu_error"]);

        JsonObject nic1 = verdict.Device("nic1");
        Assert.Equal("does-not-fit", (string?)nic1["verdict"]);
        Assert.Equal(["pass", "pass", "pass", "fail", "not-reached", "not-reached", "not-reached", "not-reached", "not-reached", "not-reached", "not-reached"],
            nic1["checks"]!.AsArray().Select(c => (string)c!["result"]!).ToArray());
        Assert.Equal("vfio 0000:31:00.1: group 30 used in multiple address spaces", (string?)nic1["error"]);
        Assert.Equal(30, (int)nic1["iommu_group"]!);
        Assert.Equal("dmar0", (string?)nic1["iommu_unit"]);
        var member = nic1["group_members"]!.AsArray().Single()!;
        Assert.Equal("0000:31:00.0", (string?)member["address"]);
        Assert.Equal("nic0", (string?)member["assigned_as"]);
        string fix = (string)nic1["fix"]!;
        Assert.Contains("nic1 and nic0", fix);
        Assert.Contains("pcie-pci-bridge", fix);

        Assert.Equal("fits", (string?)verdict.Device("nic0")["verdict"]);
    }

    [Fact]
    public void ThePcieToPciBridgeFixMakesTheGroupFit()
    {
        var (run, verdict) = PreflightRun.Json("-machine", "q35", "-device", "intel-iommu,caching-mode=on", "-device", "pcie-pci-bridge,id=br0",
            "-device", "vfio-pci,host=31:00.0,id=nic0,bus=br0,addr=1", "-device", "vfio-pci,host=31:00.1,id=nic1,bus=br0,addr=2");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("fits", (string?)verdict.Device("nic1")["verdict"]);
    }

    [Fact]
    public void AVIommuWiderThanTheHostFailsTheAwBitsCheckAndLoweringItFits()
    {
        var (run, verdict) = PreflightRun.Json("-host", ClientHost, "-machine", "q35", "-device", "intel-iommu,aw-bits=48,caching-mode=on", "-device", "vfio-pci,host=01:00.0,id=ssd");
        Assert.Equal(1, run.ExitCode);
        JsonObject ssd = verdict.Device("ssd");
        Assert.Equal("fail", ssd.Check("aw-bits"));
        Assert.Equal("vfio 0000:01:00.0: Failed to set vIOMMU: aw-bits 48 > host aw-bits 39", (string?)ssd["error"]);
        Assert.Equal(39, (int)ssd["host_aw_bits"]!);
        Assert.Equal(48, (int)ssd["viommu_aw_bits"]!);
        Assert.Equal("lower the vIOMMU's address width to the host's: -device intel-iommu,aw-bits=39", (string?)ssd["fix"]);

        var (fixedRun, _) = PreflightRun.Json("-host", ClientHost, "-machine", "q35", "-device", "intel-iommu,aw-bits=39,caching-mode=on", "-device", "vfio-pci,host=01:00.0,id=ssd");
        Assert.Equal(0, fixedRun.ExitCode);
    }

    [Fact]
    public void WithoutCachingModeEveryAssignedDeviceFailsAtMachineDone()
    {
        var (run, verdict) = PreflightRun.Json("-machine", "q35", "-device", "intel-iommu", "-device", "vfio-pci,host=98:00.0,id=gpu", "-device", "vfio-pci,host=b1:00.0,id=nvme");
        Assert.Equal(1, run.ExitCode);
        foreach (string id in new[] { "gpu", "nvme" })
        {
            JsonObject device = verdict.Device(id);
            Assert.Equal("fail", device.Check("caching-mode"));
            Assert.Equal("pass", device.Check("aw-bits"));
            Assert.Equal("We need to set caching-mode=on for intel-iommu to enable device assignment with IOMMU protection.", (string?)device["error"]);
            Assert.Equal("set caching mode: -device intel-iommu,caching-mode=on", (string?)device["fix"]);
        }

        Assert.Equal("qomsharp: We need to set caching-mode=on for intel-iommu to enable device assignment with IOMMU protection.\n",
            ToolRun.Of("-machine", "q35", "-device", "intel-iommu", "-device", "vfio-pci,host=98:00.0,id=gpu").Error);
    }

    [Fact]
    public void WithoutAVIommuItsChecksDoNotApply()
    {
        var (run, verdict) = PreflightRun.Json("-machine", "q35", "-device", "vfio-pci,host=98:00.0,id=gpu");
        Assert.Equal(0, run.ExitCode);
        JsonObject gpu = verdict.Device("gpu");
        Assert.Equal("not-applicable", gpu.Check("aw-bits"));
        Assert.Equal("not-applicable", gpu.Check("caching-mode"));
        Assert.Equal("pass", gpu.Check("address-space"));
        Assert.Null(gpu["viommu"]);
    }

    [Fact]
    public void AFunctionTheHostDoesNotHaveFailsTheFirstHostCheck()
    {
        var (run, verdict) = PreflightRun.Json("-machine", "q35", "-device", "vfio-pci,host=5e:00.0,id=x");
        Assert.Equal(1, run.ExitCode);
        JsonObject device = verdict.Device("x");
        Assert.Equal("fail", device.Check("host-device"));
        Assert.Equal("not-reached", device.Check("iommu-group"));
        Assert.Equal("vfio /sys/bus/pci/devices/0000:5e:00.0: no such host device: No such file or directory", (string?)device["error"]);
    }

    [Fact]
    public void AFunctionBehindNoIommuFailsTheGroupCheck()
    {
        var (run, verdict) = PreflightRun.Json("-host", ClientHost, "-device", "vfio-pci,host=00:1f.0,id=lpc");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("fail", verdict.Device("lpc").Check("iommu-group"));
        Assert.Contains("behind no IOMMU", (string)verdict.Device("lpc")["fix"]!);
    }

    [Fact]
    public void ADeviceOnABusOutsideTheModelCouldNotBeChecked()
    {
        // Older guides put assigned devices behind an ioh3420 root port, which is not modelled.
        var (run, verdict) = PreflightRun.Json("-machine", "q35", "-device", "ioh3420,id=root.1,chassis=1", "-device", "vfio-pci,host=98:00.0,bus=root.1,id=gpu");
        Assert.Equal(2, run.ExitCode);
        JsonObject gpu = verdict.Device("gpu");
        Assert.Equal("could-not-check", (string?)gpu["verdict"]);
        Assert.Contains("'root.1'", (string)gpu["not_checked_reason"]!);
        Assert.Empty(gpu["checks"]!.AsArray());
    }

    [Fact]
    public void AnErrorOfAnotherDeviceIsAConfigurationErrorWithItsFix()
    {
        var (run, verdict) = PreflightRun.Json("-machine", "q35", "-device", "intel-iommu,aw-bits=40", "-device", "vfio-pci,host=98:00.0,id=gpu");
        Assert.Equal(1, run.ExitCode);
        var error = verdict["errors"]!.AsArray().Single()!;
        Assert.Equal("-device intel-iommu,aw-bits=40", (string?)error["option"]);
        Assert.Equal("Legacy mode: supported values for aw-bits are: 39, 48", (string?)error["error"]);
        Assert.Equal("use aw-bits=48 or aw-bits=39", (string?)error["fix"]);
    }

    [Fact]
    public void AHostThatCannotBeReadCouldNotBeChecked()
    {
        var run = ToolRun.Of("-preflight", "-host", "/nonexistent/host.json", "-device", "vfio-pci,host=98:00.0");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("qomsharp: -host /nonexistent/host.json: ", run.Error);
    }

    [Fact]
    public void TheTextVerdictShowsEachCheckTheErrorAndTheFix()
    {
        var run = ToolRun.Of("-preflight", "-machine", "q35", "-device", "intel-iommu,caching-mode=on", "-device", "vfio-pci,host=31:00.0,id=nic0", "-device", "vfio-pci,host=31:00.1,id=nic1");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("\nnic1: does-not-fit\n", run.Output);
        Assert.Contains("  IOMMU           dmar0, group 30\n", run.Output);
        Assert.Contains("  also in group 0000:31:00.0 Intel X710 10GbE SFP+ port 0 (boot RMRR), driver vfio-pci, assigned here as nic0\n", run.Output);
        Assert.Contains("                  fail           group serves one address space\n", run.Output);
        Assert.Contains("  error           vfio 0000:31:00.1: group 30 used in multiple address spaces\n", run.Output);
        Assert.EndsWith("\nverdict: does-not-fit (exit 1)\n", run.Output);
    }

    [Fact]
    public void AnEmptyFolderOfHostsCouldNotBeChecked()
    {
        string folder = Directory.CreateTempSubdirectory("qomsharp-fleet-").FullName;
        try
        {
            var run = ToolRun.Of("-preflight", "-host", folder, "-device", "vfio-pci,host=98:00.0");
            Assert.Equal(2, run.ExitCode);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
