using System.IO;
using QomSharp.Devices.Backends;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Devices.Vfio;

namespace QomSharp.Devices.Tests.Vfio;

/// <summary>
/// Host driver bindings against VFIO: a group is viable only when no function of it is bound to a
/// driver doing its own DMA (pci-stub, pcieport and the VFIO drivers are harmless), and only a VFIO
/// device can be opened. Texts are QEMU 10.0's (hw/vfio/container.c, iommufd.c) and glibc's strerror.
/// </summary>
public class VfioGroupViabilityTests
{
    private static readonly string SharedGroup = Path.Combine(Reference.RepositoryRoot(), "samples", "hosts", "shared-group.json");

    private static ToolRun Run(string device) =>
        ToolRun.Of("-host", SharedGroup, "-object", "iommufd,id=fd0", "-device", device);

    private static void AssertNothingAssigned(ToolRun run)
    {
        Assert.Empty(VfioUniverse.Of(run.Context).Containers);
        Assert.Empty(VfioUniverse.Of(run.Context).OpenGroups);
        Assert.Equal(0u, run.Resolve<IommufdBackend>("/objects/fd0").Users);
    }

    [Fact]
    public void GroupWithAFunctionOnAKernelDriverIsNotViable()
    {
        var run = Run("vfio-pci,host=31:00.0");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(ToolRun.Refusal("vfio-pci,host=31:00.0", "vfio 0000:31:00.0: group 30 is not viable")
            + "Please ensure all devices within the iommu_group are bound to their vfio bus driver.\n", run.Error);
        AssertNothingAssigned(run);
    }

    [Fact]
    public void IommufdBindIsRefusedByTheGroupsDmaOwner()
    {
        // The device's own cdev exists (it is on vfio-pci); the kernel refuses the DMA ownership claim.
        var run = Run("vfio-pci,host=31:00.0,iommufd=fd0");
        Assert.Equal(ToolRun.Refusal("vfio-pci,host=31:00.0,iommufd=fd0",
            "vfio 0000:31:00.0: error bind device fd=3 to iommufd=4: Operation not permitted"), run.Error);
        AssertNothingAssigned(run);
    }

    [Theory]
    [InlineData("")]
    [InlineData(",iommufd=fd0")]
    public void PciStubBesideVfioPciKeepsTheGroupViable(string backend)
    {
        var run = Run($"vfio-pci,host=32:00.0,id=nic{backend}");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        Assert.Single(VfioUniverse.Of(run.Context).Containers);
    }

    [Fact]
    public void AFunctionOnPciStubIsNotAVfioDevice()
    {
        var run = Run("vfio-pci,host=32:00.1");
        Assert.Equal(ToolRun.Refusal("vfio-pci,host=32:00.1", "vfio 0000:32:00.1: error getting device from group 31: No such device")
            + "Verify all devices in group 31 are bound to vfio-<bus> or pci-stub and not already in use\n", run.Error);
        AssertNothingAssigned(run);

        run = Run("vfio-pci,host=32:00.1,iommufd=fd0");
        Assert.Equal(ToolRun.Refusal("vfio-pci,host=32:00.1,iommufd=fd0",
            "vfio 0000:32:00.1: vfio /sys/bus/pci/devices/0000:32:00.1/vfio-dev: couldn't open directory /sys/bus/pci/devices/0000:32:00.1/vfio-dev: No such file or directory"), run.Error);
        AssertNothingAssigned(run);
    }

    [Fact]
    public void GroupWithoutAnyVfioDeviceHasNoGroupNode()
    {
        var run = Run("vfio-pci,host=41:00.0");
        Assert.Equal(ToolRun.Refusal("vfio-pci,host=41:00.0", "vfio 0000:41:00.0: Could not open '/dev/vfio/40': No such file or directory"), run.Error);
        AssertNothingAssigned(run);
    }

    [Theory]
    [InlineData("vfio-pci", true, true)]
    [InlineData("mlx5_vfio_pci", true, true)]
    [InlineData("xe-vfio-pci", true, true)]
    [InlineData("pci-stub", false, true)]
    [InlineData("pcieport", false, true)]
    [InlineData("nvme", false, false)]
    [InlineData("i40e", false, false)]
    [InlineData("vfio-pcix", false, false)]
    public void DriverRoles(string driver, bool vfio, bool harmless) =>
        Assert.Equal((vfio, harmless), (VfioHostDrivers.IsVfioDriver(driver), VfioHostDrivers.LeavesDmaToOwner(driver)));
}
