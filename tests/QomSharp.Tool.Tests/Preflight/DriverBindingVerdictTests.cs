using System.Text.Json.Nodes;

namespace QomSharp.Tool.Tests.Preflight;

/// <summary>
/// A host whose functions are not all on vfio-pci (samples/hosts/shared-group.json): the device models
/// refuse as QEMU does, on each backend, and the fix names the functions to bind.
/// </summary>
public sealed class DriverBindingVerdictTests
{
    private static readonly string SharedGroupHost = RepositoryFiles.PathOf("samples/hosts/shared-group.json");

    public static TheoryData<string, bool, string, string, string> Cases => new()
    {
        { "31:00.0", false, "group-viable", "vfio 0000:31:00.0: group 30 is not viable", "0000:31:00.1 (on i40e): driverctl set-override 0000:31:00.1 vfio-pci" },
        { "31:00.0", true, "iommufd-bind", "vfio 0000:31:00.0: error bind device fd=3 to iommufd=4: Operation not permitted", "0000:31:00.1 (on i40e)" },
        { "41:00.0", false, "vfio-node", "vfio 0000:41:00.0: Could not open '/dev/vfio/40': No such file or directory", "0000:41:00.0 (on nvme): driverctl set-override 0000:41:00.0 vfio-pci" },
        {
            "41:00.0", true, "vfio-cdev",
            "vfio 0000:41:00.0: vfio /sys/bus/pci/devices/0000:41:00.0/vfio-dev: couldn't open directory /sys/bus/pci/devices/0000:41:00.0/vfio-dev: No such file or directory",
            "0000:41:00.0 (on nvme)"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void AGroupNotOnVfioFailsItsCheckAndTheFixNamesWhatToBind(string host, bool iommufd, string check, string error, string fix)
    {
        string device = $"vfio-pci,host={host},id=dev" + (iommufd ? ",iommufd=fd0" : string.Empty);
        string[] config = iommufd ? ["-object", "iommufd,id=fd0", "-device", device] : ["-device", device];
        var (run, verdict) = PreflightRun.Json(["-host", SharedGroupHost, .. config]);
        Assert.Equal(1, run.ExitCode);
        JsonObject dev = verdict.Device("dev");
        Assert.Equal("fail", dev.Check(check));
        Assert.Equal(error, (string?)dev["error"]);
        Assert.Contains(fix, (string)dev["fix"]!);
        Assert.Equal(iommufd ? "iommufd" : "legacy", (string?)dev["backend"]);

        // The same error as the normal mode's, from the same model.
        Assert.Equal($"qomsharp: -device {device}: {error}\n", ToolRun.Of(["-host", SharedGroupHost, .. config]).Error.Split('\n')[0] + "\n");
    }

    [Fact]
    public void AGroupWhoseOtherFunctionIsOnPciStubFitsAndListsItsDriver()
    {
        var (run, verdict) = PreflightRun.Json("-host", SharedGroupHost, "-device", "vfio-pci,host=32:00.0,id=dev");
        Assert.Equal(0, run.ExitCode);
        JsonObject dev = verdict.Device("dev");
        Assert.Equal("vfio-pci", (string?)dev["host_function"]!["driver"]);
        var member = dev["group_members"]!.AsArray().Single()!;
        Assert.Equal("0000:32:00.1", (string?)member["address"]);
        Assert.Equal("pci-stub", (string?)member["driver"]);
    }
}
