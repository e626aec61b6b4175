using System;
using System.Collections.Generic;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Backends;

/// <summary>
/// QEMU's <c>host-iommu-device</c> (backends/host_iommu_device.c, baseline M-9.1): the host IOMMU's
/// view of one assigned device, which a vIOMMU queries to check compatibility. QEMU's class function
/// pointers are virtual members here; <see cref="HasGetCap"/> keeps "no get_cap" observable, since
/// intel-iommu reports <c>.get_cap() not implemented</c> on that path.
/// </summary>
[QomType("host-iommu-device", Abstract = true)]
public abstract partial class HostIommuDevice : QomObject
{
    /// <summary>The agent's name, for messages (null until realized).</summary>
    public string? Name { get; protected set; }

    /// <summary>The capabilities read from the agent at realize (type and hardware capabilities).</summary>
    public HostIommuDeviceCaps Caps { get; protected set; }

    /// <summary>The device this stands for; set by realize.</summary>
    public IHostIommuDeviceAgent? Agent { get; protected set; }

    /// <summary>The requester bus the vIOMMU sees for the device (M-9.1 <c>aliased_bus</c>), set by <see cref="Pci.PciDevice.SetIommuDevice"/>.</summary>
    public Pci.PciBus? AliasedBus { get; internal set; }

    /// <summary>The requester devfn the vIOMMU sees (M-9.1 <c>aliased_devfn</c>).</summary>
    public int AliasedDevfn { get; internal set; }

    /// <summary>Second-stage init: fills the fields from the agent. Throws a <see cref="QomException"/> on failure.</summary>
    public abstract void Realize(IHostIommuDeviceAgent agent);

    /// <summary>Whether the class implements get_cap (QEMU: the class pointer is non-null).</summary>
    public virtual bool HasGetCap => false;

    /// <summary>
    /// QEMU's get_cap: a positive value (AW_BITS: the width; IOMMU_TYPE: the type). Where QEMU returns
    /// -EINVAL with an error, this throws a <see cref="QomException"/> with the same text.
    /// </summary>
    public virtual int GetCap(int capabilityId) =>
        throw new InvalidOperationException($"{TypeName} has no get_cap");

    /// <summary>Whether the class implements get_iova_ranges (QEMU: the class pointer is non-null).</summary>
    public virtual bool HasGetIovaRanges => false;

    /// <summary>Whether the class implements get_page_size_mask (QEMU: the class pointer is non-null).</summary>
    public virtual bool HasGetPageSizeMask => false;

    /// <summary>QEMU's get_iova_ranges: the agent's container ranges.</summary>
    public IReadOnlyList<IovaRange> GetIovaRanges() => RealizedAgent.IovaRanges;

    /// <summary>QEMU's get_page_size_mask: the agent's container page sizes.</summary>
    public ulong GetPageSizeMask() => RealizedAgent.PageSizeMask;

    /// <summary>QEMU's vfio_device_get_aw_bits, shared by both concrete classes (spec §2.2).</summary>
    protected int AgentAwBits() => SimulatedKernelIovaRanges.HostAwBits(RealizedAgent.IovaRanges);

    /// <summary>QEMU's <c>"%s: unsupported capability %x"</c> (hex without 0x, as printf's %x of an int).</summary>
    protected QomException UnsupportedCapability(int capabilityId) =>
        new($"{Name}: unsupported capability {unchecked((uint)capabilityId):x}");

    private IHostIommuDeviceAgent RealizedAgent =>
        Agent ?? throw new InvalidOperationException($"{TypeName} is not realized");
}
