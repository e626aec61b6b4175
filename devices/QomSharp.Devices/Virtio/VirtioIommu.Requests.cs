using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using QomSharp.Devices.Pci;

namespace QomSharp.Devices.Virtio;

/// <summary>
/// virtio-iommu's operation as QEMU 10.0 runs it: the configuration a driver reads (page sizes,
/// input and domain ranges, probe size, bypass), the request queue (ATTACH, DETACH, MAP, UNMAP,
/// PROBE parsed from guest memory, a status written back in the request's tail), the domains and
/// their mappings, and which endpoints translate (an endpoint outside any domain, or in a bypass
/// domain, bypasses; without a domain, the configuration's <c>bypass</c> decides).
/// </summary>
public sealed partial class VirtioIommu
{
    // Request types and status codes (include/standard-headers/linux/virtio_iommu.h).
    private const byte RequestAttach = 1, RequestDetach = 2, RequestMap = 3, RequestUnmap = 4, RequestProbe = 5;

    /// <summary>Reply status codes.</summary>
    public const byte StatusOk = 0, StatusIoError = 1, StatusUnsupported = 2, StatusDeviceError = 3, StatusInvalid = 4, StatusRange = 5,
        StatusNoEntry = 6, StatusFault = 7, StatusNoMemory = 8;

    private const uint AttachBypass = 1;
    private const uint MapFlagsMask = 7;
    private const int ConfigSize = 40;
    private const int QueueSize = 256;
    private const int ProbeSize = 512;
    private const ushort ProbeReservedMemory = 1;
    private const int ReservedMemoryPropertySize = 24;

    // The feature bits of the device (VIRTIO_IOMMU_F_*), and the transport's it asks for.
    private const int FeatureInputRange = 0, FeatureDomainRange = 1, FeatureMapUnmap = 2, FeatureProbe = 4, FeatureMmio = 5, FeatureBypassConfig = 6;

    private readonly Dictionary<uint, Domain> domains = [];
    private readonly Dictionary<uint, AttachedEndpoint> attached = [];

    /// <summary>The request queue (0) once realized.</summary>
    public VirtQueue? RequestQueue { get; private set; }

    /// <inheritdoc/>
    protected override ulong DeviceFeatures =>
        (1UL << FeatureEventIdx) | (1UL << FeatureIndirectDesc) | (1UL << FeatureVersion1) | (1UL << FeatureInputRange) | (1UL << FeatureDomainRange)
        | (1UL << FeatureMapUnmap) | (1UL << FeatureMmio) | (1UL << FeatureProbe) | (1UL << FeatureBypassConfig);

    /// <summary>How many domains exist.</summary>
    public int DomainCount => domains.Count;

    /// <summary>The mappings of domain <paramref name="id"/> (start, end, physical address, flags), by start; empty when there is no such domain.</summary>
    public IReadOnlyList<(ulong Start, ulong End, ulong Physical, uint Flags)> MappingsOf(uint id) =>
        domains.TryGetValue(id, out Domain? domain) ? domain.Mappings : [];

    /// <summary>
    /// Whether requester (bus, devfn) translates through its IOMMU region (QEMU enables
    /// <c>virtio-iommu-memory-region-N-DEVFN[1]</c> and disables the <c>system</c> alias), or
    /// bypasses; null when the requester has no address space here.
    /// </summary>
    public bool? IsTranslating(PciBus bus, int devfn) =>
        endpoints.ContainsKey((bus, devfn)) ? !Bypassed(bus, devfn) : null;

    // QEMU's virtio_iommu_device_realize, the virtio part.
    private void RealizeVirtio()
    {
        InitVirtio(ConfigSize);
        RequestQueue = AddQueue(QueueSize, HandleRequests);
        AddQueue(QueueSize, null);
    }

    /// <inheritdoc/>
    protected override void GetConfig(Span<byte> bytes)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, PageSizeMask);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[16..], InputRangeEnd);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[24..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[28..], uint.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[32..], ProbeSize);
        bytes[36] = Bypass ? (byte)1 : (byte)0;
    }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>virtio_iommu_set_config</c>: only <c>bypass</c> changes, to 0 or 1, once BYPASS_CONFIG is negotiated.</remarks>
    protected override void SetConfig(ReadOnlySpan<byte> bytes)
    {
        byte bypass = bytes[36];
        if (bypass == (Bypass ? 1 : 0))
        {
            return;
        }

        if (!HasGuestFeature(FeatureBypassConfig))
        {
            Error("cannot set config.bypass");
            return;
        }

        if (bypass > 1)
        {
            Error($"invalid config.bypass value '{bypass}'");
            return;
        }

        Bypass = bypass == 1;
    }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>virtio_iommu_device_reset</c>: every domain and endpoint goes, so every requester is back to the configuration's bypass.</remarks>
    protected override void ResetDevice()
    {
        domains.Clear();
        attached.Clear();
    }

    // QEMU's virtio_iommu_device_bypassed for the requester's id (the bus number as the guest set it).
    private bool Bypassed(PciBus bus, int devfn)
    {
        uint sid = (uint)((bus.BusNumber << 8) | devfn);
        return attached.TryGetValue(sid, out AttachedEndpoint? ep) && ep.Domain is { } domain ? domain.Bypass : Bypass;
    }

    // QEMU's virtio_iommu_mr: the requester whose bus has the id's bus number (bits 8-15) and whose devfn is the low byte.
    private bool HasRequester(uint id)
    {
        int busNumber = (int)((id >> 8) & 0xff);
        int devfn = (int)(id & 0xff);
        foreach ((PciBus Bus, int Devfn) key in endpoints.Keys)
        {
            if (key.Devfn == devfn && key.Bus.BusNumber == busNumber)
            {
                return true;
            }
        }

        return false;
    }

    // QEMU's virtio_iommu_handle_command: every available request, in order, until the queue is empty or broken.
    private void HandleRequests(VirtQueue queue)
    {
        Span<byte> request = stackalloc byte[72];
        byte[] reply = new byte[ProbeSize + 4];
        while (queue.Pop() is { } element)
        {
            if (element.InSize < 4 || element.OutSize < 4)
            {
                Error("virtio-iommu bad head/tail size");
                queue.Detach(element);
                break;
            }

            request.Clear();
            int read = queue.ReadOut(element, request);
            int replySize = 4;
            Array.Clear(reply);
            byte type = request[0];
            byte status = type switch
            {
                RequestAttach => read >= 20 ? Attach(request) : StatusInvalid,
                RequestDetach => read >= 20 ? Detach(request) : StatusInvalid,
                RequestMap => read >= 36 ? Map(request) : StatusInvalid,
                RequestUnmap => read >= 28 ? Unmap(request) : StatusInvalid,
                RequestProbe => 0,
                _ => StatusUnsupported,
            };
            if (type == RequestProbe)
            {
                replySize = ProbeSize + 4;
                status = read >= 72 ? Probe(request, reply.AsSpan(0, ProbeSize)) : StatusInvalid;
            }

            reply[replySize - 4] = status;
            int written = queue.WriteIn(element, reply.AsSpan(0, replySize));
            queue.Push(element, (uint)written);
            Notify(queue);
        }
    }

    // QEMU's virtio_iommu_attach.
    private byte Attach(ReadOnlySpan<byte> request)
    {
        uint domainId = BinaryPrimitives.ReadUInt32LittleEndian(request[4..]);
        uint endpointId = BinaryPrimitives.ReadUInt32LittleEndian(request[8..]);
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(request[12..]);
        if ((flags & ~AttachBypass) != 0)
        {
            return StatusInvalid;
        }

        if (!attached.TryGetValue(endpointId, out AttachedEndpoint? ep))
        {
            if (!HasRequester(endpointId))
            {
                return StatusNoEntry;
            }

            ep = new AttachedEndpoint(endpointId);
            attached.Add(endpointId, ep);
        }

        if (ep.Domain is { } previous)
        {
            DetachFromDomain(ep);
            if (previous.Endpoints.Count == 0)
            {
                domains.Remove(previous.Id);
            }
        }

        bool bypass = (flags & AttachBypass) != 0;
        if (domains.TryGetValue(domainId, out Domain? domain))
        {
            if (domain.Bypass != bypass)
            {
                return StatusInvalid;
            }
        }
        else
        {
            domain = new Domain(domainId, bypass);
            domains.Add(domainId, domain);
        }

        domain.Endpoints.Add(ep);
        ep.Domain = domain;
        return StatusOk;
    }

    private static void DetachFromDomain(AttachedEndpoint ep)
    {
        ep.Domain?.Endpoints.Remove(ep);
        ep.Domain = null;
    }

    // QEMU's virtio_iommu_detach.
    private byte Detach(ReadOnlySpan<byte> request)
    {
        uint domainId = BinaryPrimitives.ReadUInt32LittleEndian(request[4..]);
        uint endpointId = BinaryPrimitives.ReadUInt32LittleEndian(request[8..]);
        if (!attached.TryGetValue(endpointId, out AttachedEndpoint? ep))
        {
            return StatusNoEntry;
        }

        if (ep.Domain is not { } domain || domain.Id != domainId)
        {
            return StatusInvalid;
        }

        // The endpoint is forgotten with its domain membership: a second DETACH finds no entry.
        DetachFromDomain(ep);
        attached.Remove(endpointId);
        if (domain.Endpoints.Count == 0)
        {
            domains.Remove(domain.Id);
        }

        return StatusOk;
    }

    // QEMU's virtio_iommu_map.
    private byte Map(ReadOnlySpan<byte> request)
    {
        uint domainId = BinaryPrimitives.ReadUInt32LittleEndian(request[4..]);
        ulong start = BinaryPrimitives.ReadUInt64LittleEndian(request[8..]);
        ulong end = BinaryPrimitives.ReadUInt64LittleEndian(request[16..]);
        ulong physical = BinaryPrimitives.ReadUInt64LittleEndian(request[24..]);
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(request[32..]);
        if ((flags & ~MapFlagsMask) != 0)
        {
            return StatusInvalid;
        }

        if (!domains.TryGetValue(domainId, out Domain? domain))
        {
            return StatusNoEntry;
        }

        if (domain.Bypass)
        {
            return StatusInvalid;
        }

        if (domain.Find(start, end) >= 0)
        {
            return StatusInvalid;
        }

        domain.Insert((start, end, physical, flags));
        return StatusOk;
    }

    // QEMU's virtio_iommu_unmap: every mapping the range covers goes; one it only cuts stops the request with RANGE.
    private byte Unmap(ReadOnlySpan<byte> request)
    {
        uint domainId = BinaryPrimitives.ReadUInt32LittleEndian(request[4..]);
        ulong start = BinaryPrimitives.ReadUInt64LittleEndian(request[8..]);
        ulong end = BinaryPrimitives.ReadUInt64LittleEndian(request[16..]);
        if (!domains.TryGetValue(domainId, out Domain? domain))
        {
            return StatusNoEntry;
        }

        if (domain.Bypass)
        {
            return StatusInvalid;
        }

        int index;
        while ((index = domain.Find(start, end)) >= 0)
        {
            var mapping = domain.Mappings[index];
            if (start > mapping.Start || end < mapping.End)
            {
                return StatusRange;
            }

            domain.Mappings.RemoveAt(index);
        }

        return StatusOk;
    }

    // QEMU's virtio_iommu_probe: the endpoint's reserved regions as RESV_MEM properties.
    private byte Probe(ReadOnlySpan<byte> request, Span<byte> buffer)
    {
        uint endpointId = BinaryPrimitives.ReadUInt32LittleEndian(request[4..]);
        IReadOnlyList<VirtioIommuReservedRegion>? regions = null;
        int busNumber = (int)((endpointId >> 8) & 0xff);
        int devfn = (int)(endpointId & 0xff);
        foreach (var pair in endpoints)
        {
            if (pair.Key.Devfn == devfn && pair.Key.Bus.BusNumber == busNumber)
            {
                regions = pair.Value.ReservedRegions;
                break;
            }
        }

        if (regions is null)
        {
            return StatusNoEntry;
        }

        if (regions.Count * ReservedMemoryPropertySize > buffer.Length)
        {
            return StatusInvalid;
        }

        int at = 0;
        foreach (VirtioIommuReservedRegion region in regions)
        {
            Span<byte> property = buffer.Slice(at, ReservedMemoryPropertySize);
            BinaryPrimitives.WriteUInt16LittleEndian(property, ProbeReservedMemory);
            BinaryPrimitives.WriteUInt16LittleEndian(property[2..], ReservedMemoryPropertySize - 4);
            property[4] = (byte)region.Type;
            BinaryPrimitives.WriteUInt64LittleEndian(property[8..], region.Range.Start);
            BinaryPrimitives.WriteUInt64LittleEndian(property[16..], region.Range.Last);
            at += ReservedMemoryPropertySize;
        }

        return StatusOk;
    }

    // QEMU's VirtIOIOMMUDomain: its mappings, sorted by start, found as QEMU's interval tree finds
    // them (a binary search that stops at the first mapping overlapping the range).
    private sealed class Domain(uint id, bool bypass)
    {
        public uint Id { get; } = id;

        public bool Bypass { get; } = bypass;

        public List<AttachedEndpoint> Endpoints { get; } = [];

        public List<(ulong Start, ulong End, ulong Physical, uint Flags)> Mappings { get; } = [];

        public int Find(ulong start, ulong end)
        {
            int low = 0, high = Mappings.Count - 1;
            while (low <= high)
            {
                int middle = low + ((high - low) / 2);
                var mapping = Mappings[middle];
                if (end < mapping.Start)
                {
                    high = middle - 1;
                }
                else if (mapping.End < start)
                {
                    low = middle + 1;
                }
                else
                {
                    return middle;
                }
            }

            return -1;
        }

        public void Insert((ulong Start, ulong End, ulong Physical, uint Flags) mapping)
        {
            int i = 0;
            while (i < Mappings.Count && Mappings[i].Start < mapping.Start)
            {
                i++;
            }

            Mappings.Insert(i, mapping);
        }
    }

    // QEMU's VirtIOIOMMUEndpoint: an endpoint id the driver attached (ids are the guest's, only their low 16 bits name a requester).
    private sealed class AttachedEndpoint(uint id)
    {
        public uint Id { get; } = id;

        public Domain? Domain { get; set; }
    }
}
