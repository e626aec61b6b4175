using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using QomSharp.Devices.Backends;
using QomSharp.Devices.Host;
using QomSharp.Devices.Pci;

namespace QomSharp.Devices.Virtio;

/// <summary>
/// virtio-iommu as the PCI IOMMU ops of its primary bus (QEMU 10.0's <c>virtio_iommu_ops</c>): one
/// endpoint per requester (with its reserved regions: the machine's, plus the host's for an assigned
/// device), the host IOMMU device table keyed by the device's own (bus, devfn), and the page-size
/// negotiation with each assigned device.
/// </summary>
public sealed partial class VirtioIommu : IPciIommuOps
{
    private readonly Dictionary<(PciBus Bus, int Devfn), Endpoint> endpoints = new(BusDevfnComparer.Instance);
    private readonly Dictionary<(PciBus Bus, int Devfn), HostIommuDevice> hostDevices = new(BusDevfnComparer.Instance);

    /// <inheritdoc/>
    public bool HasSetIommuDevice => true;

    /// <inheritdoc/>
    public bool HasUnsetIommuDevice => true;

    /// <summary>How many host IOMMU devices the table holds.</summary>
    public int HostIommuDeviceCount => hostDevices.Count;

    /// <summary>The host IOMMU device set for the real (bus, devfn), if any.</summary>
    public HostIommuDevice? FindHostIommuDevice(PciBus bus, int devfn) => hostDevices.GetValueOrDefault((bus, devfn));

    /// <summary>
    /// The reserved regions a PROBE of requester (bus, devfn) would report, sorted, or null when the
    /// requester has no address space yet.
    /// </summary>
    public IReadOnlyList<VirtioIommuReservedRegion>? GetReservedRegions(PciBus bus, int devfn) =>
        endpoints.TryGetValue((bus, devfn), out Endpoint? endpoint) ? endpoint.ReservedRegions : null;

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>virtio_iommu_find_add_as</c>: a new endpoint gets its regions and starts with the machine's reserved regions.</remarks>
    public object GetAddressSpace(PciBus bus, int devfn)
    {
        if (!endpoints.TryGetValue((bus, devfn), out Endpoint? endpoint))
        {
            endpoint = new Endpoint(CreateEndpointRegions(devfn));
            AddPropertyRegions(endpoint);
            endpoints.Add((bus, devfn), endpoint);
        }

        return endpoint;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// QEMU 10.0's <c>virtio_iommu_set_iommu_device</c>: a duplicate is refused first; the host's
    /// usable IOVA ranges become reserved regions of the aliased requester (no ranges: accepted and
    /// not recorded, as QEMU does for old kernels); then the page-size mask is negotiated.
    /// </remarks>
    public bool SetIommuDevice(PciBus bus, int devfn, HostIommuDevice hiod, [NotNullWhen(false)] out string? error)
    {
        System.ArgumentNullException.ThrowIfNull(hiod);
        if (hostDevices.ContainsKey((bus, devfn)))
        {
            error = "Host IOMMU device already exists";
            return false;
        }

        if (hiod.HasGetIovaRanges)
        {
            IReadOnlyList<IovaRange> ranges = hiod.GetIovaRanges();
            if (ranges.Count == 0)
            {
                error = null;
                return true;
            }

            if (!SetHostIovaRanges(hiod.AliasedBus!, hiod.AliasedDevfn, ranges, out error))
            {
                return false;
            }
        }

        if (hiod.HasGetPageSizeMask)
        {
            ulong newMask = hiod.GetPageSizeMask();
            if (!CheckPageSizeMask(newMask, out error))
            {
                error = $"{hiod.Name}: {error}";
                return false;
            }

            if (!GranuleFrozen)
            {
                PageSizeMask &= newMask;
            }
        }

        hiod.Ref();
        hostDevices.Add((bus, devfn), hiod);
        error = null;
        return true;
    }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>virtio_iommu_unset_iommu_device</c>: the aliased requester is back to the machine's regions only.</remarks>
    public void UnsetIommuDevice(PciBus bus, int devfn)
    {
        if (!hostDevices.Remove((bus, devfn), out HostIommuDevice? hiod))
        {
            return;
        }

        if (hiod.AliasedBus is { } aliasedBus && endpoints.TryGetValue((aliasedBus, hiod.AliasedDevfn), out Endpoint? endpoint))
        {
            endpoint.HostReservedRanges = null;
            endpoint.ReservedRegions.Clear();
            AddPropertyRegions(endpoint);
        }

        hiod.Unref();
    }

    // QEMU's virtio_iommu_set_host_iova_ranges (its texts carry the C function's name).
    private bool SetHostIovaRanges(PciBus bus, int devfn, IReadOnlyList<IovaRange> usable, [NotNullWhen(false)] out string? error)
    {
        const string Function = "virtio_iommu_set_host_iova_ranges";
        if (!endpoints.TryGetValue((bus, devfn), out Endpoint? endpoint))
        {
            bool busKnown = false;
            foreach ((PciBus Bus, int Devfn) key in endpoints.Keys)
            {
                busKnown |= ReferenceEquals(key.Bus, bus);
            }

            error = busKnown ? $"{Function}: no IOMMUDevice found!" : $"{Function}: no IOMMUPciBus found!";
            return false;
        }

        if (endpoint.HostReservedRanges is not null)
        {
            error = $"{Function} virtio-iommu does not support aliased BDF";
            return false;
        }

        // The host reserves everything its IOMMU cannot map: the complement of the usable ranges.
        IReadOnlyList<IovaRange> reserved = IovaRangeSet.Subtract([new IovaRange(0, ulong.MaxValue)], usable);
        endpoint.HostReservedRanges = reserved.Count > 0 ? reserved : null; // QEMU's list stays NULL when empty
        endpoint.ReservedRegions.Clear();
        foreach (IovaRange range in reserved)
        {
            ReservedRegionList.Insert(endpoint.ReservedRegions, new VirtioIommuReservedRegion(range, VirtioIommuReservedRegion.Reserved));
        }

        AddPropertyRegions(endpoint);
        error = null;
        return true;
    }

    // QEMU's check_page_size_mask.
    private bool CheckPageSizeMask(ulong newMask, [NotNullWhen(false)] out string? error)
    {
        ulong current = PageSizeMask;
        if ((current & newMask) == 0)
        {
            error = $"virtio-iommu reports a page size mask 0x{newMask:x} incompatible with currently supported mask 0x{current:x}";
            return false;
        }

        // A frozen granule stays; a device that also supports it is still accepted.
        ulong granule = 1UL << BitOperations.TrailingZeroCount(current);
        if (GranuleFrozen && (granule & newMask) == 0)
        {
            error = $"virtio-iommu does not support frozen granule 0x{granule:x}";
            return false;
        }

        error = null;
        return true;
    }

    // QEMU's add_prop_resv_regions: the machine's regions go in last, so they win where they overlap.
    private void AddPropertyRegions(Endpoint endpoint)
    {
        foreach (VirtioIommuReservedRegion region in PropertyReservedRegions)
        {
            ReservedRegionList.Insert(endpoint.ReservedRegions, region);
        }
    }

    // QEMU's IOMMUDevice: one requester's address space (its root region stands for it) and what PROBE reports for it.
    private sealed class Endpoint(Memory.MemoryRegion root) : IIommuAddressSpace
    {
        public Memory.MemoryRegion Root { get; } = root;

        public List<VirtioIommuReservedRegion> ReservedRegions { get; } = [];

        public IReadOnlyList<IovaRange>? HostReservedRanges { get; set; }
    }

    // Bus identity, not bus number: numbers are guest-programmable.
    private sealed class BusDevfnComparer : IEqualityComparer<(PciBus Bus, int Devfn)>
    {
        public static readonly BusDevfnComparer Instance = new();

        public bool Equals((PciBus Bus, int Devfn) x, (PciBus Bus, int Devfn) y) => ReferenceEquals(x.Bus, y.Bus) && x.Devfn == y.Devfn;

        public int GetHashCode((PciBus Bus, int Devfn) obj) => System.HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Bus), obj.Devfn);
    }
}
