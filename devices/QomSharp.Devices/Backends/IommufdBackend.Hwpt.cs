using System.Collections.Generic;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Backends;

/// <summary>
/// The simulated kernel's hardware page tables (drivers/iommu/iommufd/hw_pagetable.c with the VT-d
/// driver's domain_alloc_paging_flags, drivers/iommu/intel/nested.c and pasid.c): paging HWPTs over
/// an IOAS, nested HWPTs over a nesting parent, device attachment by replacement, and destruction
/// refused while something still uses an object. Checks run in Linux's order with Linux's errnos.
/// </summary>
public sealed partial class IommufdBackend
{
    /// <summary>How many HWPT objects (paging and nested) the descriptor holds.</summary>
    public int HwptCount => hwpts.Count;

    /// <summary>How many of them are nested HWPTs.</summary>
    public int NestedHwptCount
    {
        get
        {
            int count = 0;
            foreach (HardwarePageTable hwpt in hwpts.Values)
            {
                count += hwpt.Parent is null ? 0 : 1;
            }

            return count;
        }
    }

    /// <summary>Whether the HWPT exists (for tests of what detach leaves behind).</summary>
    public bool HasHwpt(uint hwptId) => hwpts.ContainsKey(hwptId);

    /// <summary>Whether <paramref name="hwptId"/> is a paging HWPT allocated with <see cref="IommuHwptAlloc.NestParent"/>.</summary>
    public bool IsNestingParent(uint hwptId) => hwpts.TryGetValue(hwptId, out HardwarePageTable? hwpt) && (hwpt.Flags & IommuHwptAlloc.NestParent) != 0;

    /// <summary>The nesting parent of a nested HWPT; null for a paging HWPT or an unknown id.</summary>
    public uint? ParentOf(uint hwptId) => hwpts.TryGetValue(hwptId, out HardwarePageTable? hwpt) ? hwpt.Parent : null;

    /// <summary>The stage-1 data a nested HWPT was allocated with; null for a paging HWPT or an unknown id.</summary>
    public IommuHwptVtdS1? StageOneOf(uint hwptId) => hwpts.TryGetValue(hwptId, out HardwarePageTable? hwpt) ? hwpt.StageOne : null;

    /// <summary>The IOAS or HWPT a bound device is attached to; null when it is not attached.</summary>
    public uint? AttachedTo(uint deviceId) => attachments.TryGetValue(deviceId, out uint ptId) ? ptId : null;

    /// <summary>
    /// QEMU's iommufd_backend_alloc_hwpt: IOMMU_HWPT_ALLOC, its failure as QEMU words it
    /// (<c>Failed to allocate hwpt: </c> and the strerror text).
    /// </summary>
    public uint AllocHwpt(uint deviceId, uint ptId, uint flags, IommuHwptDataType dataType = IommuHwptDataType.None, IommuHwptVtdS1? data = null)
    {
        try
        {
            return AllocateHwpt(deviceId, ptId, flags, dataType, data);
        }
        catch (KernelErrorException error)
        {
            throw new QomException($"Failed to allocate hwpt: {error.Message}");
        }
    }

    /// <summary>
    /// IOMMU_HWPT_ALLOC: over an IOAS a paging HWPT of the device's IOMMU unit; over a paging HWPT
    /// allocated as nesting parent a nested HWPT carrying the guest's stage-1 table
    /// (<paramref name="data"/> present means <c>data_len</c> is <see cref="IommuHwptVtdS1.Size"/>).
    /// </summary>
    /// <exception cref="KernelErrorException">
    /// EBADF without a descriptor; EINVAL for a data type without data or data without a type, an
    /// unknown <paramref name="ptId"/>, or a parent that is not a nesting parent; ENOENT for an
    /// unknown device (or a fault queue, none of which exist); EOPNOTSUPP for flags the kind of HWPT
    /// does not take, a unit without dirty tracking or nesting, or data the driver does not parse.
    /// </exception>
    public uint AllocateHwpt(uint deviceId, uint ptId, uint flags, IommuHwptDataType dataType, IommuHwptVtdS1? data)
    {
        RequireFd();
        if ((dataType == IommuHwptDataType.None) != (data is null))
        {
            throw new KernelErrorException(KernelErrorException.EINVAL);
        }

        if (!devices.ContainsKey(deviceId))
        {
            throw new KernelErrorException(KernelErrorException.ENOENT);
        }

        HardwarePageTable hwpt;
        if (ioases.ContainsKey(ptId))
        {
            hwpt = CheckPaging(deviceId, ptId, flags, data is not null);
        }
        else if (hwpts.TryGetValue(ptId, out HardwarePageTable? parent) && parent.Parent is null)
        {
            hwpt = CheckNested(deviceId, ptId, parent, flags, dataType, data);
        }
        else
        {
            // Unknown ids and objects no HWPT can be built on (a nested HWPT, a device).
            throw new KernelErrorException(KernelErrorException.EINVAL);
        }

        // No fault queue objects are modelled, so a fault_id never names one.
        if ((flags & IommuHwptAlloc.FaultIdValid) != 0)
        {
            throw new KernelErrorException(KernelErrorException.ENOENT);
        }

        uint id = NextId();
        hwpts.Add(id, hwpt);
        return id;
    }

    /// <summary>
    /// IOMMU_DESTROY of an IOAS or HWPT (a bound device belongs to VFIO, which holds it).
    /// </summary>
    /// <exception cref="KernelErrorException">ENOENT for an unknown id; EBUSY for an object still in use.</exception>
    public void Destroy(uint id)
    {
        RequireFd();
        if (hwpts.TryGetValue(id, out HardwarePageTable? hwpt))
        {
            if (hwpt.Devices.Count > 0 || HasChildOf(id))
            {
                throw new KernelErrorException(KernelErrorException.EBUSY);
            }

            hwpts.Remove(id);
            return;
        }

        if (ioases.TryGetValue(id, out var attached))
        {
            if (attached.Count > 0 || HasHwptOn(id))
            {
                throw new KernelErrorException(KernelErrorException.EBUSY);
            }

            ioases.Remove(id);
            return;
        }

        throw new KernelErrorException(devices.ContainsKey(id) ? KernelErrorException.EBUSY : KernelErrorException.ENOENT);
    }

    /// <summary>QEMU's iommufd_backend_free_id (IOMMU_DESTROY): failure is only traced, so this returns false.</summary>
    public bool FreeId(uint id)
    {
        try
        {
            Destroy(id);
            return true;
        }
        catch (KernelErrorException)
        {
            return false;
        }
    }

    /// <summary>
    /// VFIO_DEVICE_ATTACH_IOMMUFD_PT: attaches a bound device to an IOAS (the kernel picks a domain),
    /// a paging HWPT or a nested HWPT, replacing whatever it was attached to. A HWPT must belong to
    /// the device's IOMMU unit (EINVAL otherwise); a nested HWPT's stage-1 data must suit the unit.
    /// </summary>
    /// <exception cref="KernelErrorException">EBADF, ENOENT (unknown device or page table), EINVAL.</exception>
    public void AttachDevice(uint deviceId, uint ptId)
    {
        RequireFd();
        if (!devices.ContainsKey(deviceId) && !IsEmulated(deviceId))
        {
            throw new KernelErrorException(KernelErrorException.ENOENT);
        }

        uint ioasId = ptId;
        HardwarePageTable? hwpt = null;
        if (hwpts.TryGetValue(ptId, out hwpt))
        {
            // An emulated (mdev) device has no IOMMU unit: no HWPT is its own.
            if (IsEmulated(deviceId) || hwpt.Unit != UnitOf(deviceId) || (hwpt.StageOne is { } stageOne && !StageOneFits(stageOne, UnitOf(deviceId))))
            {
                throw new KernelErrorException(KernelErrorException.EINVAL);
            }

            ioasId = hwpt.Ioas;
        }
        else if (!ioases.ContainsKey(ptId))
        {
            throw new KernelErrorException(devices.ContainsKey(ptId) ? KernelErrorException.EINVAL : KernelErrorException.ENOENT);
        }

        DetachDevice(deviceId);
        attachments[deviceId] = ptId;
        hwpt?.Devices.Add(deviceId);
        ioases[ioasId].Add(deviceId);
    }

    /// <summary>VFIO_DEVICE_DETACH_IOMMUFD_PT: the device leaves whatever IOAS or HWPT it was attached to.</summary>
    public void DetachDevice(uint deviceId)
    {
        if (!attachments.Remove(deviceId, out uint ptId))
        {
            return;
        }

        if (hwpts.TryGetValue(ptId, out HardwarePageTable? hwpt))
        {
            hwpt.Devices.Remove(deviceId);
            ptId = hwpt.Ioas;
        }

        if (ioases.TryGetValue(ptId, out var attached))
        {
            attached.Remove(deviceId);
        }
    }

    // iommufd_hwpt_paging_alloc, then intel_iommu_domain_alloc_paging_flags.
    private HardwarePageTable CheckPaging(uint deviceId, uint ioasId, uint flags, bool hasData)
    {
        const uint valid = IommuHwptAlloc.NestParent | IommuHwptAlloc.DirtyTracking | IommuHwptAlloc.FaultIdValid | IommuHwptAlloc.Pasid;
        VtdExtendedCapability ecap = UnitCapabilities(deviceId).Ecap;
        bool nestParent = (flags & IommuHwptAlloc.NestParent) != 0;
        bool dirtyTracking = (flags & IommuHwptAlloc.DirtyTracking) != 0;
        if ((flags & ~valid) != 0
            || (dirtyTracking && !ecap.SupportsDirtyTracking)
            || (nestParent && (flags & IommuHwptAlloc.FaultIdValid) != 0)
            || (nestParent && !ecap.SupportsNesting)
            || hasData
            // A nesting parent or a dirty-tracking domain is a second-stage table in scalable mode.
            || ((nestParent || dirtyTracking) && !(ecap.ScalableModeTranslation && ecap.SecondStageTranslation)))
        {
            throw new KernelErrorException(KernelErrorException.EOPNOTSUPP);
        }

        return new HardwarePageTable(ioasId, UnitOf(deviceId), flags & ~IommuHwptAlloc.FaultIdValid, null, null);
    }

    // iommufd_hwpt_nested_alloc, then intel_iommu_domain_alloc_nested.
    private HardwarePageTable CheckNested(uint deviceId, uint parentId, HardwarePageTable parent, uint flags, IommuHwptDataType dataType, IommuHwptVtdS1? data)
    {
        if ((flags & ~(IommuHwptAlloc.FaultIdValid | IommuHwptAlloc.Pasid)) != 0 || data is null)
        {
            throw new KernelErrorException(KernelErrorException.EOPNOTSUPP);
        }

        if ((parent.Flags & IommuHwptAlloc.NestParent) == 0)
        {
            throw new KernelErrorException(KernelErrorException.EINVAL);
        }

        if (!UnitCapabilities(deviceId).Ecap.SupportsNesting || dataType != IommuHwptDataType.VtdS1)
        {
            throw new KernelErrorException(KernelErrorException.EOPNOTSUPP);
        }

        return new HardwarePageTable(parent.Ioas, parent.Unit, flags & ~IommuHwptAlloc.FaultIdValid, parentId, data);
    }

    // intel_pasid_setup_nested: what the unit must offer for the guest's stage-1 table.
    private bool StageOneFits(IommuHwptVtdS1 stageOne, string? unitName)
    {
        if (unitName is null || Host.FindIommuUnit(unitName) is not { } unit)
        {
            return false;
        }

        bool widthFits = stageOne.AddressWidth == 48 || (stageOne.AddressWidth == 57 && unit.Capability.FirstStage5LevelPaging);
        return widthFits
            && ((stageOne.Flags & IommuHwptVtdS1.SupervisorRequests) == 0 || unit.ExtendedCapability.SupervisorRequests)
            && ((stageOne.Flags & IommuHwptVtdS1.ExtendedAccessedFlag) == 0 || unit.ExtendedCapability.ExtendedAccessedFlag);
    }

    private (VtdCapability Cap, VtdExtendedCapability Ecap) UnitCapabilities(uint deviceId) =>
        UnitOf(deviceId) is { } name && Host.FindIommuUnit(name) is { } unit ? (unit.Capability, unit.ExtendedCapability) : default;

    private bool HasHwptOn(uint ioasId)
    {
        foreach (HardwarePageTable hwpt in hwpts.Values)
        {
            if (hwpt.Ioas == ioasId)
            {
                return true;
            }
        }

        return false;
    }

    private bool HasChildOf(uint hwptId)
    {
        foreach (HardwarePageTable hwpt in hwpts.Values)
        {
            if (hwpt.Parent == hwptId)
            {
                return true;
            }
        }

        return false;
    }

    // A HWPT: a domain of one IOMMU unit over an IOAS (nested: over a parent HWPT), and the devices attached to it.
    private sealed record HardwarePageTable(uint Ioas, string? Unit, uint Flags, uint? Parent, IommuHwptVtdS1? StageOne)
    {
        public List<uint> Devices { get; } = [];
    }
}
