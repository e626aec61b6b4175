using System.Linq;
using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

/// <summary>
/// QEMU's <c>pxb</c>, the PCI expander bridge: a function on the root bus that opens an extra root
/// bus with its own host bridge (<c>pxb-host</c>), numbered <c>bus_nr</c>; with <c>bypass_iommu</c>
/// the devices below it get no vIOMMU. The conventional flavour needs a conventional root bus, which
/// q35 does not have; <c>pxb-pcie</c> is the one q35 uses.
/// </summary>
[QomType("pxb")]
public partial class PxbDevice : PciDevice, IConventionalPciDevice
{
    /// <summary>QEMU's <c>NUMA_NODE_UNASSIGNED</c>, the default <c>numa_node</c>.</summary>
    public const ushort NumaNodeUnassigned = 128;

    /// <summary>The number of the extra root bus (0 is not a usable number for a guest, but accepted).</summary>
    [QomProperty("bus_nr", Default = 0)]
    public partial byte BusNumber { get; set; }

    /// <summary>The NUMA node of the extra root bus, or <see cref="NumaNodeUnassigned"/>.</summary>
    [QomProperty("numa_node", Default = NumaNodeUnassigned)]
    public partial ushort NumaNode { get; set; }

    /// <summary>Whether the devices below the expander bypass the vIOMMU.</summary>
    [QomProperty("bypass_iommu", Default = false)]
    public partial bool BypassIommu { get; set; }

    /// <summary>The host bridge created at realize.</summary>
    public PxbHost? Host { get; private set; }

    [QomClassInit]
    private static void InitPxbDeviceClass(DeviceClass klass)
    {
        klass.Description = "PCI Expander Bridge";
        klass.Categories = DeviceCategories.Bridge;
        klass.Hotpluggable = false;
        klass.OrderOwnProperties("bus_nr", "numa_node", "bypass_iommu");
        klass.SetPropertyIterationOrder("numa_node", "bus_nr", "bypass_iommu");
    }

    /// <summary>Refuses a bus the flavour cannot sit on (QEMU's first realize check).</summary>
    protected virtual void CheckBus()
    {
        if (PciBus is PcieBus)
        {
            throw new QomException("pxb devices cannot reside on a PCIe bus");
        }
    }

    /// <summary>The QOM type of the extra root bus; null for the conventional flavour, which q35 cannot take.</summary>
    protected virtual string? RootBusType => null;

    /// <inheritdoc/>
    protected override void RealizeFunction()
    {
        CheckBus();

        // No NUMA nodes are configured in the model, so any node given is out of range.
        if (NumaNode != NumaNodeUnassigned)
        {
            throw new QomException($"Illegal numa node {NumaNode}");
        }

        // The conventional flavour sits on a bridge's bus on q35, never on a root bus.
        if (RootBusType is not { } busType || PciBus!.ParentBridge is not null)
        {
            throw new QomException("PXB devices can be attached only to root bus");
        }

        // Checked before the bus exists (QEMU creates it first and drops it again: nothing to see,
        // as an expander cannot be hot-plugged).
        if (BusNumberInUse(PciBus!))
        {
            throw new QomException($"Bus {BusNumber} is already in use");
        }

        var host = (PxbHost)Context.New(PxbHost.QomTypeName);
        var bus = (PxbPcieBus)host.CreateRootBus(busType, string.IsNullOrEmpty(Id) ? null : Id);
        bus.Expander = this;
        host.BypassIommu = BypassIommu;
        Host = host;
        host.RealizeOn(((Machine)Context.ResolvePath("/machine")!).MainSystemBus);
        host.Unref();
    }

    /// <inheritdoc/>
    /// <remarks>QEMU leaves the host bridge behind (an expander is never unplugged); the model drops it with its bus.</remarks>
    protected override void ExitFunction()
    {
        if (Host is { } host)
        {
            Host = null;
            ((PxbPcieBus)host.RootBus!).Expander = null;
            host.Unparent();
        }
    }

    // pxb_register_bus: the root bus's child buses are the bridges' secondary buses (numbered 0
    // until the guest programs them) and the other expanders' buses.
    private bool BusNumberInUse(PciBus rootBus)
    {
        for (int devfn = 0; devfn < 256; devfn++)
        {
            switch (rootBus[devfn])
            {
                case PciBridge { SecondaryBus: not null } when BusNumber == 0:
                    return true;
                case PxbDevice { Host: not null } other when other != this && other.BusNumber == BusNumber:
                    return true;
            }
        }

        return false;
    }
}
