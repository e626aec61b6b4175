using System;
using System.Diagnostics.CodeAnalysis;
using QomSharp.Devices.Backends;

namespace QomSharp.Devices.Pci;

/// <summary>
/// The vIOMMU side of a PCI function (devices-spec §5.3–5.4): which bus's IOMMU ops serve it and
/// under which requester id, and the hand-over of its host IOMMU device to that vIOMMU.
/// </summary>
public abstract partial class PciDevice
{
    /// <summary>
    /// QEMU's <c>pci_device_get_iommu_bus_devfn</c>, exactly: walk up while the bus has no ops and
    /// is provided by a bridge (or an expander bridge's device). Each conventional segment crossed overwrites the alias (so the
    /// segment nearest the root decides): behind a PCIe-to-PCI bridge the requester is its
    /// secondary bus at 00.0, behind any other bridge the bridge itself. Express segments never alias.
    /// </summary>
    public PciIommuBusDevfn GetIommuBusDevfn()
    {
        PciBus bus = PciBus ?? throw new InvalidOperationException($"{TypeName} is not on a PCI bus");
        int devfn = Devfn;
        bool aliased = false;
        PciBus? iommuBus = bus;
        while (iommuBus is { IommuOps: null, ParentBridge: { } bridge })
        {
            PciBus parentBus = bridge.PciBus ?? throw new InvalidOperationException($"{bridge.TypeName} is not on a PCI bus");
            if (iommuBus is not PcieBus)
            {
                // PCI_EXP_TYPE_PCI_BRIDGE: only pcie-pci-bridge among the modelled bridges has it.
                if (bridge is PciePciBridge)
                {
                    devfn = 0;
                    bus = iommuBus;
                }
                else
                {
                    devfn = bridge.Devfn;
                    bus = parentBus;
                }

                aliased = true;
            }

            iommuBus = parentBus;
        }

        // A host bridge with bypass_iommu (an expander's, or pcie.0 with default-bus-bypass-iommu)
        // keeps its devices away from the vIOMMU, decided for the requester's bus.
        if (iommuBus?.IommuOps is null || bus.BypassesIommu())
        {
            iommuBus = null;
        }

        return new PciIommuBusDevfn(iommuBus, bus, devfn, aliased);
    }

    /// <summary>
    /// QEMU's <c>pci_requester_id</c>: the id this function's requests (its MSIs) carry upstream.
    /// Walking to the root, a conventional bridge crossed puts its own id in their place, and a
    /// PCIe-to-PCI bridge its secondary bus at 00.0; express ports change nothing. The crossing
    /// nearest the root decides.
    /// </summary>
    public ushort RequesterId
    {
        get
        {
            PciDevice source = this;
            bool secondaryBus = false;
            PciDevice device = this;
            while (device.PciBus is { IsRoot: false, ParentBridge: { } parent })
            {
                if (parent is not IPciExpressDevice)
                {
                    source = parent;
                    secondaryBus = false;
                }
                else if (parent is PciePciBridge)
                {
                    source = device;
                    secondaryBus = true;
                }

                device = parent;
            }

            int bus = source.PciBus?.BusNumber ?? 0;
            return (ushort)(secondaryBus ? bus << 8 : (bus << 8) | (source.Devfn & 0xff));
        }
    }

    /// <summary>QEMU's <c>pci_device_iommu_address_space</c>: the vIOMMU's token for the alias, or null for system memory.</summary>
    public object? GetIommuAddressSpace()
    {
        PciIommuBusDevfn at = GetIommuBusDevfn();
        return at.IommuBus?.IommuOps?.GetAddressSpace(at.AliasedBus, at.AliasedDevfn);
    }

    /// <summary>
    /// QEMU's <c>pci_device_set_iommu_device</c> (M-9.1): records the alias on <paramref name="hiod"/>
    /// and passes the device's own bus and devfn to the vIOMMU. Without a vIOMMU, or one without
    /// the op, it succeeds and stores nothing.
    /// </summary>
    public bool SetIommuDevice(HostIommuDevice hiod, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(hiod);
        PciIommuBusDevfn at = GetIommuBusDevfn();
        if (at.IommuBus?.IommuOps is { HasSetIommuDevice: true } ops)
        {
            hiod.AliasedBus = at.AliasedBus;
            hiod.AliasedDevfn = at.AliasedDevfn;
            return ops.SetIommuDevice(PciBus!, Devfn, hiod, out error);
        }

        error = null;
        return true;
    }

    /// <summary>QEMU's <c>pci_device_unset_iommu_device</c>: the vIOMMU forgets the device's own (bus, devfn), if it can.</summary>
    public void UnsetIommuDevice()
    {
        if (GetIommuBusDevfn().IommuBus?.IommuOps is { HasUnsetIommuDevice: true } ops)
        {
            ops.UnsetIommuDevice(PciBus!, Devfn);
        }
    }
}
