using System.Linq;
using QomSharp.Devices.Pci;
using QomSharp.Memory;

namespace QomSharp.Devices.I386;

public sealed partial class IntelIommu
{
    // The interrupt window a device's DMA to 0xfee00000 lands in (QEMU's VTD_INTERRUPT_ADDR_*).
    private const ulong InterruptWindowBase = 0xfee0_0000;
    private const ulong InterruptWindowSize = 0x10_0000;

    /// <summary>
    /// QEMU's <c>vtd_realize</c>: the regions every device's address space shares, the no-DMAR view
    /// (the system memory, with the interrupt window over it).
    /// </summary>
    private void CreateSharedRegions()
    {
        var nodmar = MemoryRegion.CreateContainer(this, "vtd-nodmar", ulong.MaxValue);
        if (Context.Qdev.SystemMemory.Root is { } system)
        {
            nodmar.AddSubregion(0, MemoryRegion.CreateAlias(this, "vtd-sys-alias", system, 0, system.Size));
        }

        nodmar.AddSubregion(InterruptWindowBase, MemoryRegion.Create(this, "vtd-ir", InterruptWindowSize, new InterruptWindow(this)), 1);
    }

    /// <summary>
    /// QEMU's <c>vtd_mem_ir_ops</c>: a 4-byte message into the interrupt window is remapped (when
    /// GSTS.IRES is set) and goes on to the APIC, or is dropped; its source is the PCI function
    /// whose MSI this is, unknown (0xffff) for other writes; other sizes are refused; reads give 0.
    /// </summary>
    private sealed class InterruptWindow(IntelIommu iommu) : IMemoryRegionOps
    {
        public int MaxAccessSize => 4;

        public ulong Read(ulong offset, int size) => 0;

        public void Write(ulong offset, ulong value, int size)
        {
            if (size == 4)
            {
                iommu.InterruptMessage(offset, (uint)value, PciDevice.MessageRequester ?? DmarRegisters.UnknownSource);
            }
        }
    }

    // A message into the interrupt window (offset, data, source id): remapped and delivered, or dropped.
    private void InterruptMessage(ulong offset, uint data, ushort sourceId)
    {
        if (Registers is { } registers)
        {
            registers.InterruptWindowWrite(offset, data, sourceId);
        }
        else
        {
            Context.Qdev.SystemMemory.Write(InterruptWindowBase + offset, data, 4);
        }
    }

    // A remapped (or passed) message goes to the APICs directly (QEMU's send_msi of the APIC class),
    // not through an address space: no dispatch looks it up.
    private void DeliverInterrupt(ulong address, uint data) => Apics?.SendMessage(address, data);

    // QEMU's vtd_generate_interrupt: the event message (FEADDR or IEADDR, the upper register left
    // out) goes to the APICs directly, whatever the address: its bits 19:12 and 2 are decoded as
    // those of an address in the APIC window.
    private void SendEventMessage(ulong address, uint data) => Apics?.SendMessage(address & 0xffff_ffff, data);

    private ApicBus? Apics => apics ??= (Context.ResolvePath("/machine") as Machines.PcMachine)?.Apics;

    private ApicBus? apics;

    /// <summary>
    /// QEMU's <c>vtd_find_add_as</c> for a new device address space: its root <c>vtd-SS.F</c>, the
    /// DMA remapping region and the no-DMAR alias in it, and the interrupt windows of each. Like
    /// QEMU's, the address space lasts as long as the IOMMU, whatever becomes of the device; its root
    /// stands for it.
    /// </summary>
    private VtdAddressSpace CreateDeviceRegions(PciBus bus, int devfn)
    {
        string name = $"vtd-{PciDevfn.Format(devfn)}";
        var root = MemoryRegion.CreateContainer(this, name, ulong.MaxValue);
        var dmar = MemoryRegion.Create<IntelIommuMemoryRegion>(this, name + "-dmar", ulong.MaxValue);
        var nodmar = GetChild("vtd-nodmar[0]") as MemoryRegion;
        var alias = nodmar is null ? null : MemoryRegion.CreateAlias(this, "vtd-nodmar", nodmar, 0, nodmar.Size);
        var sharedIr = nodmar?.Subregions.FirstOrDefault(r => r.Name == "vtd-ir");
        var ir = sharedIr is null ? MemoryRegion.Create(this, "vtd-ir", InterruptWindowSize) : MemoryRegion.CreateAlias(this, "vtd-ir", sharedIr, 0, InterruptWindowSize);
        dmar.AddSubregion(InterruptWindowBase, ir, 1);
        var noIr = MemoryRegion.Create(this, "vtd-no-ir", InterruptWindowSize);
        root.AddSubregion(InterruptWindowBase, noIr, 2);
        // Translation and interrupt remapping start off: the no-DMAR view answers.
        dmar.SetEnabled(false);
        noIr.SetEnabled(false);
        root.AddSubregion(0, dmar);
        if (alias is not null)
        {
            root.AddSubregion(0, alias);
        }

        Context.Qdev.AddressSpaces.Add("vtd-root", root);
        var space = new VtdAddressSpace(bus, devfn, root, dmar, alias);
        dmar.Engine = Registers;
        dmar.Space = space;
        Registers?.AddSpace(space);
        return space;
    }
}
