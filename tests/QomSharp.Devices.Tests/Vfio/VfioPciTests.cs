using System.Linq;
using QomSharp.Devices.Backends;
using QomSharp.Devices.I386;
using QomSharp.Devices.Pci;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Devices.Vfio;

namespace QomSharp.Devices.Tests.Vfio;

/// <summary>
/// vfio-pci on the command line (baseline M-9.1, devices-spec §4): opening the host device, both
/// backends, the host IOMMU device handed to intel-iommu, QEMU's texts, and what a failure leaves.
/// QEMU 10.0's texts for these are kept in tests/reference/qemu-10.0/vfio-pci-errors.txt.
/// </summary>
public sealed class VfioPciTests : System.IDisposable
{
    private const string Vtd48 = "intel-iommu,id=vtd,aw-bits=48,caching-mode=on";
    private readonly VfioHosts hosts = new();

    public void Dispose() => hosts.Dispose();

    [Fact]
    public void LegacyDeviceOnTheDefaultHostIsAcceptedByTheVirtualIommu()
    {
        var run = ToolRun.Of("-device", Vtd48, "-device", "vfio-pci,host=98:00.0,id=gpu");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));

        var gpu = run.Resolve<VfioPci>("/machine/peripheral/gpu");
        VfioDevice vfio = gpu.VfioDevice!;
        Assert.Equal("0000:98:00.0", vfio.Name);
        Assert.Equal("/sys/bus/pci/devices/0000:98:00.0", vfio.SysfsPath);
        Assert.Same(VfioIommuBackend.Legacy, vfio.IommuBackend);
        HostIommuDevice hiod = Assert.IsType<HostIommuDeviceLegacyVfio>(vfio.HostIommuDevice);
        Assert.Equal("0000:98:00.0", hiod.Name);
        Assert.Same(vfio, hiod.Agent);
        Assert.Equal(48, hiod.GetCap(HostIommuDeviceCap.AwBits));

        // One reference from VFIO, one from the vIOMMU's table (spec §4.5).
        Assert.Equal(2, hiod.RefCount);
        Assert.Same(hiod, Vtd(run).FindHostIommuDevice(gpu.PciBus!, gpu.Devfn));
        Assert.Equal("0000:98:00.0", gpu.GetPropertyValue("host")!.GetValue<string>());

        VfioContainer container = Assert.Single(VfioUniverse.Of(run.Context).Containers);
        Assert.Same(gpu.GetIommuAddressSpace(), container.AddressSpace);
        Assert.Equal([52], VfioUniverse.Of(run.Context).OpenGroups);
    }

    [Fact]
    public void IommufdDeviceOnTheDefaultHostIsAcceptedByTheVirtualIommu()
    {
        var run = ToolRun.Of("-object", "iommufd,id=fd0", "-device", Vtd48, "-device", "vfio-pci,host=0000:98:00.0,id=gpu,iommufd=fd0");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));

        var gpu = run.Resolve<VfioPci>("/machine/peripheral/gpu");
        var backend = run.Resolve<IommufdBackend>("/objects/fd0");
        Assert.Same(backend, gpu.Iommufd);
        Assert.Equal(1u, backend.Users);
        VfioDevice vfio = gpu.VfioDevice!;
        Assert.Same(VfioIommuBackend.Iommufd, vfio.IommuBackend);
        var hiod = Assert.IsType<HostIommuDeviceIommufdVfio>(vfio.HostIommuDevice);
        Assert.Equal(IommuHwInfoType.IntelVtd, hiod.Caps.Type);
        Assert.Equal((int)IommuHwInfoType.IntelVtd, hiod.GetCap(HostIommuDeviceCap.IommuType));
        Assert.Equal(48, hiod.GetCap(HostIommuDeviceCap.AwBits));
        Assert.Equal(2, hiod.RefCount);
        Assert.Same(hiod, Vtd(run).FindHostIommuDevice(gpu.PciBus!, gpu.Devfn));
        VfioContainer container = Assert.Single(VfioUniverse.Of(run.Context).Containers);
        Assert.True(backend.HasIoas(container.IoasId));

        // The backend is in use while the device is bound.
        var replies = QmpTranscript.Run(run.Context, """{"execute":"object-del","arguments":{"id":"fd0"}}""");
        Assert.Equal("object 'fd0' is in use, can not be deleted", QmpTranscript.Error(replies[0]));
    }

    [Theory]
    [InlineData("")]
    [InlineData(",iommufd=fd0")]
    public void WiderGuestThanTheHostIsRefusedWithQemusFullText(string backend)
    {
        var run = ToolRun.Of("-host", hosts.Host39, "-object", "iommufd,id=fd0", "-device", Vtd48,
            "-device", $"vfio-pci,host=01:00.0{backend}");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(ToolRun.Refusal($"vfio-pci,host=01:00.0{backend}", "vfio 0000:01:00.0: Failed to set vIOMMU: aw-bits 48 > host aw-bits 39"), run.Error);
        AssertNothingAssigned(run.Context);
        Assert.Equal(0u, run.Resolve<IommufdBackend>("/objects/fd0").Users);
    }

    [Theory]
    [InlineData("")]
    [InlineData(",iommufd=fd0")]
    public void GuestWidthOfTheHostIsAccepted(string backend)
    {
        var run = ToolRun.Of("-host", hosts.Host39, "-object", "iommufd,id=fd0", "-device", "intel-iommu,id=vtd,caching-mode=on,aw-bits=39",
            "-device", $"vfio-pci,host=01:00.0,id=nic{backend}");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        var nic = run.Resolve<VfioPci>("/machine/peripheral/nic");
        Assert.Equal(39, nic.VfioDevice!.HostIommuDevice!.GetCap(HostIommuDeviceCap.AwBits));
    }

    [Theory]
    [InlineData("vfio-pci", "No provided host device")]
    [InlineData("vfio-pci,host=99:00.0", "vfio /sys/bus/pci/devices/0000:99:00.0: no such host device: No such file or directory")]
    [InlineData("vfio-pci,host=xyz", "Property 'vfio-pci.host' doesn't take value 'xyz'")]
    [InlineData("vfio-pci,host=99:20.0", "Property 'vfio-pci.host' doesn't take value '99:20.0'")]
    [InlineData("vfio-pci,host=10000:00:00.0", "Property 'vfio-pci.host' doesn't take value '10000:00:00.0'")]
    [InlineData("vfio-pci,sysfsdev=/nonexistent/foo", "vfio /nonexistent/foo: no such host device: No such file or directory")]
    [InlineData("vfio-pci,host=99:00.0,sysfsdev=/x/y", "vfio /x/y: no such host device: No such file or directory")]
    public void HostDeviceErrorsAreQemu10s(string option, string message)
    {
        var run = ToolRun.Of("-device", "intel-iommu,caching-mode=on", "-device", option);
        Assert.Equal(1, run.ExitCode);
        string expected = ToolRun.Refusal(option, message);
        string hint = option == "vfio-pci" ? Hint : string.Empty;
        Assert.Equal(expected + hint, run.Error);
        Assert.Contains(expected.Replace("qomsharp:", "qemu-system-x86_64:", System.StringComparison.Ordinal), Qemu10.Qemu10Reference.Read("vfio-pci-errors.txt"), System.StringComparison.Ordinal);
        AssertNothingAssigned(run.Context);
    }

    [Fact]
    public void MissingHostPrintsQemusHint()
    {
        var run = ToolRun.Of("-device", "vfio-pci");
        Assert.Equal(ToolRun.Refusal("vfio-pci", "No provided host device") + Hint, run.Error);
    }

    [Fact]
    public void DevicesOfOneIommufdObjectShareItsDescriptorUntilTheLastLeaves()
    {
        // Without a vIOMMU both devices are in the system memory: one container, one IOAS, two users.
        // Native hot-plug, whose unplug completes at once (ACPI PCI hot-plug, the default, waits for the guest's eject).
        var run = ToolRun.Of("-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off", "-object", "iommufd,id=fd0", "-device", "pcie-root-port,id=rp0,chassis=1", "-device", "pcie-root-port,id=rp1,chassis=2");
        var fd0 = run.Resolve<IommufdBackend>("/objects/fd0");
        var replies = QmpTranscript.Run(run.Context,
            """{"execute":"device_add","arguments":{"driver":"vfio-pci","host":"98:00.0","bus":"rp0","id":"gpu","iommufd":"fd0"}}""",
            """{"execute":"device_add","arguments":{"driver":"vfio-pci","host":"b1:00.0","bus":"rp1","id":"nvme","iommufd":"fd0"}}""");
        Assert.All(replies, r => Assert.Null(QmpTranscript.Error(r)));
        VfioContainer container = Assert.Single(VfioUniverse.Of(run.Context).Containers);
        Assert.Equal(2, container.Devices.Count);
        Assert.Equal(2u, fd0.Users);
        int descriptor = fd0.Fd;
        Assert.Equal((3, 4, 5), (run.Resolve<VfioPci>("/machine/peripheral/gpu").VfioDevice!.Fd, descriptor, run.Resolve<VfioPci>("/machine/peripheral/nvme").VfioDevice!.Fd));

        replies = QmpTranscript.Run(run.Context, """{"execute":"device_del","arguments":{"id":"gpu"}}""");
        Assert.Null(QmpTranscript.Error(replies[0]));
        Assert.Same(container, Assert.Single(VfioUniverse.Of(run.Context).Containers));
        Assert.True(fd0.HasIoas(container.IoasId));
        Assert.Equal((1u, descriptor), (fd0.Users, fd0.Fd));

        // Linux reuses the lowest free descriptor: the next cdev gets the GPU's 3 again.
        replies = QmpTranscript.Run(run.Context, """{"execute":"device_add","arguments":{"driver":"vfio-pci","host":"4b:00.0","bus":"rp0","id":"nic","iommufd":"fd0"}}""");
        Assert.Null(QmpTranscript.Error(replies[0]));
        Assert.Equal(3, run.Resolve<VfioPci>("/machine/peripheral/nic").VfioDevice!.Fd);

        replies = QmpTranscript.Run(run.Context,
            """{"execute":"device_del","arguments":{"id":"nic"}}""",
            """{"execute":"device_del","arguments":{"id":"nvme"}}""",
            """{"execute":"object-del","arguments":{"id":"fd0"}}""");
        Assert.All(replies, r => Assert.Null(QmpTranscript.Error(r)));
        Assert.False(fd0.HasIoas(container.IoasId));
        Assert.Equal((0u, -1), (fd0.Users, fd0.Fd));
        AssertNothingAssigned(run.Context);
    }

    [Theory]
    [InlineData("vfio-pci,sysfsdev=/sys/devices/pci0000:97/0000:97:01.0/0000:98:00.0")]
    [InlineData("vfio-pci,sysfsdev=/sys/bus/pci/devices/0000:98:00.0")]
    [InlineData("vfio-pci,sysfsdev=/sys/bus/pci/devices/0000:98:00.0/")]
    public void SysfsdevNamesTheDeviceByItsBasename(string option)
    {
        var run = ToolRun.Of("-device", Vtd48, "-device", option + ",id=gpu");
        Assert.Equal(string.Empty, run.Error);
        var gpu = run.Resolve<VfioPci>("/machine/peripheral/gpu");
        Assert.Equal("0000:98:00.0", gpu.VfioDevice!.Name);
        Assert.Equal("ffff:ff:ff.f", gpu.GetPropertyValue("host")!.GetValue<string>());
    }

    [Theory]
    [InlineData("", "vfio 0000:00:1f.0: no iommu_group found: No such file or directory")]
    [InlineData(",iommufd=fd0", "vfio 0000:00:1f.0: vfio /sys/bus/pci/devices/0000:00:1f.0/vfio-dev: couldn't open directory /sys/bus/pci/devices/0000:00:1f.0/vfio-dev: No such file or directory")]
    public void DeviceBehindNoIommuCannotBeAssigned(string backend, string message)
    {
        var run = ToolRun.Of("-host", hosts.Host39, "-object", "iommufd,id=fd0", "-device", $"vfio-pci,host=00:1f.0{backend}");
        Assert.Equal(ToolRun.Refusal($"vfio-pci,host=00:1f.0{backend}", message), run.Error);
        Assert.Equal(0u, run.Resolve<IommufdBackend>("/objects/fd0").Users);
        AssertNothingAssigned(run.Context);
    }

    [Fact]
    public void FunctionsOfOneGroupNeedOneAddressSpaceOnTheLegacyBackend()
    {
        // With a vIOMMU each function on pcie.0 has its own address space; the group cannot serve two.
        var run = ToolRun.Of("-device", Vtd48, "-device", "vfio-pci,host=31:00.0,id=p0", "-device", "vfio-pci,host=31:00.1,id=p1");
        Assert.Equal(ToolRun.Refusal("vfio-pci,host=31:00.1,id=p1", "vfio 0000:31:00.1: group 30 used in multiple address spaces"), run.Error);

        // Behind a PCIe-to-PCI bridge both alias to its secondary bus at 00.0: one address space, one container.
        run = ToolRun.Of("-device", Vtd48, "-device", "pcie-pci-bridge,id=pb",
            "-device", "vfio-pci,host=31:00.0,id=p0,bus=pb,addr=1", "-device", "vfio-pci,host=31:00.1,id=p1,bus=pb,addr=2");
        Assert.Equal(string.Empty, run.Error);
        VfioContainer container = Assert.Single(VfioUniverse.Of(run.Context).Containers);
        Assert.Equal(2, container.Devices.Count);
        Assert.Equal(2, Vtd(run).HostIommuDeviceCount);
    }

    [Fact]
    public void OneHostDeviceCannotBeAssignedTwice()
    {
        // Without a vIOMMU both share the system memory, so the legacy group finds the device already there.
        var run = ToolRun.Of("-device", "vfio-pci,host=98:00.0", "-device", "vfio-pci,host=98:00.0");
        Assert.Equal(ToolRun.Refusal("vfio-pci,host=98:00.0", "vfio 0000:98:00.0: device is already attached"), run.Error);

        // A VFIO cdev binds once. QEMU opens the cdev before /dev/iommu: fds 3 (cdev), 4 (iommufd), 5 (second cdev).
        run = ToolRun.Of("-object", "iommufd,id=fd0", "-device", "vfio-pci,host=98:00.0,iommufd=fd0", "-device", "vfio-pci,host=98:00.0,iommufd=fd0");
        Assert.Equal(ToolRun.Refusal("vfio-pci,host=98:00.0,iommufd=fd0", "vfio 0000:98:00.0: error bind device fd=5 to iommufd=4: Invalid argument"), run.Error);
        Assert.Equal(1u, run.Resolve<IommufdBackend>("/objects/fd0").Users);
    }

    [Fact]
    public void WithoutVirtualIommuTheDeviceIsAssignedToSystemMemory()
    {
        var run = ToolRun.Of("-device", "vfio-pci,host=98:00.0,id=gpu", "-device", "vfio-pci,host=4b:00.0,id=nic");
        Assert.Equal(string.Empty, run.Error);
        var gpu = run.Resolve<VfioPci>("/machine/peripheral/gpu");
        Assert.Null(gpu.VfioDevice!.HostIommuDevice!.AliasedBus);
        Assert.Equal(1, gpu.VfioDevice.HostIommuDevice.RefCount);
        VfioContainer container = Assert.Single(VfioUniverse.Of(run.Context).Containers);
        Assert.Same(run.Context.Qdev.SystemMemory, container.AddressSpace);
        Assert.Equal(2, container.Devices.Count);
    }

    [Fact]
    public void ColdPlugWithoutCachingModeEndsTheRunAsQemuDoes()
    {
        var run = ToolRun.Of("-device", "intel-iommu", "-device", "vfio-pci,host=98:00.0");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("qomsharp: We need to set caching-mode=on for intel-iommu to enable device assignment with IOMMU protection.\n", run.Error);

        // Several assigned devices are found just as well (the typed search reports them as ambiguous).
        var two = ToolRun.Of("-device", "intel-iommu", "-device", "vfio-pci,host=98:00.0", "-device", "vfio-pci-nohotplug,host=4b:00.0");
        Assert.Equal(run.Error, two.Error);

        Assert.Equal(0, ToolRun.Of("-device", "intel-iommu", "-device", "pci-testdev").ExitCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData(",iommufd=fd0")]
    public void HotUnplugGivesEverythingBack(string backend)
    {
        // Native hot-plug, whose unplug completes at once (ACPI PCI hot-plug, the default, waits for the guest's eject).
        var run = ToolRun.Of("-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off", "-object", "iommufd,id=fd0", "-device", Vtd48, "-device", "pcie-root-port,id=rp,chassis=1");
        Assert.Equal(string.Empty, run.Error);
        var fd0 = run.Resolve<IommufdBackend>("/objects/fd0");
        int backendRefs = fd0.RefCount;

        var replies = QmpTranscript.Run(run.Context,
            $$$"""{"execute":"device_add","arguments":{"driver":"vfio-pci","host":"98:00.0","bus":"rp","id":"gpu"{{{Json(backend)}}}}}""");
        Assert.Null(QmpTranscript.Error(replies[0]));
        var gpu = run.Resolve<VfioPci>("/machine/peripheral/gpu");
        HostIommuDevice hiod = gpu.VfioDevice!.HostIommuDevice!;
        Assert.Equal(2, hiod.RefCount);
        Assert.Equal(1, Vtd(run).HostIommuDeviceCount);

        replies = QmpTranscript.Run(run.Context, """{"execute":"device_del","arguments":{"id":"gpu"}}""");
        Assert.Null(QmpTranscript.Error(replies[0]));
        Assert.Null(run.Context.ResolvePath("/machine/peripheral/gpu"));
        Assert.Equal(0, hiod.RefCount);
        Assert.Null(gpu.VfioDevice);
        AssertNothingAssigned(run.Context);
        Assert.Equal((0u, backendRefs), (fd0.Users, fd0.RefCount));
    }

    [Theory]
    [InlineData("")]
    [InlineData(",iommufd=fd0")]
    public void FailedHotplugChangesNothing(string backend)
    {
        var run = ToolRun.Of("-host", hosts.Host39, "-object", "iommufd,id=fd0", "-device", Vtd48, "-device", "pcie-root-port,id=rp,chassis=1");
        Assert.Equal(string.Empty, run.Error);
        var fd0 = run.Resolve<IommufdBackend>("/objects/fd0");
        int backendRefs = fd0.RefCount;
        string treeBefore = Monitor.TreePrinter.QomTree(run.Context);

        var replies = QmpTranscript.Run(run.Context,
            $$$"""{"execute":"device_add","arguments":{"driver":"vfio-pci","host":"01:00.0","bus":"rp","id":"nic"{{{Json(backend)}}}}}""");
        Assert.Equal("vfio 0000:01:00.0: Failed to set vIOMMU: aw-bits 48 > host aw-bits 39", QmpTranscript.Error(replies[0]));

        // Only the IOMMU keeps what the function's registration made: its address space, as QEMU does.
        string treeAfter = Monitor.TreePrinter.QomTree(run.Context);
        Assert.Equal(WithoutIommuRegions(treeBefore), WithoutIommuRegions(treeAfter));
        Assert.DoesNotContain("/vtd-00.0[1] ", treeBefore, System.StringComparison.Ordinal);
        Assert.Contains("/vtd-00.0[1] ", treeAfter, System.StringComparison.Ordinal);
        AssertNothingAssigned(run.Context);
        Assert.Equal((0u, backendRefs, -1), (fd0.Users, fd0.RefCount, fd0.Fd));
    }

    private static string WithoutIommuRegions(string tree) =>
        string.Join('\n', tree.Split('\n').Where(l => !l.Contains("/vtd-", System.StringComparison.Ordinal)));

    [Fact]
    public void HotplugWithoutCachingModeIsRefusedBeforeAnythingIsOpened()
    {
        var run = ToolRun.Of("-device", "intel-iommu", "-device", "pcie-root-port,id=rp,chassis=1");
        var replies = QmpTranscript.Run(run.Context,
            """{"execute":"device_add","arguments":{"driver":"vfio-pci","host":"98:00.0","bus":"rp"}}""",
            """{"execute":"device_add","arguments":{"driver":"vfio-pci","host":"99:00.0","bus":"rp"}}""",
            """{"execute":"device_add","arguments":{"driver":"pci-testdev","bus":"rp"}}""");
        Assert.Equal("Device assignment is not allowed without enabling caching-mode=on for Intel IOMMU.", QmpTranscript.Error(replies[0]));

        // The machine refuses before any property is set or the host device looked up.
        Assert.Equal("Device assignment is not allowed without enabling caching-mode=on for Intel IOMMU.", QmpTranscript.Error(replies[1]));
        replies.RemoveAt(0);
        Assert.Null(QmpTranscript.Error(replies[1]));
        AssertNothingAssigned(run.Context);
    }

    [Fact]
    public void NoHotplugVariantIsColdPlugOnly()
    {
        var run = ToolRun.Of("-device", Vtd48, "-device", "vfio-pci-nohotplug,host=98:00.0,id=gpu", "-device", "pcie-root-port,id=rp,chassis=1");
        Assert.Equal(string.Empty, run.Error);
        Assert.IsType<HostIommuDeviceLegacyVfio>(run.Resolve<VfioPciNoHotplug>("/machine/peripheral/gpu").VfioDevice!.HostIommuDevice);
        var replies = QmpTranscript.Run(run.Context, """{"execute":"device_add","arguments":{"driver":"vfio-pci-nohotplug","host":"4b:00.0","bus":"rp"}}""");
        Assert.Equal("Device 'vfio-pci-nohotplug' does not support hotplugging", QmpTranscript.Error(replies[0]));
    }

    [Fact]
    public void DeviceListLinesAreQemu10s()
    {
        string[] list = ToolRun.Of("-device", "help").Output.Split('\n');
        string reference = Qemu10.Qemu10Reference.Read("device-help.txt");
        foreach (string type in new[] { "vfio-pci", "vfio-pci-nohotplug" })
        {
            Assert.Contains(Assert.Single(list, l => l.StartsWith($"name \"{type}\"", System.StringComparison.Ordinal)) + "\n", reference, System.StringComparison.Ordinal);
        }
    }

    // QEMU 10.0's hint for a vfio-pci without a host device (it names fd=DEVICE_FD since iommufd).
    private const string Hint = "Use -device vfio-pci,host=DDDD:BB:DD.F or -device vfio-pci,fd=DEVICE_FD or -device vfio-pci,sysfsdev=PATH_TO_DEVICE\n";

    private static string Json(string backend) => backend.Length == 0 ? string.Empty : ""","iommufd":"fd0" """.TrimEnd();

    private static IntelIommu Vtd(ToolRun run) => run.Resolve<IntelIommu>("/machine/peripheral/vtd");

    private static void AssertNothingAssigned(QomContext context)
    {
        Assert.Empty(VfioUniverse.Of(context).Containers);
        Assert.Empty(VfioUniverse.Of(context).OpenGroups);
        if ((context.ResolvePath("/machine") as Machines.PcMachine)?.DefaultIommu is IntelIommu vtd)
        {
            Assert.Equal(0, vtd.HostIommuDeviceCount);
        }
    }
}
