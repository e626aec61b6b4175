using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using QomSharp.Devices.Backends;
using QomSharp.Devices.Host;
using QomSharp.Devices.Pci;

namespace QomSharp.Devices.I386;

/// <summary>
/// intel-iommu's first-stage translation for assigned devices (<c>x-flts=on</c>), as QEMU 11.0
/// builds it on the QEMU 10.1 host IOMMU device members: the host check at set_iommu_device, the
/// nesting parent VFIO allocates for it, and the guest's PASID entry propagated to the host as a
/// nested HWPT the device is attached to.
/// </summary>
public sealed partial class IntelIommu
{
    // Per requester: QEMU's PASID cache entry of RID_PASID and the nested HWPT built from it (fs_hwpt_id).
    private readonly Dictionary<(PciBus Bus, int Devfn), VtdPasidEntry> pasidCache = new(BusDevfnComparer.Instance);
    private readonly Dictionary<(PciBus Bus, int Devfn), uint> firstStageHwpts = new(BusDevfnComparer.Instance);

    /// <summary>QEMU's <c>get_viommu_flags</c>: with <c>x-flts=on</c> VFIO must allocate nesting parents.</summary>
    public ulong GetViommuFlags() => FirstStageTranslation ? ViommuFlags.WantNestingParent : 0;

    /// <summary>The nested HWPT the device at (bus, devfn) is attached through; 0 when none (QEMU's <c>fs_hwpt_id</c>).</summary>
    public uint FirstStageHwptId(PciBus bus, int devfn)
    {
        lock (hostDevicesLock)
        {
            return firstStageHwpts.GetValueOrDefault((bus, devfn));
        }
    }

    /// <summary>
    /// Test hook for the step a guest takes to change a device's translation: it writes the device's
    /// scalable-mode PASID entry for RID_PASID (<paramref name="entry"/>; null when it clears the
    /// Present bit) and submits a PASID-cache invalidation for it. QEMU then re-reads the entry
    /// (<c>vtd_pasid_cache_sync</c>) and, for a device with an iommufd host IOMMU device under
    /// <c>x-flts=on</c>, propagates it to the host: a first-stage entry becomes a nested HWPT over
    /// the device's nesting parent that the device is attached to, a pass-through entry attaches it
    /// to the nesting parent itself, a cleared entry detaches it. QomSharp does not model guest
    /// memory or the invalidation queue, so the entry is passed here instead of read from the tables.
    /// </summary>
    /// <returns>
    /// Null, or the line QEMU reports when propagation fails (<c>Attaching to HWPT failed: </c>,
    /// <c>Replacing HWPT attachment failed: </c> or <c>Detaching from HWPT failed: </c> and the cause).
    /// An unchanged entry changes nothing.
    /// </returns>
    public string? InvalidatePasidCache(PciBus bus, int devfn, VtdPasidEntry? entry)
    {
        System.ArgumentNullException.ThrowIfNull(bus);
        lock (hostDevicesLock)
        {
            var key = (bus, devfn);
            bool cached = pasidCache.TryGetValue(key, out VtdPasidEntry old);
            string prefix;
            if (entry is not { } present)
            {
                if (!cached)
                {
                    return null;
                }

                pasidCache.Remove(key);
                prefix = "Detaching from HWPT failed: ";
            }
            else if (!cached || old != present)
            {
                pasidCache[key] = present;
                prefix = cached ? "Replacing HWPT attachment failed: " : "Attaching to HWPT failed: ";
            }
            else
            {
                return null;
            }

            try
            {
                PropagateGuestPasid(key, entry);
                return null;
            }
            catch (QomException failure)
            {
                return prefix + failure.Message;
            }
        }
    }

    // QEMU 11.0's vtd_check_hiod_accel: what x-flts needs of the host IOMMU behind a device.
    private bool CheckFirstStageHost(PciBus bus, int devfn, HostIommuDevice hiod, [NotNullWhen(false)] out string? error)
    {
        if (hiod is not HostIommuDeviceIommufd iommufd)
        {
            error = "Need IOMMUFD backend when x-flts=on";
            return false;
        }

        if (hiod.Caps.Type != IommuHwInfoType.IntelVtd)
        {
            error = $"Incompatible host platform IOMMU type {(uint)hiod.Caps.Type}";
            return false;
        }

        if (FirstStage1GPages && !new VtdCapability(iommufd.HardwareInfo?.VtdCapReg ?? 0).FirstStage1GiBPages)
        {
            error = "First stage 1GB large page is unsupported by host IOMMU";
            return false;
        }

        if (bus[devfn]?.GetIommuBusDevfn().Aliased == true)
        {
            error = "Host device downstream to a PCI bridge is unsupported when x-flts=on";
            return false;
        }

        error = null;
        return true;
    }

    // QEMU 11.0's vtd_propagate_guest_pasid: emulated devices and legacy VFIO are left alone.
    private void PropagateGuestPasid((PciBus Bus, int Devfn) key, VtdPasidEntry? entry)
    {
        if (!FirstStageTranslation || hostDevices.GetValueOrDefault(key) is not HostIommuDeviceIommufd { Iommufd: { } backend } idev)
        {
            return;
        }

        if (entry is not { } present)
        {
            // DMA remapping is enabled in scalable mode (the guest has PASID tables): the device is blocked.
            idev.DetachHwpt();
            DestroyFirstStageHwpt(key, backend);
            return;
        }

        bool firstStage = present.TranslationType == VtdPasidEntry.FirstStage;
        if (!firstStage && present.TranslationType != VtdPasidEntry.PassThrough)
        {
            throw new QomException($"Invalid PGTT type {present.TranslationType}");
        }

        uint hwptId = idev.HwptId;
        if (firstStage)
        {
            ulong flags = (present.SupervisorRequests ? IommuHwptVtdS1.SupervisorRequests : 0)
                | (present.WriteProtect ? IommuHwptVtdS1.WriteProtect : 0)
                | (present.ExtendedAccessedFlag ? IommuHwptVtdS1.ExtendedAccessedFlag : 0);
            var stageOne = new IommuHwptVtdS1(flags, present.FirstStagePageTable, present.FirstStageAddressWidth);
            hwptId = backend.AllocHwpt(idev.DeviceId, idev.HwptId, 0, IommuHwptDataType.VtdS1, stageOne);
        }

        try
        {
            idev.AttachHwpt(hwptId);
        }
        catch (QomException)
        {
            if (firstStage)
            {
                backend.FreeId(hwptId);
            }

            throw;
        }

        // A replacement: the nested HWPT the device left goes.
        DestroyFirstStageHwpt(key, backend);
        if (firstStage)
        {
            firstStageHwpts[key] = hwptId;
        }
    }

    // QomSharp's own step at unset: the device goes back to its nesting parent, so that VFIO can free it.
    private void ReleaseFirstStage((PciBus Bus, int Devfn) key, HostIommuDevice hiod)
    {
        pasidCache.Remove(key);
        if (hiod is HostIommuDeviceIommufd { Iommufd: { } backend } idev && firstStageHwpts.ContainsKey(key))
        {
            try
            {
                idev.AttachHwpt(idev.HwptId);
            }
            catch (QomException)
            {
                // The device is going away; the kernel drops its attachment when VFIO unbinds it.
            }

            DestroyFirstStageHwpt(key, backend);
        }
    }

    private void DestroyFirstStageHwpt((PciBus Bus, int Devfn) key, IommufdBackend backend)
    {
        if (firstStageHwpts.Remove(key, out uint old))
        {
            backend.FreeId(old);
        }
    }
}
