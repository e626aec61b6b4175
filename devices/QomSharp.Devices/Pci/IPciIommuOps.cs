using System.Diagnostics.CodeAnalysis;
using QomSharp.Devices.Backends;

namespace QomSharp.Devices.Pci;

/// <summary>
/// QEMU's <c>PCIIOMMUOps</c> with its opaque (devices-spec §5.1, baseline M): what a vIOMMU
/// installs on a root bus with <see cref="PciBus.SetupIommu"/>. The set/unset ops are optional in
/// QEMU, and their absence is observable (set then silently succeeds), so it is stated explicitly.
/// </summary>
public interface IPciIommuOps
{
    /// <summary>QEMU's <c>get_address_space</c> (mandatory): an identity token for the DMA address space of requester (bus, devfn).</summary>
    object GetAddressSpace(PciBus bus, int devfn);

    /// <summary>Whether <see cref="SetIommuDevice"/> is provided (QEMU: the op pointer is non-null).</summary>
    bool HasSetIommuDevice { get; }

    /// <summary>Whether <see cref="UnsetIommuDevice"/> is provided.</summary>
    bool HasUnsetIommuDevice { get; }

    /// <summary>
    /// QEMU's <c>set_iommu_device</c>: attaches <paramref name="hiod"/> for the device at its own
    /// (not aliased) bus and devfn; false with <paramref name="error"/> set when refused.
    /// </summary>
    bool SetIommuDevice(PciBus bus, int devfn, HostIommuDevice hiod, [NotNullWhen(false)] out string? error);

    /// <summary>QEMU's <c>unset_iommu_device</c>: detaches whatever was set for (bus, devfn).</summary>
    void UnsetIommuDevice(PciBus bus, int devfn);

    /// <summary>QEMU 10.2's optional <c>get_viommu_flags</c>: <see cref="ViommuFlags"/> bits; none by default.</summary>
    ulong GetViommuFlags() => 0;
}
