using QomSharp.Devices.Backends;
using QomSharp.Devices.I386;
using QomSharp.Devices.Pci;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Devices.Vdpa;

namespace QomSharp.Devices.Tests.Vdpa;

/// <summary>
/// vhost-vdpa-device-pci on host models with vDPA devices: the host IOMMU device it creates, its
/// set/unset with intel-iommu through the same path and check as vfio-pci, and the realize steps
/// after the open (QEMU's texts where QEMU has them, ours where marked).
/// </summary>
public sealed class VhostVdpaDeviceTests : System.IDisposable
{
    private const string Vtd48 = "intel-iommu,aw-bits=48,caching-mode=on,id=vtd";
    private const string Vtd39 = "intel-iommu,aw-bits=39,caching-mode=on,id=vtd";
    private readonly VhostVdpaReference hosts = new();

    public void Dispose() => hosts.Dispose();

    [Fact]
    public void DefaultHostsVdpaDeviceIsSetWithTheVIommuAsALegacyVdpaHostIommuDevice()
    {
        var run = ToolRun.Of("-machine", "q35", "-device", Vtd48, "-device", "vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-0,id=vdpa0");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        var proxy = run.Resolve<VhostVdpaDevicePci>("/machine/peripheral/vdpa0");
        var hiod = Assert.IsType<HostIommuDeviceLegacyVdpa>(proxy.Backend.HostIommuDevice);
        Assert.Same(proxy.Backend, run.Resolve<VhostVdpaDevice>("/machine/peripheral/vdpa0/virtio-backend"));
        Assert.Same(proxy.VirtioBus, proxy.Backend.ParentBus);

        // The vIOMMU's table holds it under the proxy's own (bus, devfn), as for vfio-pci.
        var vtd = run.Resolve<IntelIommu>("/machine/peripheral/vtd");
        Assert.Same(hiod, vtd.FindHostIommuDevice(proxy.PciBus!, proxy.Devfn));
        Assert.Equal(1, vtd.HostIommuDeviceCount);
        Assert.Equal(("vdpa0", 48), (hiod.Name, hiod.GetCap(HostIommuDeviceCap.AwBits)));
        Assert.Equal("vdpa0: unsupported capability 0", Assert.Throws<QomException>(() => hiod.GetCap(HostIommuDeviceCap.IommuType)).Message);

        // The parent (0000:cb:00.0) is behind dmar3: its 48-bit aperture, 4 KiB/2 MiB/1 GiB pages.
        Assert.Equal(new Host.IovaRange(0, 0xffff_ffff_ffff), Assert.Single(hiod.GetIovaRanges()));
        Assert.Equal(0x40201000UL, hiod.GetPageSizeMask());
        Assert.Equal(256, proxy.Backend.QueueSize);
        Assert.Equal(3u, proxy.Backend.QueueCount);
    }

    [Fact]
    public void IommufdLinkBindsTheDeviceAndGivesAnIommufdVdpaHostIommuDevice()
    {
        var run = ToolRun.Of("-machine", "q35", "-object", "iommufd,id=fd0", "-device", Vtd48,
            "-device", "vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-0,iommufd=fd0,id=vdpa0");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        var backend = run.Resolve<VhostVdpaDevicePci>("/machine/peripheral/vdpa0").Backend;
        var hiod = Assert.IsType<HostIommuDeviceIommufdVdpa>(backend.HostIommuDevice);
        Assert.Equal(((int)IommuHwInfoType.IntelVtd, 48), (hiod.GetCap(HostIommuDeviceCap.IommuType), hiod.GetCap(HostIommuDeviceCap.AwBits)));
        Assert.Equal(0x9ed008c40780466UL, hiod.HardwareInfo!.VtdCapReg);
        var fd0 = run.Resolve<IommufdBackend>("/objects/fd0");
        Assert.Equal(1u, fd0.Users);

        // The descriptors as Linux hands them out: /dev/vhost-vdpa-0 first (3), then /dev/iommu (4).
        Assert.Equal((3, 4), (backend.Vdpa!.Fd, fd0.Fd));
        Assert.Equal("fd0", QmpTranscript.Run(run.Context, """{"execute":"qom-get","arguments":{"path":"/machine/peripheral/vdpa0","property":"iommufd"}}""")[0]["return"]!.GetValue<string>().Split('/')[^1]);
    }

    [Fact]
    public void AddressWidthFromTheIovaRangeIsCheckedByIntelIommusOwnCheck()
    {
        // vdpa1's explicit range ends at 2^36 - 1: 36 bits, below 39 and 48.
        var run = ToolRun.Of("-host", hosts.Client, "-machine", "q35", "-device", Vtd39, "-device", "vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-1");
        Assert.Equal("qomsharp: -device vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-1: vhost-vdpa-device: Failed to set vIOMMU: aw-bits 39 > host aw-bits 36\n", run.Error);
        Assert.Equal(1, run.ExitCode);

        // vdpa0 takes its parent's 39-bit aperture: 39 fits, 48 does not.
        Assert.Equal(0, ToolRun.Of("-host", hosts.Client, "-machine", "q35", "-device", Vtd39, "-device", "vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-0").ExitCode);
        run = ToolRun.Of("-host", hosts.Client, "-machine", "q35", "-device", Vtd48, "-device", "vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-0");
        Assert.Equal("qomsharp: -device vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-0: vhost-vdpa-device: Failed to set vIOMMU: aw-bits 48 > host aw-bits 39\n", run.Error);
    }

    [Fact]
    public void VfioAndVdpaMeetTheSameCheckWithTheSameText()
    {
        var vfio = ToolRun.Of("-host", hosts.Client, "-machine", "q35", "-device", Vtd48, "-device", "vfio-pci,host=01:00.0");
        var vdpa = ToolRun.Of("-host", hosts.Client, "-machine", "q35", "-device", Vtd48, "-device", "vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-0");
        Assert.EndsWith(": Failed to set vIOMMU: aw-bits 48 > host aw-bits 39\n", vfio.Error);
        Assert.Equal(vfio.Error[vfio.Error.IndexOf(": Failed", System.StringComparison.Ordinal)..], vdpa.Error[vdpa.Error.IndexOf(": Failed", System.StringComparison.Ordinal)..]);
    }

    /// <summary>
    /// intel-iommu's first-stage check is the one vfio-pci meets: a legacy host IOMMU device is refused
    /// with its text; the iommufd-vdpa one passes it, but is attached to no HWPT, so nothing nests on it.
    /// </summary>
    [Fact]
    public void FirstStageHostCheckTreatsVdpaAsVfio()
    {
        const string Flts = "intel-iommu,x-scalable-mode=on,x-flts=on,caching-mode=on,id=vtd";
        var vfio = ToolRun.Of("-machine", "q35", "-device", Flts, "-device", "vfio-pci,host=98:00.0");
        var vdpa = ToolRun.Of("-machine", "q35", "-device", Flts, "-device", "vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-0");
        Assert.Equal("qomsharp: -device vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-0: vhost-vdpa-device: Failed to set vIOMMU: Need IOMMUFD backend when x-flts=on\n", vdpa.Error);
        Assert.EndsWith(": Failed to set vIOMMU: Need IOMMUFD backend when x-flts=on\n", vfio.Error);

        var run = ToolRun.Of("-machine", "q35", "-object", "iommufd,id=fd0", "-device", Flts, "-device", "vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-0,iommufd=fd0,id=v0");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        var hiod = Assert.IsType<HostIommuDeviceIommufdVdpa>(run.Resolve<VhostVdpaDevicePci>("/machine/peripheral/v0").Backend.HostIommuDevice);
        Assert.Equal((null, 0u), (hiod.Iommufd, hiod.HwptId));
    }

    [Fact]
    public void RefusedDeviceLeavesNothingOpenSetOrBound()
    {
        var run = ToolRun.Of("-host", hosts.Client, "-machine", "q35", "-object", "iommufd,id=fd0", "-device", Vtd39, "-device", "pcie-root-port,id=rp0,chassis=1");
        var replies = QmpTranscript.Run(run.Context,
            """{"execute":"device_add","arguments":{"driver":"vhost-vdpa-device-pci","vhostdev":"/dev/vhost-vdpa-1","iommufd":"fd0","bus":"rp0"}}""",
            """{"execute":"device_add","arguments":{"driver":"vhost-vdpa-device-pci","vhostdev":"/dev/vhost-vdpa-1","id":"ok","bus":"rp0"}}""");
        Assert.Equal("vhost-vdpa-device: Failed to set vIOMMU: aw-bits 39 > host aw-bits 36", QmpTranscript.Error(replies[0]));
        Assert.Equal("vhost-vdpa-device: Failed to set vIOMMU: aw-bits 39 > host aw-bits 36", QmpTranscript.Error(replies[1]));
        var fd0 = run.Resolve<IommufdBackend>("/objects/fd0");
        Assert.Equal((0u, -1), (fd0.Users, fd0.Fd));
        Assert.Equal(0, run.Resolve<IntelIommu>("/machine/peripheral/vtd").HostIommuDeviceCount);

        // Nothing stayed open: the vDPA device opens again, on the lowest descriptor.
        replies = QmpTranscript.Run(run.Context, """{"execute":"device_add","arguments":{"driver":"vhost-vdpa-device-pci","vhostdev":"/dev/vhost-vdpa-0","id":"v0","bus":"rp0"}}""");
        Assert.Null(QmpTranscript.Error(replies[0]));
        Assert.Equal(3, run.Resolve<VhostVdpaDevicePci>("/machine/peripheral/v0").Backend.Vdpa!.Fd);
    }

    [Fact]
    public void UnplugUnsetsTheHostIommuDeviceAndClosesTheDescriptor()
    {
        // Native hot-plug, whose unplug completes at once (ACPI PCI hot-plug, the default, waits for the guest's eject).
        var run = ToolRun.Of("-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off", "-machine", "q35", "-device", Vtd48, "-device", "pcie-root-port,id=rp0,chassis=1", "-object", "iommufd,id=fd0");
        var replies = QmpTranscript.Run(run.Context,
            """{"execute":"device_add","arguments":{"driver":"vhost-vdpa-device-pci","vhostdev":"/dev/vhost-vdpa-0","bus":"rp0","id":"v0","iommufd":"fd0"}}""");
        Assert.Null(QmpTranscript.Error(replies[0]));
        var vtd = run.Resolve<IntelIommu>("/machine/peripheral/vtd");
        var hiod = run.Resolve<VhostVdpaDevicePci>("/machine/peripheral/v0").Backend.HostIommuDevice!;
        Assert.Equal(1, vtd.HostIommuDeviceCount);

        replies = QmpTranscript.Run(run.Context,
            """{"execute":"device_del","arguments":{"id":"v0"}}""",
            """{"execute":"device_add","arguments":{"driver":"vhost-vdpa-device-pci","vhostdev":"/dev/vhost-vdpa-0","bus":"rp0","id":"v1"}}""");
        Assert.All(replies, r => Assert.Null(QmpTranscript.Error(r)));
        Assert.Equal(1, vtd.HostIommuDeviceCount);
        Assert.IsType<HostIommuDeviceLegacyVdpa>(vtd.FindHostIommuDevice(run.Resolve<PciBus>("/machine/peripheral/rp0/rp0"), 0));
        Assert.NotSame(hiod, vtd.FindHostIommuDevice(run.Resolve<PciBus>("/machine/peripheral/rp0/rp0"), 0));
        var fd0 = run.Resolve<IommufdBackend>("/objects/fd0");
        Assert.Equal((0u, -1), (fd0.Users, fd0.Fd));
        Assert.Equal(3, run.Resolve<VhostVdpaDevicePci>("/machine/peripheral/v1").Backend.Vdpa!.Fd);
    }

    [Fact]
    public void WithoutAVIommuTheHostIommuDeviceIsCreatedButSetNowhere()
    {
        var run = ToolRun.Of("-machine", "q35", "-device", "vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-0,id=v0");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        Assert.IsType<HostIommuDeviceLegacyVdpa>(run.Resolve<VhostVdpaDevicePci>("/machine/peripheral/v0").Backend.HostIommuDevice);
        Assert.Null(run.Resolve<VhostVdpaDevicePci>("/machine/peripheral/v0").GetIommuAddressSpace());
    }

    [Theory]
    [InlineData("vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-0,queue-size=257", "vhost-vdpa-device: invalid queue_size: 257 (max:256)")]
    [InlineData("vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-2", "invalid number of virtqueues: 0 (max:1024)")]
    [InlineData("vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-3", "Could not open '/dev/vhost-vdpa-3': No such file or directory")]
    [InlineData("vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-0,id=a -device vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-0", "Could not open '/dev/vhost-vdpa-0': Device or resource busy")]
    public void RealizeStepsAfterTheOpenRefuseWithQemusTexts(string devices, string message)
    {
        string[] options = devices.Split(" -device ");
        var args = new System.Collections.Generic.List<string> { "-host", hosts.Client, "-machine", "q35" };
        foreach (string option in options)
        {
            args.Add("-device");
            args.Add(option);
        }

        var run = ToolRun.Of([.. args]);
        Assert.Equal(ToolRun.Refusal(options[^1], message), run.Error);
        Assert.Equal(1, run.ExitCode);
    }

    /// <summary>Our text (Linux has no vhost-vdpa iommufd binding): a parent behind no IOMMU cannot be bound, as VFIO's bind fails.</summary>
    [Fact]
    public void IommufdBindOfAParentBehindNoIommuFails()
    {
        var run = ToolRun.Of("-host", hosts.Client, "-machine", "q35", "-object", "iommufd,id=fd0", "-device", "vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-4,iommufd=fd0");
        Assert.Equal(ToolRun.Refusal("vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-4,iommufd=fd0", "vhost-vdpa-device: error bind device fd=3 to iommufd=4: No such device"), run.Error);
        Assert.Equal((0u, -1), (run.Resolve<IommufdBackend>("/objects/fd0").Users, run.Resolve<IommufdBackend>("/objects/fd0").Fd));

        // Without iommufd the same device realizes: its range is the whole 64-bit space.
        run = ToolRun.Of("-host", hosts.Client, "-machine", "q35", "-device", "vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-4,id=v4");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(64, run.Resolve<VhostVdpaDevicePci>("/machine/peripheral/v4").Backend.HostIommuDevice!.GetCap(HostIommuDeviceCap.AwBits));
    }

    [Fact]
    public void ProxyPropertiesReachTheVirtioDevice()
    {
        var run = ToolRun.Of("-machine", "q35", "-device", "vhost-vdpa-device-pci,vhostdev=/dev/vhost-vdpa-0,id=v0,packed=on,queue-size=64,bootindex=2");
        var backend = run.Resolve<VhostVdpaDevicePci>("/machine/peripheral/v0").Backend;
        Assert.Equal((true, (ushort)64, 2, "/dev/vhost-vdpa-0"), (backend.Packed, backend.QueueSize, backend.BootIndex, backend.VhostDev));
        var replies = QmpTranscript.Run(run.Context,
            """{"execute":"qom-get","arguments":{"path":"/machine/peripheral/v0","property":"queue-size"}}""",
            """{"execute":"qom-get","arguments":{"path":"/machine/peripheral/v0/virtio-bus","property":"type"}}""");
        Assert.Equal((64, "virtio-pci-bus"), (replies[0]["return"]!.GetValue<int>(), replies[1]["return"]!.GetValue<string>()));
    }
}
