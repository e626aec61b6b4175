using QomSharp.Devices.Tests.Backends;
using System.Collections.Generic;
using QomSharp.Devices.Backends;
using QomSharp.Devices.Host;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Backends;

/// <summary>The host-iommu-device family and the iommufd object against devices-spec §1–3 (baseline M-9.1).</summary>
public class HostIommuDeviceTests
{
    private sealed record FakeAgent(string Name, IReadOnlyList<IovaRange> IovaRanges, ulong PageSizeMask = 0x1000) : IHostIommuDeviceAgent;

    private static readonly PciHostAddress H100 = PciHostAddress.Parse("0000:98:00.0");

    [Theory]
    [InlineData("host-iommu-device", "object", true)]
    [InlineData("host-iommu-device-legacy-vfio", "host-iommu-device", false)]
    [InlineData("host-iommu-device-iommufd", "host-iommu-device", true)]
    [InlineData("host-iommu-device-iommufd-vfio", "host-iommu-device-iommufd", false)]
    [InlineData("iommufd", "object", false)]
    public void ClassTreeIsQemus(string type, string parent, bool isAbstract)
    {
        var klass = new QomContext().GetClass(type);
        Assert.Equal(parent, klass.Parent?.Name);
        Assert.Equal(isAbstract, klass.IsAbstract);
    }

    [Fact]
    public void OnlyIommufdIsUserCreatable()
    {
        var names = new QomContext().GetClasses("user-creatable", includeAbstract: true).Select(c => c.Name).ToList();
        Assert.Contains("iommufd", names);
        Assert.DoesNotContain(names, n => n.StartsWith("host-iommu-device", System.StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0x7fffffffffUL, 39)]
    [InlineData(0xffffffffffffUL, 48)]
    [InlineData(0x1ffffffffffffffUL, 57)]
    [InlineData(0xffffffffffffffffUL, 64)]
    [InlineData(0x8000000000UL, 40)]
    [InlineData(0xfedfffffUL, 32)]
    [InlineData(0UL, 0)]
    public void AwBitsFollowTheLastUpperBound(ulong last, int expected)
    {
        var hiod = Realized<HostIommuDeviceLegacyVfio>(new FakeAgent("0000:01:00.0", [new IovaRange(0, last)]));
        Assert.Equal(expected, hiod.GetCap(HostIommuDeviceCap.AwBits));
    }

    [Fact]
    public void NoRangesMeansAwBitsMax() =>
        Assert.Equal(64, Realized<HostIommuDeviceLegacyVfio>(new FakeAgent("d", [])).GetCap(HostIommuDeviceCap.AwBits));

    [Fact]
    public void RangeGetLastBitIsMinusOneForEmptyAndZero()
    {
        Assert.Equal(-1, SimulatedKernelIovaRanges.RangeGetLastBit(5, 4));
        Assert.Equal(-1, SimulatedKernelIovaRanges.RangeGetLastBit(0, 0));
        Assert.Equal(39, SimulatedKernelIovaRanges.RangeGetLastBit(0, 0x8000000000));
    }

    [Theory]
    [InlineData(0, "0000:98:00.0: unsupported capability 0")]
    [InlineData(2, "0000:98:00.0: unsupported capability 2")]
    [InlineData(10, "0000:98:00.0: unsupported capability a")]
    [InlineData(-1, "0000:98:00.0: unsupported capability ffffffff")]
    public void LegacyGetCapRefusesAllButAwBits(int id, string message)
    {
        var hiod = Realized<HostIommuDeviceLegacyVfio>(new SimulatedLegacyVfioAgent(DefaultHost.Instance, H100));
        Assert.True(hiod.HasGetCap);
        Assert.Equal(message, Assert.Throws<QomException>(() => hiod.GetCap(id)).Message);
        Assert.Equal(48, hiod.GetCap(HostIommuDeviceCap.AwBits));
        Assert.Equal(default, hiod.Caps);
    }

    [Fact]
    public void IommufdVfioRealizeReadsHwInfoAndIoasRanges()
    {
        var context = new QomContext();
        var backend = context.New<IommufdBackend>();
        var agent = new SimulatedIommufdVfioAgent(backend, H100);
        var hiod = context.New<HostIommuDeviceIommufdVfio>();
        hiod.Realize(agent);
        Assert.Equal("0000:98:00.0", hiod.Name);
        Assert.Equal(1, hiod.GetCap(HostIommuDeviceCap.IommuType));
        Assert.Equal(48, hiod.GetCap(HostIommuDeviceCap.AwBits));
        Assert.Equal(HostIommuDeviceCaps.DirtyTracking, hiod.Caps.HwCaps);
        Assert.Equal(0x9ed008c40780466UL, hiod.HardwareInfo!.VtdCapReg);
        Assert.Equal(4096UL, hiod.GetPageSizeMask());
        Assert.Equal("0000:98:00.0: unsupported capability 2", Assert.Throws<QomException>(() => hiod.GetCap(2)).Message);
        Assert.Equal(1U, backend.Users);
    }

    [Fact]
    public void IommufdVfioRealizeFailsWithQemusTextForAnUnboundDevice()
    {
        var context = new QomContext();
        var backend = context.New<IommufdBackend>();
        backend.Connect();
        var hiod = context.New<HostIommuDeviceIommufdVfio>();
        var error = Assert.Throws<QomException>(() => hiod.Realize(new BoundAgent(backend, 77)));
        Assert.Equal("Failed to get hardware info: No such file or directory", error.Message);
        Assert.Null(hiod.Name);
    }

    private sealed record BoundAgent(IommufdBackend Backend, uint DeviceId) : IIommufdDeviceAgent
    {
        public string Name => "x";
        public IReadOnlyList<IovaRange> IovaRanges => [];
        public ulong PageSizeMask => 0;
    }

    [Theory]
    [InlineData("0x260200", "0x7f00000000", "0x7fffffffff", 39)]  // 3-level, MGAW 39, top 4 GiB reserved: last bit unchanged
    [InlineData("0x260200", "0x4000000000", "0x7fffffffff", 38)]  // the upper half reserved
    [InlineData("0x2f0400", "0xfee00000", "0xfeefffff", 48)]
    [InlineData("0x380800", "0xfee00000", "0xfeefffff", 57)]
    public void AwBitsOnAJsonHostWithReservedRegions(string cap, string start, string end, int expected)
    {
        string json = $$"""
            { "iommus": [ { "name": "dmar0", "version": "1:0", "address": "0xfed90000", "cap": "{{cap}}", "ecap": "0xf00f5e" } ],
              "groups": [ { "id": 1, "reserved_regions": [ { "start": "{{start}}", "end": "{{end}}", "type": "reserved" } ] } ],
              "devices": [ { "address": "0000:01:00.0", "vendor": "0x8086", "device": "0x1234", "group": 1, "iommu": "dmar0" } ] }
            """;
        IHost host = HostJson.Parse(json, "test.json");
        var address = PciHostAddress.Parse("0000:01:00.0");
        Assert.Equal(expected, Realized<HostIommuDeviceLegacyVfio>(new SimulatedLegacyVfioAgent(host, address)).GetCap(HostIommuDeviceCap.AwBits));

        var context = new QomContext();
        var backend = context.New<IommufdBackend>();
        backend.Host = host;
        var hiod = context.New<HostIommuDeviceIommufdVfio>();
        hiod.Realize(new SimulatedIommufdVfioAgent(backend, address));
        Assert.Equal(expected, hiod.GetCap(HostIommuDeviceCap.AwBits));
        Assert.Equal(0UL, hiod.Caps.HwCaps);
    }

    [Fact]
    public void IommufdUsersOpenAndCloseAnOwnedFd()
    {
        var backend = new QomContext().New<IommufdBackend>();
        Assert.Equal((-1, true, 0U), (backend.Fd, backend.Owned, backend.Users));
        Assert.Equal("Failed to allocate ioas: Bad file descriptor", Assert.Throws<QomException>(() => backend.AllocIoas()).Message);
        backend.Connect();
        int fd = backend.Fd;
        Assert.True(fd >= 0);
        backend.Connect();
        Assert.Equal((fd, 2U), (backend.Fd, backend.Users));
        backend.Disconnect();
        Assert.Equal(fd, backend.Fd);
        backend.Disconnect();
        backend.Disconnect();
        Assert.Equal((-1, 0U), (backend.Fd, backend.Users));
    }

    [Fact]
    public void PassedFdIsNeitherOpenedNorClosed()
    {
        var backend = new QomContext().New<IommufdBackend>();
        backend.SetPropertyValue("fd", QomInput.FromString("42"));
        backend.Connect();
        backend.Disconnect();
        Assert.Equal((42, false), (backend.Fd, backend.Owned));
        var error = Assert.Throws<QomException>(() => backend.SetPropertyValue("fd", QomInput.FromString("abc")));
        Assert.Equal("Could not parse remote object fd abc:Invalid file descriptor number 'abc'", error.Message);
    }

    [Fact]
    public void ObjectIommufdThroughTheToolRefusesDeletionWhileInUse()
    {
        var run = ToolRun.Of("-object", "iommufd,id=x");
        Assert.Equal(0, run.ExitCode);
        var backend = run.Resolve<IommufdBackend>("/objects/x");
        backend.Connect();
        Assert.Equal("object 'x' is in use, can not be deleted", Assert.Throws<QomException>(() => UserCreatables.Delete(run.Context, "x")).Message);
        backend.Disconnect();
        UserCreatables.Delete(run.Context, "x");
        Assert.Null(run.Context.ResolvePath("/objects/x"));
    }

    private static T Realized<T>(IHostIommuDeviceAgent agent) where T : HostIommuDevice
    {
        var hiod = new QomContext().New<T>();
        hiod.Realize(agent);
        return hiod;
    }
}
