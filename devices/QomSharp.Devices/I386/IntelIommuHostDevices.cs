using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using QomSharp.Devices.Backends;
using QomSharp.Devices.Pci;

namespace QomSharp.Devices.I386;

/// <summary>
/// intel-iommu as the PCI IOMMU ops of <c>pcie.0</c> (devices-spec §6.5–6.6, baseline M): the host
/// IOMMU device table and the compatibility check. The table is keyed by the device's REAL
/// (bus object, devfn), not the alias, because several assigned devices may share one aliased
/// address space while each has its own host IOMMU device.
/// </summary>
public sealed partial class IntelIommu : IPciIommuOps
{
    // QEMU's iommu_lock around vtd_host_iommu_dev.
    private readonly Lock hostDevicesLock = new();
    private readonly Dictionary<(PciBus Bus, int Devfn), HostIommuDevice> hostDevices = new(BusDevfnComparer.Instance);
    private readonly Dictionary<(PciBus Bus, int Devfn), object> addressSpaces = new(BusDevfnComparer.Instance);

    /// <summary>How many host IOMMU devices the table holds.</summary>
    public int HostIommuDeviceCount
    {
        get
        {
            lock (hostDevicesLock)
            {
                return hostDevices.Count;
            }
        }
    }

    /// <summary>The host IOMMU device set for the real (bus, devfn), if any.</summary>
    public HostIommuDevice? FindHostIommuDevice(PciBus bus, int devfn)
    {
        lock (hostDevicesLock)
        {
            return hostDevices.GetValueOrDefault((bus, devfn));
        }
    }

    /// <inheritdoc/>
    public bool HasSetIommuDevice => true;

    /// <inheritdoc/>
    public bool HasUnsetIommuDevice => true;

    /// <inheritdoc/>
    /// <remarks>One address space per alias, like QEMU's VTDAddressSpace: its root is what the function's bus master alias shows.</remarks>
    public object GetAddressSpace(PciBus bus, int devfn)
    {
        lock (hostDevicesLock)
        {
            if (!addressSpaces.TryGetValue((bus, devfn), out object? space))
            {
                space = CreateDeviceRegions(bus, devfn);
                addressSpaces.Add((bus, devfn), space);
            }

            return space;
        }
    }

    /// <inheritdoc/>
    public bool SetIommuDevice(PciBus bus, int devfn, HostIommuDevice hiod, [NotNullWhen(false)] out string? error)
    {
        System.ArgumentNullException.ThrowIfNull(hiod);
        lock (hostDevicesLock)
        {
            // The duplicate is reported before compatibility, as QEMU does.
            if (hostDevices.ContainsKey((bus, devfn)))
            {
                error = "Host IOMMU device already exist";
                return false;
            }

            if (!CheckHostIommuDevice(bus, devfn, hiod, out error))
            {
                return false;
            }

            // The table holds its own reference, dropped on unset.
            hiod.Ref();
            hostDevices.Add((bus, devfn), hiod);
            return true;
        }
    }

    /// <inheritdoc/>
    public void UnsetIommuDevice(PciBus bus, int devfn)
    {
        HostIommuDevice? removed;
        lock (hostDevicesLock)
        {
            if (!hostDevices.Remove((bus, devfn), out removed))
            {
                return;
            }

            ReleaseFirstStage((bus, devfn), removed);
        }

        // Outside the lock: the last unref may finalize the object.
        removed.Unref();
    }

    // QEMU's vtd_check_hiod: the address width, then (QEMU 11.0) what first-stage translation needs.
    private bool CheckHostIommuDevice(PciBus bus, int devfn, HostIommuDevice hiod, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (!hiod.HasGetCap)
        {
            error = ".get_cap() not implemented";
            return false;
        }

        int hostAwBits;
        try
        {
            hostAwBits = hiod.GetCap(HostIommuDeviceCap.AwBits);
        }
        catch (QomException e)
        {
            error = e.Message;
            return false;
        }

        if (AwBits > hostAwBits)
        {
            error = $"aw-bits {AwBits} > host aw-bits {hostAwBits}";
            return false;
        }

        // Every device passes for second-stage translation. QEMU 10.0 refused every device under
        // x-flts ("host device is uncompatible with stage-1 translation"); QEMU 11.0 checks the host.
        return !FirstStageTranslation || CheckFirstStageHost(bus, devfn, hiod, out error);
    }

    // Bus identity, not bus number: numbers are guest-programmable (spec §10).
    private sealed class BusDevfnComparer : IEqualityComparer<(PciBus Bus, int Devfn)>
    {
        public static readonly BusDevfnComparer Instance = new();

        public bool Equals((PciBus Bus, int Devfn) x, (PciBus Bus, int Devfn) y) => ReferenceEquals(x.Bus, y.Bus) && x.Devfn == y.Devfn;

        public int GetHashCode((PciBus Bus, int Devfn) obj) => System.HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Bus), obj.Devfn);
    }
}
