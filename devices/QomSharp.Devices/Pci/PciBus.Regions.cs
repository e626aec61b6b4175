using System.Collections.Generic;
using System.Runtime.CompilerServices;
using QomSharp.Devices.Machines;
using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

public partial class PciBus
{
    /// <summary>
    /// The region the bus's memory BARs and windows are mapped into (QEMU's
    /// <c>address_space_mem</c>): a bridge's <c>pci_bridge_pci</c> region, an expander's parent
    /// bus's, else the machine's PCI space (<c>pci[0]</c> on a PC machine, the system memory
    /// otherwise).
    /// </summary>
    public MemoryRegion? MemorySpace => ParentDevice switch
    {
        PciBridge bridge => bridge.GetChild("pci_bridge_pci[0]") as MemoryRegion,
        _ when this is PxbPcieBus { Expander.PciBus: { } parent } => parent.MemorySpace,
        _ => (Context.ResolvePath("/machine") as PcMachine)?.PciMemory ?? Context.Qdev.SystemMemory.Root,
    };

    /// <summary>The region the bus's I/O BARs and windows are mapped into (QEMU's <c>address_space_io</c>): a bridge's <c>pci_bridge_io[0]</c>, else the I/O space <c>io[0]</c>.</summary>
    public MemoryRegion? IoSpace => ParentDevice switch
    {
        PciBridge bridge => bridge.GetChild("pci_bridge_io[0]") as MemoryRegion,
        _ when this is PxbPcieBus { Expander.PciBus: { } parent } => parent.IoSpace,
        _ => Context.Qdev.IoSpace.Root,
    };

    // A root bus's own spaces as accesses resolve them (made on first use).
    private PciSpace? rootMemoryView;
    private PciSpace? rootIoView;

    /// <summary>The bus's memory space as accesses resolve it: its bridge's secondary space, an expander's parent bus's, else the root's own.</summary>
    internal PciSpace MemoryView => ParentDevice switch
    {
        PciBridge bridge => bridge.SecondaryMemoryView,
        _ when this is PxbPcieBus { Expander.PciBus: { } parent } => parent.MemoryView,
        _ => rootMemoryView ??= PciSpace.CreateRoot(false, Context.Qdev),
    };

    /// <summary>The bus's I/O space as accesses resolve it.</summary>
    internal PciSpace IoView => ParentDevice switch
    {
        PciBridge bridge => bridge.SecondaryIoView,
        _ when this is PxbPcieBus { Expander.PciBus: { } parent } => parent.IoView,
        _ => rootIoView ??= PciSpace.CreateRoot(true, Context.Qdev),
    };

    // The buses realized before the machine was ready, per universe, oldest first.
    private static readonly ConditionalWeakTable<QomContext, List<PciBus>> PendingBusMasters = new();

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>pci_bus_realize</c>: the bus's machine-init-done notifier, which gives its cold-plugged functions their bus master alias.</remarks>
    protected override void Realize()
    {
        base.Realize();
        if (Context.Qdev.Phase == MachinePhase.MachineReady)
        {
            return;
        }

        var pending = PendingBusMasters.GetValue(Context, static _ => []);
        if (pending.Count == 0)
        {
            var context = Context;
            void InitAll()
            {
                context.Qdev.MachineInitDone -= InitAll;
                InitBusMasters(context);
            }

            context.Qdev.MachineInitDone += InitAll;
        }

        pending.Add(this);
    }

    /// <inheritdoc/>
    protected override void Unrealize()
    {
        if (PendingBusMasters.TryGetValue(Context, out var pending))
        {
            pending.Remove(this);
        }

        base.Unrealize();
    }

    // QEMU adds each notifier at the head of the list: the newest bus's runs first, and a bus's
    // functions go in devfn order (pcibus_machine_done).
    private static void InitBusMasters(QomContext context)
    {
        if (!PendingBusMasters.TryGetValue(context, out var pending))
        {
            return;
        }

        var buses = pending.ToArray();
        pending.Clear();
        for (int i = buses.Length - 1; i >= 0; i--)
        {
            for (int devfn = 0; devfn < buses[i].functions.Length; devfn++)
            {
                buses[i].functions[devfn]?.InitBusMaster();
            }
        }
    }
}
