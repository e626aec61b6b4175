using QomSharp.Devices.Pci.Config;
using QomSharp.Memory;

namespace QomSharp.Devices.Pci;

public abstract partial class PciBridge
{
    // QEMU's VGA window sizes (the legacy 0x3b0 and 0x3c0 port ranges and the 0xa0000 frame buffer).
    private const ulong VgaIoLoSize = 0xc;
    private const ulong VgaIoHiSize = 0x20;
    private const ulong VgaMemSize = 0x20000;

    /// <inheritdoc/>
    /// <remarks>
    /// QEMU's <c>pci_bridge_initfn</c>: the secondary bus's memory and I/O spaces, then the windows
    /// onto them in the primary bus's spaces (empty until the guest programs base and limit), then
    /// the VGA windows (not mapped while VGA forwarding is off).
    /// </remarks>
    protected override void CreateRegions()
    {
        var memory = MemoryRegion.Create(this, "pci_bridge_pci", ulong.MaxValue);
        var io = MemoryRegion.Create(this, "pci_bridge_io", 1UL << 32);
        var primary = PciBus!;
        primary.MemorySpace?.AddSubregion(0, MemoryRegion.CreateAlias(this, "pci_bridge_pref_mem", memory, 0, 0), 1);
        primary.MemorySpace?.AddSubregion(0, MemoryRegion.CreateAlias(this, "pci_bridge_mem", memory, 0, 0), 1);
        primary.IoSpace?.AddSubregion(0, MemoryRegion.CreateAlias(this, "pci_bridge_io", io, 0, 0), 1);
        MemoryRegion.CreateAlias(this, "pci_bridge_vga_io_lo", io, 0x3b0, VgaIoLoSize);
        MemoryRegion.CreateAlias(this, "pci_bridge_vga_io_hi", io, 0x3c0, VgaIoHiSize);
        MemoryRegion.CreateAlias(this, "pci_bridge_vga_mem", memory, 0xa0000, VgaMemSize);
        base.CreateRegions();
    }

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
        SetBar0(bar, is64: true);
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

    // BAR0 of a bridge that has one (the SHPC's, a root port's MSI-X), whether it is 64-bit, and
    // where it is mapped, if it is.
    private MemoryRegion? bar0;
    private bool bar0Is64;
    private ulong? bar0Address;

    /// <summary>Makes <paramref name="region"/> the memory BAR0 whose mapping follows the guest's BAR and command register.</summary>
    protected void SetBar0(MemoryRegion region, bool is64)
    {
        bar0 = region;
        bar0Is64 = is64;
    }

    /// <summary>
    /// QEMU's <c>shpc_cap_write_config</c> and, for BAR0, <c>pci_update_mappings</c>, after a guest's
    /// configuration write of <paramref name="length"/> bytes at <paramref name="address"/>: a write
    /// to the capability's data window stores, into the selected register, the controller register
    /// found at the data window's own offset (QEMU 10.0 reads the value from there); after any write
    /// to the capability, the window shows the selected register again. A write to the command
    /// register or BAR0 maps or unmaps the registers.
    /// </summary>
    protected void ShpcWriteConfig(PciConfigSpace config, int capability, int address, int length)
    {
        System.ArgumentNullException.ThrowIfNull(config);
        if (ShpcController is not { } controller)
        {
            return;
        }

        if (Overlap(address, length, capability, 8))
        {
            int select = config.Config[capability + 2];
            if (Overlap(address, length, capability + 4, 4))
            {
                controller.Write((ulong)select * 4, controller.Read((ulong)capability + 4, 4), 4);
            }

            PciConfigSpace.SetLong(config.Config, capability + 4, (uint)controller.Read((ulong)config.Config[capability + 2] * 4, 4));
        }

        UpdateBar0Mapping(config, address, length);
    }

    /// <summary>QEMU's <c>pci_update_mappings</c> for BAR0, after a write to the command register or the BAR.</summary>
    protected void UpdateBar0Mapping(PciConfigSpace config, int address, int length)
    {
        System.ArgumentNullException.ThrowIfNull(config);
        if (Overlap(address, length, PciRegisters.Command, 2) || Overlap(address, length, PciRegisters.BaseAddress0, bar0Is64 ? 8 : 4))
        {
            UpdateBar0(config);
        }
    }

    private static bool Overlap(int address, int length, int start, int size) => address < start + size && start < address + length;

    // pci_bar_address for the memory BAR0: mapped while memory decoding is on and the BAR holds an
    // address that is not 0 and does not wrap (a 32-bit BAR stays below 4 GiB). Only a bridge on a
    // root bus (whose memory space is the machine's PCI space, seen below RAM in the system address
    // space) maps it here; behind another bridge the windows would decide, and they are not modelled.
    private void UpdateBar0(PciConfigSpace config)
    {
        if (bar0 is not { } bar || PciBus is not { } bus || !bus.IsRoot)
        {
            return;
        }

        ulong size = bar.Size;
        ulong address = PciConfigSpace.GetLong(config.Config, PciRegisters.BaseAddress0);
        if (bar0Is64)
        {
            address |= (ulong)PciConfigSpace.GetLong(config.Config, PciRegisters.BaseAddress0 + 4) << 32;
        }

        address &= ~(size - 1);
        ulong last = address + size - 1;
        bool mapped = (PciConfigSpace.GetWord(config.Config, PciRegisters.Command) & PciRegisters.CommandMemory) != 0
            && address != 0 && last > address && last != ulong.MaxValue && (bar0Is64 || last < uint.MaxValue);
        if (bar0Address is { } current && (!mapped || current != address))
        {
            Context.Qdev.SystemMemory.Unmap(bar);
            bar0Address = null;
        }

        if (mapped && bar0Address is null)
        {
            Context.Qdev.SystemMemory.Map(address, bar, PciSpacePriority);
            bar0Address = address;
        }
    }

    // The machine's PCI space sits below everything else in the system address space.
    private const int PciSpacePriority = -1;

    private void UnmapBar0()
    {
        if (bar0 is { } bar && bar0Address is not null)
        {
            Context.Qdev.SystemMemory.Unmap(bar);
            bar0Address = null;
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
    /// <remarks>The SHPC (QEMU's <c>shpc_reset</c>) is reset with the function, and BAR0 unmapped.</remarks>
    protected override void ResetFunction()
    {
        base.ResetFunction();
        UnmapBar0();
        ShpcController?.Reset();
    }

    /// <inheritdoc/>
    protected override void ExitFunction()
    {
        UnmapBar0();
        ShpcController = null;
        if (shpcResetAtMachineReady is { } handler)
        {
            Context.Qdev.MachineInitDone -= handler;
            shpcResetAtMachineReady = null;
        }

        base.ExitFunction();
    }
}
