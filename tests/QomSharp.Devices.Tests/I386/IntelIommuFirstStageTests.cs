using System;
using System.IO;
using QomSharp.Devices.Backends;
using QomSharp.Devices.I386;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Devices.Vfio;

namespace QomSharp.Devices.Tests.I386;

/// <summary>
/// intel-iommu with <c>x-flts=on</c> and assigned devices: the nesting parent VFIO allocates for
/// it, the host check at set_iommu_device (QEMU 11.0's texts), and the guest's PASID entry
/// propagated to the host as nested HWPTs (through the documented test hook).
/// </summary>
public sealed class IntelIommuFirstStageTests : IDisposable
{
    private const string Vtd = "intel-iommu,id=vtd,x-scalable-mode=on,x-flts=on,caching-mode=on";
    private const string Gpu = "vfio-pci,host=98:00.0,iommufd=fd0,id=gpu";

    // One unit per case: dmar0 the default host's; dmar1 without ECAP.NEST; dmar2 without CAP.FS1GP; dmar3 without ECAP.SRS.
    private const string HostJsonText = """
        { "iommus": [
            { "name": "dmar0", "version": "6:0", "address": "0xaa3fc000", "cap": "0x9ed008c40780466", "ecap": "0x3ee9e86f050df" },
            { "name": "dmar1", "version": "6:0", "address": "0xc5ffc000", "cap": "0x9ed008c40780466", "ecap": "0x3ee9e82f050df" },
            { "name": "dmar2", "version": "6:0", "address": "0xe0ffc000", "cap": "0x8ed008c40780466", "ecap": "0x3ee9e86f050df" },
            { "name": "dmar3", "version": "6:0", "address": "0xfbffc000", "cap": "0x9ed008c40780466", "ecap": "0x3ee9e06f050df" } ],
          "groups": [
            { "id": 1, "reserved_regions": [ { "start": "0xfee00000", "end": "0xfeefffff", "type": "msi" } ] },
            { "id": 2, "reserved_regions": [ { "start": "0xfee00000", "end": "0xfeefffff", "type": "msi" } ] },
            { "id": 3, "reserved_regions": [ { "start": "0xfee00000", "end": "0xfeefffff", "type": "msi" } ] },
            { "id": 4, "reserved_regions": [ { "start": "0xfee00000", "end": "0xfeefffff", "type": "msi" } ] } ],
          "devices": [
            { "address": "0000:01:00.0", "vendor": "0x8086", "device": "0x1234", "group": 1, "iommu": "dmar0" },
            { "address": "0000:02:00.0", "vendor": "0x8086", "device": "0x1234", "group": 2, "iommu": "dmar1" },
            { "address": "0000:03:00.0", "vendor": "0x8086", "device": "0x1234", "group": 3, "iommu": "dmar2" },
            { "address": "0000:04:00.0", "vendor": "0x8086", "device": "0x1234", "group": 4, "iommu": "dmar3" } ] }
        """;

    private readonly string directory = Directory.CreateTempSubdirectory("qomsharp-nesting-").FullName;

    private string HostFile()
    {
        string path = Path.Combine(directory, "nesting.json");
        File.WriteAllText(path, HostJsonText);
        return path;
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static ToolRun Assigned(params string[] extra) =>
        ToolRun.Of([.. extra, "-object", "iommufd,id=fd0", "-device", Vtd, "-device", Gpu]);

    private static (IntelIommu Vtd, VfioPci Gpu, HostIommuDeviceIommufd Hiod, IommufdBackend Backend) Parts(ToolRun run)
    {
        var gpu = run.Resolve<VfioPci>("/machine/peripheral/gpu");
        return (run.Resolve<IntelIommu>("/machine/peripheral/vtd"), gpu, (HostIommuDeviceIommufd)gpu.VfioDevice!.HostIommuDevice!, run.Resolve<IommufdBackend>("/objects/fd0"));
    }

    [Fact]
    public void NestingHostTakesTheDeviceOnANestingParent()
    {
        var run = Assigned();
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        var (vtd, gpu, hiod, backend) = Parts(run);
        Assert.Equal(1, vtd.HostIommuDeviceCount);

        // QEMU 10.1's members: the backend, the devid, the HWPT VFIO attached the device to; and the container's IOAS.
        VfioDevice device = gpu.VfioDevice!;
        Assert.Same(backend, hiod.Iommufd);
        Assert.Equal((device.DeviceId, device.Container!.IoasId, device.Hwpt!.Id), (hiod.DeviceId, hiod.IoasId, hiod.HwptId));
        Assert.True(backend.IsNestingParent(hiod.HwptId));
        Assert.Equal(VfioHwpt.DirtyTracking | VfioHwpt.NestParent, device.Hwpt.Flags);
        Assert.Equal((1, hiod.HwptId), (backend.HwptCount, backend.AttachedTo(hiod.DeviceId)));
    }

    [Fact]
    public void WithoutFirstStageTheHwptIsNoNestingParent()
    {
        var run = ToolRun.Of("-object", "iommufd,id=fd0", "-device", "intel-iommu,id=vtd,x-scalable-mode=on,caching-mode=on", "-device", Gpu);
        Assert.Equal(string.Empty, run.Error);
        var (vtd, _, hiod, backend) = Parts(run);
        Assert.False(backend.IsNestingParent(hiod.HwptId));
        Assert.Equal(0UL, vtd.GetViommuFlags());
    }

    [Theory]
    // The address width is checked first, for every backend (the 39-bit host's unit cannot nest either).
    [InlineData("vfio-pci,host=01:00.0", "39", "vfio 0000:01:00.0: Failed to set vIOMMU: aw-bits 48 > host aw-bits 39")]
    [InlineData("vfio-pci,host=98:00.0", null, "vfio 0000:98:00.0: Failed to set vIOMMU: Need IOMMUFD backend when x-flts=on")]
    // The kernel refuses the nesting parent VFIO asks for on a unit without ECAP.NEST.
    [InlineData("vfio-pci,host=02:00.0,iommufd=fd0", "nesting", "vfio 0000:02:00.0: Failed to allocate hwpt: Operation not supported")]
    [InlineData("vfio-pci,host=03:00.0,iommufd=fd0", "nesting", "vfio 0000:03:00.0: Failed to set vIOMMU: First stage 1GB large page is unsupported by host IOMMU")]
    public void HostsFirstStageCannotUseAreRefusedWithQemusText(string option, string? host, string message)
    {
        string[] hostArgs = host switch
        {
            "39" => ["-host", Path.Combine(Reference.RepositoryRoot(), "samples/hosts/client-39bit.json")],
            "nesting" => ["-host", HostFile()],
            _ => [],
        };
        var run = ToolRun.Of([.. hostArgs, "-object", "iommufd,id=fd0", "-device", Vtd, "-device", option]);
        Assert.Equal((1, ToolRun.Refusal(option, message)), (run.ExitCode, run.Error));
        Assert.Equal(0, run.Resolve<IntelIommu>("/machine/peripheral/vtd").HostIommuDeviceCount);
        Assert.Equal(0, run.Resolve<IommufdBackend>("/objects/fd0").HwptCount);
    }

    [Fact]
    public void HostIommuOfAnotherKindIsRefusedByItsType()
    {
        var run = ToolRun.Of("-device", Vtd, "-device", "pci-testdev,id=t");
        var hiod = run.Context.New<SmmuHostIommuDevice>();
        hiod.Realize(new QomSharp.Devices.Tests.Backends.SimulatedLegacyVfioAgent(QomSharp.Devices.Host.DefaultHost.Instance, QomSharp.Devices.Host.PciHostAddress.Parse("0000:98:00.0")));
        Assert.False(run.Resolve<QomSharp.Devices.Pci.PciTestDevice>("/machine/peripheral/t").SetIommuDevice(hiod, out string? error));
        Assert.Equal("Incompatible host platform IOMMU type 2", error);
        // A legacy host IOMMU device of the same host is refused for its backend, which is checked first.
        var legacy = run.Context.New<HostIommuDeviceLegacyVfio>();
        legacy.Realize(new QomSharp.Devices.Tests.Backends.SimulatedLegacyVfioAgent(QomSharp.Devices.Host.DefaultHost.Instance, QomSharp.Devices.Host.PciHostAddress.Parse("0000:98:00.0")));
        Assert.False(run.Resolve<QomSharp.Devices.Pci.PciTestDevice>("/machine/peripheral/t").SetIommuDevice(legacy, out error));
        Assert.Equal("Need IOMMUFD backend when x-flts=on", error);
    }

    [Fact]
    public void FirstStageOneGigPagesOffAcceptsAHostWithoutThem()
    {
        var run = ToolRun.Of("-host", HostFile(), "-object", "iommufd,id=fd0", "-device", Vtd + ",fs1gp=off", "-device", "vfio-pci,host=03:00.0,iommufd=fd0");
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
    }

    [Fact]
    public void DeviceBehindAConventionalBridgeIsRefused()
    {
        string option = "vfio-pci,host=98:00.0,iommufd=fd0,bus=br";
        var run = ToolRun.Of("-object", "iommufd,id=fd0", "-device", Vtd, "-device", "pci-bridge,id=br,chassis_nr=1", "-device", option);
        Assert.Equal(ToolRun.Refusal(option, "vfio 0000:98:00.0: Failed to set vIOMMU: Host device downstream to a PCI bridge is unsupported when x-flts=on"), run.Error);
        // Behind a root port nothing aliases.
        run = ToolRun.Of("-object", "iommufd,id=fd0", "-device", Vtd, "-device", "pcie-root-port,id=rp,chassis=1", "-device", "vfio-pci,host=98:00.0,iommufd=fd0,bus=rp");
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public void GuestPasidEntriesAttachNestedHwptsAndDetach()
    {
        var run = Assigned();
        var (vtd, gpu, hiod, backend) = Parts(run);
        var (bus, devfn) = (gpu.PciBus!, gpu.Devfn);

        // A first-stage entry: a nested HWPT over the nesting parent, with the guest's table, the device on it.
        Assert.Null(vtd.InvalidatePasidCache(bus, devfn, new VtdPasidEntry(VtdPasidEntry.FirstStage, 0x1000, WriteProtect: true)));
        uint first = vtd.FirstStageHwptId(bus, devfn);
        Assert.Equal((hiod.HwptId, new IommuHwptVtdS1(IommuHwptVtdS1.WriteProtect, 0x1000, 48)), (backend.ParentOf(first)!.Value, backend.StageOneOf(first)!.Value));
        Assert.Equal((first, 2, 1), (backend.AttachedTo(hiod.DeviceId)!.Value, backend.HwptCount, backend.NestedHwptCount));

        // The same entry again changes nothing; a new table replaces the nested HWPT, and the old one goes.
        Assert.Null(vtd.InvalidatePasidCache(bus, devfn, new VtdPasidEntry(VtdPasidEntry.FirstStage, 0x1000, WriteProtect: true)));
        Assert.Equal(first, vtd.FirstStageHwptId(bus, devfn));
        Assert.Null(vtd.InvalidatePasidCache(bus, devfn, new VtdPasidEntry(VtdPasidEntry.FirstStage, 0x2000)));
        uint second = vtd.FirstStageHwptId(bus, devfn);
        Assert.NotEqual(0U, second);
        Assert.False(backend.HasHwpt(first));
        Assert.Equal((second, 1), (backend.AttachedTo(hiod.DeviceId)!.Value, backend.NestedHwptCount));

        // Pass-through puts the device on the nesting parent itself.
        Assert.Null(vtd.InvalidatePasidCache(bus, devfn, new VtdPasidEntry(VtdPasidEntry.PassThrough)));
        Assert.Equal((hiod.HwptId, 0U, 1), (backend.AttachedTo(hiod.DeviceId)!.Value, vtd.FirstStageHwptId(bus, devfn), backend.HwptCount));

        // Clearing the entry blocks the device; clearing it again is nothing new.
        Assert.Null(vtd.InvalidatePasidCache(bus, devfn, new VtdPasidEntry(VtdPasidEntry.FirstStage, 0x3000)));
        Assert.Null(vtd.InvalidatePasidCache(bus, devfn, null));
        Assert.Null(backend.AttachedTo(hiod.DeviceId));
        Assert.Equal((0U, 1), (vtd.FirstStageHwptId(bus, devfn), backend.HwptCount));
        Assert.Null(vtd.InvalidatePasidCache(bus, devfn, null));
    }

    [Fact]
    public void PropagationFailuresAreReportedWithQemusPrefixesAndLeaveNoHwpt()
    {
        var run = Assigned();
        var (vtd, gpu, hiod, backend) = Parts(run);
        var (bus, devfn) = (gpu.PciBus!, gpu.Devfn);
        Assert.Equal("Attaching to HWPT failed: Invalid PGTT type 2", vtd.InvalidatePasidCache(bus, devfn, new VtdPasidEntry(VtdPasidEntry.SecondStage)));

        // 5-level first-stage paging: the default host's units lack CAP.FS5LP, so the kernel refuses the attach.
        uint next = hiod.HwptId + 1;
        string expected = $"Replacing HWPT attachment failed: [iommufd={backend.Fd}] error attach 0000:98:00.0 ({gpu.VfioDevice!.Fd}) to id={next}: Invalid argument";
        Assert.Equal(expected, vtd.InvalidatePasidCache(bus, devfn, new VtdPasidEntry(VtdPasidEntry.FirstStage, 0x1000, FiveLevelPaging: true)));
        Assert.Equal((1, hiod.HwptId), (backend.HwptCount, backend.AttachedTo(hiod.DeviceId)!.Value));
    }

    [Fact]
    public void SupervisorRequestsNeedTheHostsSrs()
    {
        string option = "vfio-pci,host=04:00.0,iommufd=fd0,id=dev";
        var run = ToolRun.Of("-host", HostFile(), "-object", "iommufd,id=fd0", "-device", Vtd, "-device", option);
        Assert.Equal(string.Empty, run.Error);
        var device = run.Resolve<VfioPci>("/machine/peripheral/dev");
        var vtd = run.Resolve<IntelIommu>("/machine/peripheral/vtd");
        string? report = vtd.InvalidatePasidCache(device.PciBus!, device.Devfn, new VtdPasidEntry(VtdPasidEntry.FirstStage, 0x1000, SupervisorRequests: true));
        Assert.StartsWith("Attaching to HWPT failed: [iommufd=", report);
        Assert.EndsWith("error attach 0000:04:00.0 (3) to id=4: Invalid argument", report);
        Assert.Null(vtd.InvalidatePasidCache(device.PciBus!, device.Devfn, new VtdPasidEntry(VtdPasidEntry.FirstStage, 0x1000)));
    }

    [Fact]
    public void EmulatedDevicesAndSecondStageLeaveTheHostAlone()
    {
        var run = ToolRun.Of("-object", "iommufd,id=fd0", "-device", "intel-iommu,id=vtd,x-scalable-mode=on,caching-mode=on", "-device", Gpu, "-device", "pci-testdev,id=t");
        var (vtd, gpu, hiod, backend) = Parts(run);
        Assert.Null(vtd.InvalidatePasidCache(gpu.PciBus!, gpu.Devfn, new VtdPasidEntry(VtdPasidEntry.FirstStage, 0x1000)));
        Assert.Equal((1, hiod.HwptId), (backend.HwptCount, backend.AttachedTo(hiod.DeviceId)!.Value));

        run = Assigned("-device", "pci-testdev,id=t");
        (vtd, _, _, backend) = Parts(run);
        var testdev = run.Resolve<QomSharp.Devices.Pci.PciTestDevice>("/machine/peripheral/t");
        Assert.Null(vtd.InvalidatePasidCache(testdev.PciBus!, testdev.Devfn, new VtdPasidEntry(VtdPasidEntry.FirstStage, 0x1000)));
        Assert.Equal(1, backend.HwptCount);
    }

    [Fact]
    public void UnplugReturnsTheDeviceToItsParentAndFreesEveryHwpt()
    {
        // The NIC (behind another unit) keeps the backend open, so what the GPU leaves behind would show.
        // Native hot-plug: the unplug completes when the guest powers the slot off (NativeSlot.Delete does it for the guest).
        var run = ToolRun.Of("-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off", "-object", "iommufd,id=fd0", "-device", Vtd, "-device", "pcie-root-port,id=rp0,chassis=1", "-device", "pcie-root-port,id=rp1,chassis=2",
            "-device", Gpu + ",bus=rp0", "-device", "vfio-pci,host=4b:00.0,iommufd=fd0,bus=rp1");
        Assert.Equal(string.Empty, run.Error);
        var (vtd, gpu, hiod, backend) = Parts(run);
        Assert.Null(vtd.InvalidatePasidCache(gpu.PciBus!, gpu.Devfn, new VtdPasidEntry(VtdPasidEntry.FirstStage, 0x1000)));
        uint nested = vtd.FirstStageHwptId(gpu.PciBus!, gpu.Devfn);
        uint parent = hiod.HwptId;
        Assert.Equal(3, backend.HwptCount);
        Assert.Null(QmpTranscript.Error(NativeSlot.Delete(run.Context, "gpu")));
        Assert.Equal((1, 1, false, false), (vtd.HostIommuDeviceCount, backend.HwptCount, backend.HasHwpt(nested), backend.HasHwpt(parent)));
        Assert.Equal(1u, backend.Users);
    }
}
