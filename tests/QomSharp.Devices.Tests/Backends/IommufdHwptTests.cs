using System;
using QomSharp.Devices.Backends;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Tests.Backends;

/// <summary>
/// The simulated kernel's hardware page tables against Linux's rules (iommufd hw_pagetable.c, the
/// VT-d driver's paging and nested domain allocation, intel_pasid_setup_nested): what each
/// IOMMU_HWPT_ALLOC, VFIO_DEVICE_ATTACH_IOMMUFD_PT and IOMMU_DESTROY answers, errno by errno.
/// </summary>
public class IommufdHwptTests
{
    // dmar0: the default host's unit (nesting, dirty tracking, SRS, EAFS, FS1GP; no 5-level first stage).
    // dmar1: the same without ECAP.NEST. dmar2: without ECAP.SRS, ECAP.EAFS and ECAP.SLADS.
    private const string HostJsonText = """
        { "iommus": [
            { "name": "dmar0", "version": "6:0", "address": "0xaa3fc000", "cap": "0x9ed008c40780466", "ecap": "0x3ee9e86f050df" },
            { "name": "dmar1", "version": "6:0", "address": "0xc5ffc000", "cap": "0x9ed008c40780466", "ecap": "0x3ee9e82f050df" },
            { "name": "dmar2", "version": "6:0", "address": "0xe0ffc000", "cap": "0x9ed008c40780466", "ecap": "0x3ce9a06f050df" } ],
          "groups": [ { "id": 1, "reserved_regions": [] }, { "id": 2, "reserved_regions": [] }, { "id": 3, "reserved_regions": [] }, { "id": 4, "reserved_regions": [] } ],
          "devices": [
            { "address": "0000:01:00.0", "vendor": "0x8086", "device": "0x1234", "group": 1, "iommu": "dmar0" },
            { "address": "0000:02:00.0", "vendor": "0x8086", "device": "0x1234", "group": 2, "iommu": "dmar1" },
            { "address": "0000:03:00.0", "vendor": "0x8086", "device": "0x1234", "group": 3, "iommu": "dmar2" },
            { "address": "0000:04:00.0", "vendor": "0x8086", "device": "0x1234", "group": 4, "iommu": "dmar0" } ] }
        """;

    private static readonly IommuHwptVtdS1 StageOne = new(0, 0x1000, 48);

    private static (IommufdBackend Backend, uint Nesting, uint Plain, uint Limited, uint Ioas) Kernel()
    {
        var backend = new QomContext().New<IommufdBackend>();
        backend.Host = HostJson.Parse(HostJsonText, "nesting.json");
        backend.Connect();
        uint nesting = backend.BindDevice(PciHostAddress.Parse("0000:01:00.0"));
        uint plain = backend.BindDevice(PciHostAddress.Parse("0000:02:00.0"));
        uint limited = backend.BindDevice(PciHostAddress.Parse("0000:03:00.0"));
        return (backend, nesting, plain, limited, backend.AllocIoas());
    }

    private static int Errno(Action call) => Assert.Throws<KernelErrorException>(call).Errno;

    [Fact]
    public void NestedHwptSitsOnANestingParentAndGoesOnlyWhenUnused()
    {
        var (backend, device, _, _, ioas) = Kernel();
        uint parent = backend.AllocateHwpt(device, ioas, IommuHwptAlloc.NestParent, IommuHwptDataType.None, null);
        uint nested = backend.AllocateHwpt(device, parent, 0, IommuHwptDataType.VtdS1, StageOne);
        Assert.True(backend.IsNestingParent(parent));
        Assert.False(backend.IsNestingParent(nested));
        Assert.Equal((parent, StageOne), (backend.ParentOf(nested), backend.StageOneOf(nested)));
        Assert.Equal((2, 1), (backend.HwptCount, backend.NestedHwptCount));

        backend.AttachDevice(device, nested);
        Assert.Equal(nested, backend.AttachedTo(device));
        Assert.Equal(KernelErrorException.EBUSY, Errno(() => backend.Destroy(nested)));  // a device is attached
        Assert.Equal(KernelErrorException.EBUSY, Errno(() => backend.Destroy(parent)));  // a nested HWPT holds it
        Assert.Equal(KernelErrorException.EBUSY, Errno(() => backend.Destroy(ioas)));    // a HWPT holds it

        // Attaching again replaces: the nested HWPT is free to go, the parent is now in use.
        backend.AttachDevice(device, parent);
        Assert.Equal(parent, backend.AttachedTo(device));
        backend.Destroy(nested);
        Assert.Equal(KernelErrorException.EBUSY, Errno(() => backend.Destroy(parent)));
        backend.DetachDevice(device);
        Assert.Null(backend.AttachedTo(device));
        backend.Destroy(parent);
        backend.Destroy(ioas);
        Assert.Equal(0, backend.HwptCount);
        Assert.Equal(KernelErrorException.ENOENT, Errno(() => backend.Destroy(ioas)));
        Assert.Equal(KernelErrorException.EBUSY, Errno(() => backend.Destroy(device)));  // VFIO holds the device
        Assert.False(backend.FreeId(ioas));
    }

    [Fact]
    public void AllocationRefusalsCarryLinuxsErrnos()
    {
        var (backend, device, plain, limited, ioas) = Kernel();
        uint paging = backend.AllocateHwpt(device, ioas, 0, IommuHwptDataType.None, null);
        uint parent = backend.AllocateHwpt(device, ioas, IommuHwptAlloc.NestParent, IommuHwptDataType.None, null);
        uint nested = backend.AllocateHwpt(device, parent, 0, IommuHwptDataType.VtdS1, StageOne);
        int count = backend.HwptCount;

        // A data type without data, or data without a type.
        Assert.Equal(KernelErrorException.EINVAL, Errno(() => backend.AllocateHwpt(device, ioas, 0, IommuHwptDataType.None, StageOne)));
        Assert.Equal(KernelErrorException.EINVAL, Errno(() => backend.AllocateHwpt(device, parent, 0, IommuHwptDataType.VtdS1, null)));
        // Unknown device; unknown page table, or one nothing is built on (a device, a nested HWPT).
        Assert.Equal(KernelErrorException.ENOENT, Errno(() => backend.AllocateHwpt(99, ioas, 0, IommuHwptDataType.None, null)));
        Assert.Equal(KernelErrorException.EINVAL, Errno(() => backend.AllocateHwpt(device, 99, 0, IommuHwptDataType.None, null)));
        Assert.Equal(KernelErrorException.EINVAL, Errno(() => backend.AllocateHwpt(device, plain, 0, IommuHwptDataType.None, null)));
        Assert.Equal(KernelErrorException.EINVAL, Errno(() => backend.AllocateHwpt(device, nested, 0, IommuHwptDataType.VtdS1, StageOne)));

        // Paging HWPTs: unknown flags, nesting or dirty tracking the unit lacks, a fault queue on a nesting parent, driver data.
        Assert.Equal(KernelErrorException.EOPNOTSUPP, Errno(() => backend.AllocateHwpt(device, ioas, 1U << 4, IommuHwptDataType.None, null)));
        Assert.Equal(KernelErrorException.EOPNOTSUPP, Errno(() => backend.AllocateHwpt(plain, ioas, IommuHwptAlloc.NestParent, IommuHwptDataType.None, null)));
        Assert.Equal(KernelErrorException.EOPNOTSUPP, Errno(() => backend.AllocateHwpt(limited, ioas, IommuHwptAlloc.DirtyTracking, IommuHwptDataType.None, null)));
        Assert.Equal(KernelErrorException.EOPNOTSUPP, Errno(() => backend.AllocateHwpt(device, ioas, IommuHwptAlloc.NestParent | IommuHwptAlloc.FaultIdValid, IommuHwptDataType.None, null)));
        Assert.Equal(KernelErrorException.EOPNOTSUPP, Errno(() => backend.AllocateHwpt(device, ioas, 0, IommuHwptDataType.VtdS1, StageOne)));
        // No fault queue object exists for fault_id to name.
        Assert.Equal(KernelErrorException.ENOENT, Errno(() => backend.AllocateHwpt(device, ioas, IommuHwptAlloc.FaultIdValid, IommuHwptDataType.None, null)));

        // Nested HWPTs: a parent not allocated for nesting, paging flags, a foreign data type, a unit without nesting.
        Assert.Equal(KernelErrorException.EINVAL, Errno(() => backend.AllocateHwpt(device, paging, 0, IommuHwptDataType.VtdS1, StageOne)));
        Assert.Equal(KernelErrorException.EOPNOTSUPP, Errno(() => backend.AllocateHwpt(device, parent, IommuHwptAlloc.DirtyTracking, IommuHwptDataType.VtdS1, StageOne)));
        Assert.Equal(KernelErrorException.EOPNOTSUPP, Errno(() => backend.AllocateHwpt(device, parent, 0, IommuHwptDataType.ArmSmmuV3, StageOne)));
        Assert.Equal(KernelErrorException.EOPNOTSUPP, Errno(() => backend.AllocateHwpt(plain, parent, 0, IommuHwptDataType.VtdS1, StageOne)));

        Assert.Equal(count, backend.HwptCount);
        Assert.Equal("Failed to allocate hwpt: Operation not supported",
            Assert.Throws<QomException>(() => backend.AllocHwpt(plain, ioas, IommuHwptAlloc.NestParent)).Message);
        backend.Disconnect();
        Assert.Equal(KernelErrorException.EBADF, Errno(() => backend.AllocateHwpt(device, ioas, 0, IommuHwptDataType.None, null)));
    }

    [Theory]
    [InlineData(48UL, 0UL, null)]
    [InlineData(57UL, 0UL, KernelErrorException.EINVAL)]                                         // the unit has no 5-level first stage
    [InlineData(39UL, 0UL, KernelErrorException.EINVAL)]                                         // not a first-stage width
    [InlineData(48UL, IommuHwptVtdS1.WriteProtect, null)]
    [InlineData(48UL, IommuHwptVtdS1.SupervisorRequests, KernelErrorException.EINVAL)]           // dmar2 has no SRS
    [InlineData(48UL, IommuHwptVtdS1.ExtendedAccessedFlag, KernelErrorException.EINVAL)]         // nor EAFS
    public void NestedAttachChecksTheStageOneTableAgainstTheUnit(ulong width, ulong flags, int? errno)
    {
        var (backend, _, _, limited, ioas) = Kernel();
        // dmar2 keeps NEST and SMTS (a nesting parent is fine); only SRS, EAFS and SLADS are gone.
        uint parent = backend.AllocateHwpt(limited, ioas, IommuHwptAlloc.NestParent, IommuHwptDataType.None, null);
        uint nested = backend.AllocateHwpt(limited, parent, 0, IommuHwptDataType.VtdS1, new IommuHwptVtdS1(flags, 0x1000, (uint)width));
        if (errno is { } expected)
        {
            Assert.Equal(expected, Errno(() => backend.AttachDevice(limited, nested)));
            Assert.Null(backend.AttachedTo(limited));
        }
        else
        {
            backend.AttachDevice(limited, nested);
            Assert.Equal(nested, backend.AttachedTo(limited));
        }
    }

    [Fact]
    public void AttachRefusesOtherUnitsAndUnknownObjects()
    {
        var (backend, device, plain, _, ioas) = Kernel();
        uint parent = backend.AllocateHwpt(device, ioas, IommuHwptAlloc.NestParent, IommuHwptDataType.None, null);
        Assert.Equal(KernelErrorException.EINVAL, Errno(() => backend.AttachDevice(plain, parent)));   // dmar0's HWPT
        Assert.Equal(KernelErrorException.ENOENT, Errno(() => backend.AttachDevice(device, 99)));
        Assert.Equal(KernelErrorException.EINVAL, Errno(() => backend.AttachDevice(device, plain)));  // a device is no page table
        Assert.Equal(KernelErrorException.ENOENT, Errno(() => backend.AttachDevice(99, parent)));

        // A second device of the same unit shares the parent.
        uint other = backend.BindDevice(PciHostAddress.Parse("0000:04:00.0"));
        backend.AttachDevice(device, parent);
        backend.AttachDevice(other, parent);
        Assert.Equal((parent, parent), (backend.AttachedTo(device), backend.AttachedTo(other)));
    }

    [Fact]
    public void DecodersReadTheNestingBits()
    {
        var ecap = new VtdExtendedCapability(0x3ee9e86f050df);
        Assert.True(ecap.Nested && ecap.ScalableModeTranslation && ecap.SupportsNesting);
        Assert.True(ecap.SecondStageAccessedDirty && ecap.SupportsDirtyTracking && ecap.ExtendedAccessedFlag);
        Assert.False(new VtdExtendedCapability(0x3ee9e82f050df).SupportsNesting);          // NEST cleared
        Assert.False(new VtdExtendedCapability(0x3ee9e86f050df & ~(1UL << 43)).SupportsNesting); // SMTS cleared
        var limited = new VtdExtendedCapability(0x3ce9a06f050df);
        Assert.False(limited.SupervisorRequests || limited.ExtendedAccessedFlag || limited.SecondStageAccessedDirty);
        Assert.True(limited.SupportsNesting);
        Assert.True(new VtdCapability(0x9ed008c40780466).FirstStage1GiBPages);
        Assert.False(new VtdCapability(0x8ed008c40780466).FirstStage1GiBPages);
    }
}
