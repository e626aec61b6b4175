using System.IO;
using System.Linq;
using QomSharp.Devices.Backends;
using QomSharp.Devices.I386;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Devices.Vfio;

namespace QomSharp.Devices.Tests.I386;

/// <summary>
/// The review thread's two designs side by side, read over QMP (<c>qom-get</c> of the iommufd
/// object's <c>ioas-count</c>/<c>hwpt-count</c>). QEMU 10.0's behaviour: each device names its
/// backend and every DMA address space (one per device behind intel-iommu) gets its own container,
/// IOAS and HWPT. QomSharp's option, intel-iommu's <c>iommufd</c> link: every device behind the
/// vIOMMU uses that backend and one IOAS for guest memory, with one HWPT per host IOMMU unit. The
/// default host puts 98:00.0 and b1:00.0 behind dmar2 and 4b:00.0 behind dmar1.
/// </summary>
public class IntelIommuIommufdLinkTests
{
    private static readonly string[] ThreePorts =
    [
        "-object", "iommufd,id=fd0", "-device", "pcie-root-port,id=rp0,chassis=1", "-device", "pcie-root-port,id=rp1,chassis=2",
        "-device", "pcie-root-port,id=rp2,chassis=3",
    ];

    [Fact]
    public void QemusBehaviourGivesEachAddressSpaceItsOwnIoasAndHwpt()
    {
        var run = ToolRun.Of([.. ThreePorts, "-device", "intel-iommu,caching-mode=on",
            "-device", "vfio-pci,host=98:00.0,bus=rp0,iommufd=fd0", "-device", "vfio-pci,host=b1:00.0,bus=rp1,iommufd=fd0",
            "-device", "vfio-pci,host=4b:00.0,bus=rp2,iommufd=fd0"]);
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        Assert.Equal((3, 3), Counts(run, "fd0"));
        Assert.Equal(3, VfioUniverse.Of(run.Context).Containers.Count);
    }

    [Fact]
    public void TheLinkSharesOneIoasAndOneHwptPerHostUnit()
    {
        // Native hot-plug: the unplug completes when the guest powers the slot off (NativeSlot.Delete does it for the guest).
        var run = ToolRun.Of(["-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off", .. ThreePorts, "-device", "intel-iommu,caching-mode=on,iommufd=fd0,id=vtd",
            "-device", "vfio-pci,host=98:00.0,bus=rp0,id=gpu", "-device", "vfio-pci,host=b1:00.0,bus=rp1,id=nvme",
            "-device", "vfio-pci,host=4b:00.0,bus=rp2,id=nic,iommufd=fd0"]);
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        Assert.Equal((1, 2), Counts(run, "fd0"));
        var fd0 = run.Resolve<IommufdBackend>("/objects/fd0");
        Assert.Equal(3u, fd0.Users);
        VfioContainer container = Assert.Single(VfioUniverse.Of(run.Context).Containers);
        Assert.Equal(3, container.Devices.Count);
        Assert.All(container.Devices, d => Assert.Same(fd0, d.Backend));

        // The vIOMMU still checks each device, as QEMU does.
        Assert.Equal(3, run.Resolve<IntelIommu>("/machine/peripheral/vtd").HostIommuDeviceCount);
        Assert.IsType<HostIommuDeviceIommufdVfio>(run.Resolve<VfioPci>("/machine/peripheral/gpu").VfioDevice!.HostIommuDevice);

        // The HWPT of dmar2 goes with its last device; the IOAS with the last device of all.
        Assert.Null(QmpTranscript.Error(NativeSlot.Delete(run.Context, "gpu")));
        Assert.Equal((1, 2), Counts(run, "fd0"));
        NativeSlot.Delete(run.Context, "nvme");
        Assert.Equal((1, 1), Counts(run, "fd0"));
        NativeSlot.Delete(run.Context, "nic");
        Assert.Equal((0, 0), Counts(run, "fd0"));
    }

    [Fact]
    public void SeveralObjectsHaveOneIoasEachWhereDevicesShareAnAddressSpace()
    {
        // Without a vIOMMU every device is in system memory: one container per iommufd object.
        var run = ToolRun.Of([.. ThreePorts, "-object", "iommufd,id=fd1",
            "-device", "vfio-pci,host=98:00.0,bus=rp0,iommufd=fd0", "-device", "vfio-pci,host=b1:00.0,bus=rp1,iommufd=fd0",
            "-device", "vfio-pci,host=4b:00.0,bus=rp2,iommufd=fd1"]);
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        Assert.Equal((1, 1), Counts(run, "fd0"));
        Assert.Equal((1, 1), Counts(run, "fd1"));
        Assert.Equal(2, VfioUniverse.Of(run.Context).Containers.Count);
    }

    [Fact]
    public void ADeviceNamingAnotherIommufdIsRefused()
    {
        var run = ToolRun.Of([.. ThreePorts, "-object", "iommufd,id=fd1", "-device", "intel-iommu,caching-mode=on,iommufd=fd0",
            "-device", "vfio-pci,host=98:00.0,bus=rp0,iommufd=fd1"]);
        Assert.Equal(ToolRun.Refusal("vfio-pci,host=98:00.0,bus=rp0,iommufd=fd1",
            "vfio 0000:98:00.0: iommufd 'fd1' is not the vIOMMU's iommufd 'fd0'") + "Give the device iommufd=fd0, or no iommufd\n", run.Error);
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public void AHotPluggedDeviceNamingAnotherIommufdChangesNothing()
    {
        var run = ToolRun.Of([.. ThreePorts, "-object", "iommufd,id=fd1", "-device", "intel-iommu,caching-mode=on,iommufd=fd0"]);
        var replies = QmpTranscript.Run(run.Context,
            """{"execute":"device_add","arguments":{"driver":"vfio-pci","host":"98:00.0","bus":"rp0","iommufd":"fd1"}}""");
        Assert.Equal("vfio 0000:98:00.0: iommufd 'fd1' is not the vIOMMU's iommufd 'fd0'", QmpTranscript.Error(replies[0]));
        Assert.Equal((0u, 0u), (run.Resolve<IommufdBackend>("/objects/fd0").Users, run.Resolve<IommufdBackend>("/objects/fd1").Users));
        Assert.Empty(VfioUniverse.Of(run.Context).Containers);
    }

    [Fact]
    public void TheLinkedVIommuReadsTheHostWidthWhenItRealizes()
    {
        string host = Path.Combine(Reference.RepositoryRoot(), "samples", "hosts", "client-39bit.json");
        var refused = ToolRun.Of("-host", host, "-object", "iommufd,id=fd0", "-device", "intel-iommu,caching-mode=on,iommufd=fd0");
        Assert.Equal(ToolRun.Refusal("intel-iommu,caching-mode=on,iommufd=fd0", "aw-bits 48 > host aw-bits 39 of iommufd 'fd0' (dmar0)"), refused.Error);

        var accepted = ToolRun.Of("-host", host, "-object", "iommufd,id=fd0", "-device", "intel-iommu,caching-mode=on,aw-bits=39,iommufd=fd0,id=vtd");
        Assert.Equal(0, accepted.ExitCode);
        Assert.Equal(39, accepted.Resolve<IntelIommu>("/machine/peripheral/vtd").LinkedHostAwBits);
        Assert.Equal(0, ToolRun.Of("-device", "intel-iommu,id=vtd").Resolve<IntelIommu>("/machine/peripheral/vtd").LinkedHostAwBits);
    }

    [Fact]
    public void TheCountsAreReadOnly()
    {
        var run = ToolRun.Of("-object", "iommufd,id=fd0");
        var replies = QmpTranscript.Run(run.Context,
            """{"execute":"qom-set","arguments":{"path":"/objects/fd0","property":"ioas-count","value":1}}""",
            """{"execute":"qom-list","arguments":{"path":"/objects/fd0"}}""");
        Assert.Equal("Property 'iommufd.ioas-count' is not writable", QmpTranscript.Error(replies[0]));
        var rows = replies[1]["return"]!.AsArray().Select(r => (r!["name"]!.GetValue<string>(), r["type"]!.GetValue<string>())).ToList();
        Assert.Contains(("ioas-count", "uint32"), rows);
        Assert.Contains(("hwpt-count", "uint32"), rows);
        Assert.Equal((0, 0), Counts(run, "fd0"));
    }

    private static (int Ioas, int Hwpt) Counts(ToolRun run, string id)
    {
        var replies = QmpTranscript.Run(run.Context,
            $$$"""{"execute":"qom-get","arguments":{"path":"/objects/{{{id}}}","property":"ioas-count"}}""",
            $$$"""{"execute":"qom-get","arguments":{"path":"/objects/{{{id}}}","property":"hwpt-count"}}""");
        return (replies[0]["return"]!.GetValue<int>(), replies[1]["return"]!.GetValue<int>());
    }
}
