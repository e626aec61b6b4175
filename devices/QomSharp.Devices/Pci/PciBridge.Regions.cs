using QomSharp.Devices.Pci.Config;
using QomSharp.Memory;

namespace QomSharp.Devices.Pci;

public abstract partial class PciBridge
{
    // QEMU's VGA windows (the legacy 0x3b0 and 0x3c0 port ranges and the 0xa0000 frame buffer).
    private const ulong VgaIoLoBase = 0x3b0;
    private const ulong VgaIoHiBase = 0x3c0;
    private const ulong VgaMemBase = 0xa0000;
    private const ulong VgaIoLoSize = 0xc;
    private const ulong VgaIoHiSize = 0x20;
    private const ulong VgaMemSize = 0x20000;

    /// <inheritdoc/>
    /// <remarks>
    /// QEMU's <c>pci_bridge_initfn</c>: the secondary bus's memory and I/O spaces, then the windows
    /// onto them in the primary bus's spaces (empty until the guest programs base and limit and
    /// enables decoding), then the VGA windows (not mapped while VGA forwarding is off). The two
    /// spaces are pure containers and address spaces of their own (<c>pci_bridge_pci_mem</c>,
    /// <c>pci_bridge_pci_io</c>), as <c>info mtree</c> shows them.
    /// </remarks>
    protected override void CreateRegions()
    {
        secondaryMemory = MemoryRegion.CreateContainer(this, "pci_bridge_pci", ulong.MaxValue);
        secondaryIo = MemoryRegion.CreateContainer(this, "pci_bridge_io", 1UL << 32);
        Context.Qdev.AddressSpaces.Add("pci_bridge_pci_mem", secondaryMemory);
        Context.Qdev.AddressSpaces.Add("pci_bridge_pci_io", secondaryIo);
        var primary = PciBus!;
        SecondaryMemoryView = PciSpace.CreateSecondary(false, primary.MemoryView);
        SecondaryIoView = PciSpace.CreateSecondary(true, primary.IoView);
        InitWindows();
        base.CreateRegions();
    }

    // The secondary bus's spaces (QEMU's address_space_mem and address_space_io of the bridge).
    private MemoryRegion? secondaryMemory;
    private MemoryRegion? secondaryIo;

    /// <summary>The secondary bus's memory space as accesses resolve it (once realized).</summary>
    internal PciSpace SecondaryMemoryView { get; private set; } = null!;

    /// <summary>The secondary bus's I/O space as accesses resolve it (once realized).</summary>
    internal PciSpace SecondaryIoView { get; private set; } = null!;

    // The windows in the primary bus's spaces, as QEMU's PCIBridgeWindows: the alias regions and
    // the entries that resolve them; the VGA ones are in the spaces only while VGA forwarding is on.
    private MemoryRegion? prefetchableAlias;
    private MemoryRegion? memoryAlias;
    private MemoryRegion? ioAlias;
    private MemoryRegion[] vgaAliases = [];
    private PciSpaceEntry? prefetchableWindow;
    private PciSpaceEntry? memoryWindow;
    private PciSpaceEntry? ioWindow;
    private PciSpaceEntry[] vgaWindows = [];
    private bool vgaRegistered;

    /// <summary>The bridge's window of <paramref name="kind"/> as its registers give it (QEMU's <c>pci_bridge_get_base</c> and <c>_get_limit</c>).</summary>
    public Monitor.PciWindow Window(PciWindowKind kind)
    {
        byte[] c = ConfigSpace.Config;
        switch (kind)
        {
            case PciWindowKind.Io:
                return new(IoRegister(c, PciRegisters.IoBase, PciRegisters.IoBaseUpper), IoRegister(c, PciRegisters.IoLimit, PciRegisters.IoBaseUpper + 2) | 0xfff);
            case PciWindowKind.Memory:
                return new((ulong)(PciConfigSpace.GetWord(c, PciRegisters.MemoryBase) & 0xfff0) << 16,
                    ((ulong)(PciConfigSpace.GetWord(c, PciRegisters.MemoryLimit) & 0xfff0) << 16) | 0xfffff);
            default:
                return new(PrefetchableRegister(c, PciRegisters.PrefMemoryBase, PciRegisters.PrefBaseUpper),
                    PrefetchableRegister(c, PciRegisters.PrefMemoryLimit, PciRegisters.PrefLimitUpper) | 0xfffff);
        }
    }

    // An I/O base or limit: bits 15:12 from the register, bits 31:16 from the upper register when
    // its type bits say 32-bit.
    private static ulong IoRegister(byte[] c, int register, int upper)
    {
        ulong value = (ulong)(c[register] & 0xf0) << 8;
        if ((c[register] & IoRangeType32) != 0)
        {
            value |= (ulong)PciConfigSpace.GetWord(c, upper) << 16;
        }

        return value;
    }

    // A prefetchable base or limit: bits 31:20 from the register, bits 63:32 from the upper
    // register when its type bits say 64-bit.
    private static ulong PrefetchableRegister(byte[] c, int register, int upper)
    {
        ushort word = PciConfigSpace.GetWord(c, register);
        ulong value = (ulong)(word & 0xfff0) << 16;
        if ((word & PrefRangeType64) != 0)
        {
            value |= (ulong)PciConfigSpace.GetLong(c, upper) << 32;
        }

        return value;
    }

    private const int IoRangeType32 = 0x01;
    private const int PrefRangeType64 = 0x01;
    private const int BridgeControlVga = 0x08;

    // QEMU's pci_bridge_region_init: the three windows (the prefetchable one first), each sized
    // from its registers while the command register enables its kind of decoding, then the VGA
    // aliases, registered while the bridge control register's VGA enable is set.
    private void InitWindows()
    {
        var primary = PciBus!;
        ushort command = IsConfigSpaceBuilt ? PciConfigSpace.GetWord(ConfigSpace.Config, PciRegisters.Command) : (ushort)0;
        bool memoryOn = (command & PciRegisters.CommandMemory) != 0;
        bool ioOn = (command & PciRegisters.CommandIo) != 0;
        (prefetchableAlias, prefetchableWindow) = InitWindow("pci_bridge_pref_mem", secondaryMemory!, SecondaryMemoryView, primary.MemorySpace, primary.MemoryView, PciWindowKind.Prefetchable, memoryOn);
        (memoryAlias, memoryWindow) = InitWindow("pci_bridge_mem", secondaryMemory!, SecondaryMemoryView, primary.MemorySpace, primary.MemoryView, PciWindowKind.Memory, memoryOn);
        (ioAlias, ioWindow) = InitWindow("pci_bridge_io", secondaryIo!, SecondaryIoView, primary.IoSpace, primary.IoView, PciWindowKind.Io, ioOn);

        vgaAliases =
        [
            MemoryRegion.CreateAlias(this, "pci_bridge_vga_io_lo", secondaryIo!, VgaIoLoBase, VgaIoLoSize),
            MemoryRegion.CreateAlias(this, "pci_bridge_vga_io_hi", secondaryIo!, VgaIoHiBase, VgaIoHiSize),
            MemoryRegion.CreateAlias(this, "pci_bridge_vga_mem", secondaryMemory!, VgaMemBase, VgaMemSize),
        ];
        vgaWindows =
        [
            new PciSpaceEntry { Base = VgaIoLoBase, Size = VgaIoLoSize, Target = SecondaryIoView, TargetOffset = VgaIoLoBase },
            new PciSpaceEntry { Base = VgaIoHiBase, Size = VgaIoHiSize, Target = SecondaryIoView, TargetOffset = VgaIoHiBase },
            new PciSpaceEntry { Base = VgaMemBase, Size = VgaMemSize, Target = SecondaryMemoryView, TargetOffset = VgaMemBase },
        ];
        if (IsConfigSpaceBuilt && (PciConfigSpace.GetWord(ConfigSpace.Config, PciRegisters.BridgeControl) & BridgeControlVga) != 0)
        {
            // pci_register_vga: the memory window first, then the two I/O ones, then their enables.
            primary.MemorySpace?.AddSubregion(VgaMemBase, vgaAliases[2], 1);
            primary.MemoryView.Add(vgaWindows[2]);
            primary.IoSpace?.AddSubregion(VgaIoLoBase, vgaAliases[0], 1);
            primary.IoView.Add(vgaWindows[0]);
            primary.IoSpace?.AddSubregion(VgaIoHiBase, vgaAliases[1], 1);
            primary.IoView.Add(vgaWindows[1]);
            vgaRegistered = true;
            UpdateVga();
        }
    }

    // QEMU's pci_bridge_init_alias: base and limit from the registers; the size 0 when decoding is
    // off or the limit is below the base (and, as in QEMU, when the window would span all 2^64 bytes).
    private (MemoryRegion Alias, PciSpaceEntry Entry) InitWindow(string name, MemoryRegion space, PciSpace view,
        MemoryRegion? parentRegion, PciSpace parentView, PciWindowKind kind, bool enabled)
    {
        var window = IsConfigSpaceBuilt ? Window(kind) : new Monitor.PciWindow(0, 0);
        ulong size = enabled && window.Limit >= window.Base ? window.Limit + 1 - window.Base : 0;
        var alias = MemoryRegion.CreateAlias(this, name, space, window.Base, size);
        parentRegion?.AddSubregion(window.Base, alias, 1);
        var entry = new PciSpaceEntry { Base = window.Base, Size = size, Target = view, TargetOffset = window.Base };
        parentView.Add(entry);
        return (alias, entry);
    }

    // QEMU's pci_bridge_region_del and _cleanup: the windows out of the primary bus's spaces, the
    // VGA ones unregistered, and all six aliases dropped.
    private void DeleteWindows()
    {
        var primary = PciBus!;
        foreach (var (alias, entry, view) in new[] { (ioAlias, ioWindow, primary.IoView), (memoryAlias, memoryWindow, primary.MemoryView), (prefetchableAlias, prefetchableWindow, primary.MemoryView) })
        {
            alias?.Container?.DeleteSubregion(alias);
            if (entry is not null)
            {
                view.Remove(entry);
            }
        }

        if (vgaRegistered)
        {
            for (int i = 0; i < vgaAliases.Length; i++)
            {
                vgaAliases[i].Container?.DeleteSubregion(vgaAliases[i]);
                (i == 2 ? primary.MemoryView : primary.IoView).Remove(vgaWindows[i]);
            }

            vgaRegistered = false;
        }

        foreach (var alias in new[] { ioAlias, memoryAlias, prefetchableAlias })
        {
            alias?.Unparent();
        }

        foreach (var alias in vgaAliases)
        {
            alias.Unparent();
        }

        prefetchableAlias = memoryAlias = ioAlias = null;
        prefetchableWindow = memoryWindow = ioWindow = null;
        vgaAliases = [];
    }

    /// <summary>QEMU's <c>pci_bridge_update_mappings</c>: the windows made anew from the registers.</summary>
    private void UpdateWindows()
    {
        DeleteWindows();
        InitWindows();
        PciBus!.MemoryView.Commit();
        PciBus.IoView.Commit();
    }

    // QEMU's pci_update_vga: the registered VGA windows shown while the bridge decodes their kind.
    private void UpdateVga()
    {
        if (!vgaRegistered)
        {
            return;
        }

        ushort command = PciConfigSpace.GetWord(ConfigSpace.Config, PciRegisters.Command);
        vgaWindows[2].Enabled = (command & PciRegisters.CommandMemory) != 0;
        vgaWindows[0].Enabled = vgaWindows[1].Enabled = (command & PciRegisters.CommandIo) != 0;
    }

    /// <inheritdoc/>
    private protected override void MappingsUpdated()
    {
        if (vgaRegistered)
        {
            UpdateVga();
            PciBus!.MemoryView.Commit();
            PciBus.IoView.Commit();
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// QEMU's <c>pci_bridge_write_config</c>: a write to the command register, the I/O base and
    /// limit, the memory, prefetchable and upper I/O registers, or the bridge control register
    /// makes the windows anew.
    /// </remarks>
    private protected override void ConfigWritten(int address, int length)
    {
        if (RangesOverlap(address, length, PciRegisters.Command, 2) || RangesOverlap(address, length, PciRegisters.IoBase, 2)
            || RangesOverlap(address, length, PciRegisters.MemoryBase, 20) || RangesOverlap(address, length, PciRegisters.BridgeControl, 2))
        {
            UpdateWindows();
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// QEMU's <c>pci_bridge_write_config</c>: the secondary bus reset bit going from 0 to 1 resets
    /// every device on the secondary bus and below it (not the bridge itself); writing it again
    /// while it is set does nothing.
    /// </remarks>
    private protected override void BridgeControlWritten(int oldControl)
    {
        int control = PciConfigSpace.GetWord(ConfigSpace.Config, PciRegisters.BridgeControl);
        if ((~oldControl & control & BridgeControlBusReset) != 0 && SecondaryBus is { } bus)
        {
            QomSharp.Devices.Machines.SystemReset.ResetTree(bus);
        }
    }

    // PCI_BRIDGE_CTL_BUS_RESET.
    private const int BridgeControlBusReset = 0x40;

    /// <summary>
    /// QEMU's <c>shpc_init</c> with the BAR region <c>pci-bridge</c> and <c>pcie-pci-bridge</c> give
    /// it: the 256-byte <c>shpc-bar</c> and the controller's registers at its start. The registers
    /// take their reset state when the machine is ready (at once for a hot-plugged bridge).
    /// </summary>
    protected void CreateShpcRegions()
    {
        var controller = new ShpcController(this);
        ShpcController = controller;
        // The dispatch goes through the BAR's region (the registers at its start, 0 past them).
        var bar = MemoryRegion.Create(this, "shpc-bar", 0x100, controller);
        bar.AddSubregion(0, MemoryRegion.Create(this, "shpc-mmio", ShpcController.Size));
        SetBar0(bar);
        if (Context.Qdev.Phase == QomSharp.Qdev.MachinePhase.MachineReady)
        {
            controller.Reset();
            return;
        }

        // Until then the machine holds the bridge through this handler; a bridge that goes first drops it.
        var qdev = Context.Qdev;
        void ResetAtMachineReady()
        {
            qdev.MachineInitDone -= ResetAtMachineReady;
            shpcResetAtMachineReady = null;
            if (IsRealized && ReferenceEquals(ShpcController, controller))
            {
                controller.Reset();
            }
        }

        shpcResetAtMachineReady = ResetAtMachineReady;
        qdev.MachineInitDone += ResetAtMachineReady;
    }

    // The SHPC's reset when the machine is ready, while it is due.
    private System.Action? shpcResetAtMachineReady;

    /// <summary>The standard hot-plug controller, on a bridge that has one (once realized).</summary>
    public ShpcController? ShpcController { get; private set; }

    /// <summary>Makes <paramref name="region"/> BAR0, whose mapping follows the guest's BAR and command register.</summary>
    protected void SetBar0(MemoryRegion region) => RegisterBarRegion(0, region);

    /// <summary>
    /// QEMU's <c>shpc_cap_write_config</c>, after a guest's configuration write of
    /// <paramref name="length"/> bytes at <paramref name="address"/>: a write to the capability's
    /// data window stores, into the selected register, the controller register found at the data
    /// window's own offset (QEMU 10.0 reads the value from there); after any write to the
    /// capability, the window shows the selected register again.
    /// </summary>
    protected void ShpcWriteConfig(PciConfigSpace config, int capability, int address, int length)
    {
        System.ArgumentNullException.ThrowIfNull(config);
        if (ShpcController is not { } controller)
        {
            return;
        }

        if (RangesOverlap(address, length, capability, 8))
        {
            int select = config.Config[capability + 2];
            if (RangesOverlap(address, length, capability + 4, 4))
            {
                controller.Write((ulong)select * 4, controller.Read((ulong)capability + 4, 4), 4);
            }

            PciConfigSpace.SetLong(config.Config, capability + 4, (uint)controller.Read((ulong)config.Config[capability + 2] * 4, 4));
        }
    }

    /// <summary>
    /// QEMU's plug callback of a bridge with SHPC (<c>pci_bridge_dev_plug_cb</c>,
    /// <c>pcie_pci_bridge_hotplug_cb</c>): through the controller.
    /// </summary>
    protected void ShpcPlug(QomSharp.Qdev.Device device)
    {
        if (device is PciDevice function)
        {
            ShpcControllerOrRefuse().Plug(function);
        }
    }

    /// <summary>QEMU's unplug-request callback of a bridge with SHPC: through the controller.</summary>
    protected void ShpcUnplugRequest(QomSharp.Qdev.Device device)
    {
        if (device is PciDevice function)
        {
            ShpcControllerOrRefuse().UnplugRequest(function);
        }
    }

    private ShpcController ShpcControllerOrRefuse() =>
        ShpcController ?? throw new QomException($"standard hotplug controller has been disabled for this {TypeName}");

    /// <inheritdoc/>
    /// <remarks>
    /// QEMU's <c>pci_bridge_reset</c>: the bus numbers, the secondary latency timer, the windows'
    /// address bits and the bridge control register cleared (a root port then closes its windows,
    /// <c>pci_bridge_disable_base_limit</c>); the SHPC (<c>shpc_reset</c>) reset with the function.
    /// As in QEMU, the windows themselves keep their last mapping until the guest writes the bridge's
    /// registers again.
    /// </remarks>
    protected override void ResetFunction()
    {
        base.ResetFunction();
        if (HasConfigSpace)
        {
            byte[] c = ConfigSpace.Config;
            System.Array.Clear(c, PciRegisters.PrimaryBus, 4);
            c[PciRegisters.IoBase] &= 0x0f;
            c[PciRegisters.IoLimit] &= 0x0f;
            foreach (int register in (int[])[PciRegisters.MemoryBase, PciRegisters.MemoryLimit, PciRegisters.PrefMemoryBase, PciRegisters.PrefMemoryLimit])
            {
                PciConfigSpace.SetWord(c, register, PciConfigSpace.GetWord(c, register) & 0x000f);
            }

            PciConfigSpace.SetLong(c, PciRegisters.PrefBaseUpper, 0);
            PciConfigSpace.SetLong(c, PciRegisters.PrefLimitUpper, 0);
            PciConfigSpace.SetWord(c, PciRegisters.BridgeControl, 0);
            if (ClosesWindowsAtReset)
            {
                c[PciRegisters.IoBase] |= 0xf0;
                PciConfigSpace.SetWord(c, PciRegisters.MemoryBase, PciConfigSpace.GetWord(c, PciRegisters.MemoryBase) | 0xfff0);
                PciConfigSpace.SetWord(c, PciRegisters.PrefMemoryBase, PciConfigSpace.GetWord(c, PciRegisters.PrefMemoryBase) | 0xfff0);
            }
        }

        ShpcController?.Reset();
    }

    /// <summary>Whether reset leaves the windows closed, base above limit (QEMU's root ports: <c>pci_bridge_disable_base_limit</c>).</summary>
    protected virtual bool ClosesWindowsAtReset => false;

    /// <inheritdoc/>
    protected override void ExitFunction()
    {
        if (secondaryMemory is not null && secondaryIo is not null)
        {
            Context.Qdev.AddressSpaces.Remove(secondaryMemory);
            Context.Qdev.AddressSpaces.Remove(secondaryIo);
        }

        DeleteWindows();
        PciBus?.MemoryView.Commit();
        PciBus?.IoView.Commit();
        ShpcController = null;
        if (shpcResetAtMachineReady is { } handler)
        {
            Context.Qdev.MachineInitDone -= handler;
            shpcResetAtMachineReady = null;
        }

        base.ExitFunction();
    }
}

/// <summary>A bridge's forwarding windows.</summary>
public enum PciWindowKind
{
    /// <summary>The I/O window.</summary>
    Io,

    /// <summary>The (non-prefetchable) memory window.</summary>
    Memory,

    /// <summary>The prefetchable memory window.</summary>
    Prefetchable,
}
