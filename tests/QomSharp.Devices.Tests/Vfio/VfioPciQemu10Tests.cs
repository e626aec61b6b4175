using System.Linq;
using QomSharp.Devices.Backends;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Devices.Vfio;

namespace QomSharp.Devices.Tests.Vfio;

/// <summary>
/// vfio-pci's QEMU 10.0 additions where the outcome depends on the host, so that QEMU here cannot
/// show it: <c>fd</c> with the iommufd backend (the bind of the passed descriptor), x-balloon-allowed
/// on a PCI function, and the values the new properties read before realize.
/// </summary>
public class VfioPciQemu10Tests
{
    [Theory]
    [InlineData("99", "Bad file descriptor")]
    [InlineData("1", "Inappropriate ioctl for device")]
    public void PassedDescriptorFailsAtBindAndLeavesTheBackendClosed(string fd, string strerror)
    {
        string option = $"vfio-pci,fd={fd},iommufd=fd0";
        var run = ToolRun.Of("-object", "iommufd,id=fd0", "-device", option);
        // The iommufd object opens /dev/iommu (the lowest free number, 3) for the bind, and closes it again.
        Assert.Equal(ToolRun.Refusal(option, $"vfio VFIO_FD{fd}: error bind device fd={fd} to iommufd=3: {strerror}"), run.Error);
        var backend = run.Resolve<IommufdBackend>("/objects/fd0");
        Assert.Equal((0u, -1), (backend.Users, backend.Fd));
    }

    [Fact]
    public void DescriptorOfAnAssignedDeviceIsNotTakenTwice()
    {
        // gpu's cdev is descriptor 3 and the iommufd's 4; a device cdev is bound once (EINVAL), /dev/iommu knows no VFIO ioctl.
        var run = ToolRun.Of("-object", "iommufd,id=fd0", "-device", "vfio-pci,host=98:00.0,iommufd=fd0,id=gpu", "-device", "vfio-pci,fd=3,iommufd=fd0");
        Assert.Equal(3, run.Resolve<VfioPci>("/machine/peripheral/gpu").VfioDevice!.Fd);
        Assert.Equal(ToolRun.Refusal("vfio-pci,fd=3,iommufd=fd0", "vfio VFIO_FD3: error bind device fd=3 to iommufd=4: Invalid argument"), run.Error);
        Assert.Equal(1u, run.Resolve<IommufdBackend>("/objects/fd0").Users);
        run = ToolRun.Of("-object", "iommufd,id=fd0", "-device", "vfio-pci,host=98:00.0,iommufd=fd0", "-device", "vfio-pci,fd=4,iommufd=fd0");
        Assert.Equal(ToolRun.Refusal("vfio-pci,fd=4,iommufd=fd0", "vfio VFIO_FD4: error bind device fd=4 to iommufd=4: Inappropriate ioctl for device"), run.Error);
    }

    [Fact]
    public void BalloonIsRefusedForAPciFunction()
    {
        var run = ToolRun.Of("-device", "vfio-pci,host=98:00.0,x-balloon-allowed=on");
        Assert.Equal(ToolRun.Refusal("vfio-pci,host=98:00.0,x-balloon-allowed=on", "vfio 0000:98:00.0: x-balloon-allowed only potentially compatible with mdev devices"), run.Error);
    }

    [Fact]
    public void NewPropertiesReadAsQemusBeforeRealize()
    {
        var context = new QomContext();
        var device = context.New(VfioPci.QomTypeName);
        Assert.Equal("00000000-0000-0000-0000-000000000000", device.GetPropertyValue("vf-token")!.GetValue<string>());
        Assert.Equal(255UL, device.GetPropertyValue("x-nv-gpudirect-clique")!.GetValue<ulong>());
        Assert.Equal(-1L, device.GetPropertyValue("bootindex")!.GetValue<long>());
        device.ParseProperty("vf-token", "5A8E1B7C-0D6F-4E2A-9B3C-1D2E3F405162");
        Assert.Equal("5a8e1b7c-0d6f-4e2a-9b3c-1d2e3f405162", device.GetPropertyValue("vf-token")!.GetValue<string>());
        device.ParseProperty("fd", "7");
        Assert.Equal(7, ((VfioPci)device).PassedFd);
        Assert.Equal("Property 'vfio-pci.fd' is not readable", Assert.Throws<QomException>(() => device.GetPropertyValue("fd")).Message);
        device.Unref();
    }

    [Fact]
    public void IommufdContainerTakesEachIommuUnitThroughItsOwnHwpt()
    {
        // No vIOMMU: all three share the system memory, so one container; 98:00.0 and b1:00.0 sit behind dmar2, 4b:00.0 behind dmar1.
        // Native hot-plug: the unplug completes when the guest powers the slot off (NativeSlot.Delete does it for the guest).
        var run = ToolRun.Of("-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off", "-object", "iommufd,id=fd0", "-device", "pcie-root-port,id=rp0,chassis=1", "-device", "pcie-root-port,id=rp1,chassis=2",
            "-device", "pcie-root-port,id=rp2,chassis=3", "-device", "vfio-pci,host=98:00.0,bus=rp0,iommufd=fd0,id=gpu",
            "-device", "vfio-pci,host=4b:00.0,bus=rp1,iommufd=fd0,id=nic", "-device", "vfio-pci,host=b1:00.0,bus=rp2,iommufd=fd0,id=nvme");
        Assert.Equal(string.Empty, run.Error);
        VfioContainer container = Assert.Single(VfioUniverse.Of(run.Context).Containers);
        VfioDevice gpu = run.Resolve<VfioPci>("/machine/peripheral/gpu").VfioDevice!;
        VfioDevice nic = run.Resolve<VfioPci>("/machine/peripheral/nic").VfioDevice!;
        VfioDevice nvme = run.Resolve<VfioPci>("/machine/peripheral/nvme").VfioDevice!;

        // Object ids, lowest free first: gpu's devid 1, the IOAS 2, its HWPT 3; nic's devid 4 and HWPT 5; nvme's devid 6 joins HWPT 3.
        Assert.Equal((1u, 2u, 4u, 6u), (gpu.DeviceId, container.IoasId, nic.DeviceId, nvme.DeviceId));
        Assert.Equal([5u, 3u], container.Hwpts.Select(h => h.Id));
        Assert.Same(gpu.Hwpt, nvme.Hwpt);
        Assert.Equal(5u, nic.Hwpt!.Id);
        Assert.Equal([nvme, gpu], gpu.Hwpt!.Devices);

        // The default host's units track dirty pages (ECAP SLADS and SMTS), so QEMU asks for it.
        Assert.All(container.Hwpts, h => Assert.Equal(VfioHwpt.DirtyTracking, h.Flags));

        var fd0 = run.Resolve<IommufdBackend>("/objects/fd0");
        Assert.Null(QmpTranscript.Error(NativeSlot.Delete(run.Context, "nic")));
        Assert.Equal([3u], container.Hwpts.Select(h => h.Id));
        Assert.False(fd0.HasHwpt(5));

        NativeSlot.Delete(run.Context, "gpu");
        NativeSlot.Delete(run.Context, "nvme");
        Assert.Empty(VfioUniverse.Of(run.Context).Containers);
        Assert.Equal((0u, -1), (fd0.Users, fd0.Fd));
    }
}
