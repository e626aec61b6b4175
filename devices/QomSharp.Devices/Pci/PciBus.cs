using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

/// <summary>
/// QEMU's <c>PCI</c> bus: 32 slots of 8 functions. It owns the devfn table, so placement
/// (allocation and QEMU 7.2's refusals) is decided here when a device realizes.
/// </summary>
[QomType("PCI")]
public partial class PciBus : Bus
{
    private const int DevfnCount = 256;
    private const int FunctionsPerSlot = 8;
    private readonly PciDevice?[] functions = new PciDevice?[DevfnCount];

    /// <summary>The device at <paramref name="devfn"/>, if any.</summary>
    public PciDevice? this[int devfn] => functions[devfn];

    /// <summary>The vIOMMU ops installed by <see cref="SetupIommu"/> (QEMU's <c>iommu_ops</c>/<c>iommu_opaque</c>).</summary>
    public IPciIommuOps? IommuOps { get; private set; }

    /// <summary>The bridge that provides this bus; null for the host bridge's root bus (QEMU's <c>parent_dev</c>).</summary>
    public virtual PciDevice? ParentBridge => ParentDevice as PciDevice;

    /// <summary>QEMU's <c>pci_bus_is_root</c>: the bus a host bridge provides (<c>pcie.0</c>, or an expander bridge's bus).</summary>
    public bool IsRoot => ParentDevice is PciHostBridge;

    /// <summary>QEMU's <c>pci_bus_bypass_iommu</c>: whether the host bridge at the top of this bus's hierarchy bypasses the vIOMMU.</summary>
    public bool BypassesIommu()
    {
        PciBus bus = this;
        while (!bus.IsRoot && bus.ParentBridge?.PciBus is { } parent)
        {
            bus = parent;
        }

        return bus.ParentDevice is PciHostBridge { BypassIommu: true };
    }

    /// <summary>QEMU's <c>pci_setup_iommu</c>: devices below this bus (unless a nearer bus has ops) are served by <paramref name="ops"/>.</summary>
    public void SetupIommu(IPciIommuOps ops)
    {
        System.ArgumentNullException.ThrowIfNull(ops);
        IommuOps = ops;
    }

    /// <summary>Removes <paramref name="ops"/> if they are this bus's vIOMMU ops (the vIOMMU is going away).</summary>
    public void RemoveIommu(IPciIommuOps ops)
    {
        if (ReferenceEquals(IommuOps, ops))
        {
            IommuOps = null;
        }
    }

    // QEMU's irq_count: how many pins assert each of the router's lines.
    private int[]? intxCounts;

    /// <summary>
    /// Where the INTx of the functions below this bus go, set on a root bus by its board (QEMU's
    /// <c>pci_bus_irqs</c>); null on a bridge's bus, whose pins reach its bridge swizzled.
    /// </summary>
    public IPciIntxRouter? IntxRouter { get; set; }

    /// <summary>QEMU's <c>pci_swizzle_map_irq_fn</c>: a bridge's pin for <paramref name="device"/>'s pin on its secondary bus.</summary>
    public static int Swizzle(PciDevice device, int pin)
    {
        System.ArgumentNullException.ThrowIfNull(device);
        return (PciDevfn.Slot(device.Devfn) + pin) % 4;
    }

    /// <summary>
    /// QEMU's <c>map_irq</c> of a bus without a router of its own: the pin its parent device
    /// (<see cref="ParentBridge"/>) asserts for <paramref name="device"/>'s pin <paramref name="pin"/>
    /// (a bridge's secondary bus swizzles by the slot).
    /// </summary>
    protected internal virtual int MapIntxToParent(PciDevice device, int pin) => Swizzle(device, pin);

    /// <summary>QEMU's <c>pci_bus_get_irq_level</c>: whether any pin asserts the router's line.</summary>
    public bool IsIntxLineAsserted(int line) => intxCounts is { } counts && line >= 0 && line < counts.Length && counts[line] != 0;

    // QEMU's pci_bus_change_irq_level: the count changes and the router hears the line's level.
    internal void ChangeIntxCount(IPciIntxRouter router, int line, int change)
    {
        var counts = intxCounts ??= new int[router.LineCount];
        counts[line] += change;
        router.SetLine(line, counts[line] != 0);
    }

    /// <summary>Whether a PCI Express device sits on a slot-less downstream port (a root port's bus).</summary>
    protected virtual bool HasSingleSlot => false;

    /// <summary>
    /// QEMU's <c>do_pci_register_device</c> placement: the first free slot's function 0 when
    /// <paramref name="requestedDevfn"/> is -1, else exactly that devfn. Returns the devfn taken.
    /// </summary>
    internal int Register(PciDevice device, int requestedDevfn)
    {
        // An extra root bus (an expander bridge's) takes bridges only.
        if (IsRoot && ParentBridge is { } expander && device is not PciBridge)
        {
            throw new QomException($"PCI: Only PCI/PCIe bridges can be plugged into {expander.TypeName}");
        }

        int devfn = requestedDevfn;
        if (devfn < 0)
        {
            devfn = FirstFreeSlot() ?? throw new QomException($"PCI: no slot/function available for {device.TypeName}, all in use or reserved");
        }
        else if (functions[devfn] is { } occupant)
        {
            throw new QomException($"PCI: slot {PciDevfn.Slot(devfn)} function {PciDevfn.Function(devfn)} not available for {device.TypeName}, in use by {occupant.TypeName},id={occupant.Id ?? "(null)"}");
        }

        if (device.IsHotplugged && FunctionZeroOf(devfn) is { } functionZero)
        {
            // A hot-plugged function is invisible to the guest once function 0 was enumerated
            // (checked for a free slot found too: behind a downstream port, function 0 is the port's only device).
            throw new QomException($"PCI: slot {PciDevfn.Slot(functionZero.Devfn)} function 0 already occupied by {functionZero.TypeName}, new func {device.TypeName} cannot be exposed to guest.");
        }

        functions[devfn] = device;
        return devfn;
    }

    /// <summary>Frees the devfn a device held.</summary>
    internal void Unregister(PciDevice device, int devfn)
    {
        if (ReferenceEquals(functions[devfn], device))
        {
            functions[devfn] = null;
        }
    }

    /// <summary>QEMU's <c>pci_init_multifunction</c> check, run after the device's own realize.</summary>
    internal void CheckMultifunction(PciDevice device)
    {
        int devfn = device.Devfn;
        int slot = PciDevfn.Slot(devfn);
        int function = PciDevfn.Function(devfn);
        if (function != 0)
        {
            if (functions[devfn - function] is { Multifunction: false })
            {
                throw new QomException($"PCI: single function device can't be populated in function {slot:x}.{function:x}");
            }

            return;
        }

        if (device.Multifunction)
        {
            return;
        }

        for (int other = 1; other < FunctionsPerSlot; other++)
        {
            if (functions[devfn + other] is not null)
            {
                throw new QomException($"PCI: {slot:x}.0 indicates single function, but {slot:x}.{other:x} is already populated.");
            }
        }
    }

    private int? FirstFreeSlot()
    {
        for (int devfn = 0; devfn < DevfnCount; devfn += FunctionsPerSlot)
        {
            if (functions[devfn] is null)
            {
                return devfn;
            }
        }

        return null;
    }

    // QEMU's pci_get_function_0: below a PCIe downstream port only devfn 0 counts.
    /// <summary>QEMU's <c>pci_get_function_0</c>: function 0 of the slot of <paramref name="devfn"/> (behind a downstream port, the port's only slot).</summary>
    public PciDevice? FunctionZeroOf(int devfn) => HasSingleSlot ? functions[0] : functions[devfn & ~(FunctionsPerSlot - 1)];
}
