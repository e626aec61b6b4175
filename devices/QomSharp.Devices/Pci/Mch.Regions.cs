using QomSharp.Devices.Machines;
using QomSharp.Memory;

namespace QomSharp.Devices.Pci;

public sealed partial class Mch
{
    // The legacy VGA window SMRAM covers, the high alias of it, and SMRAM at the default SMBASE
    // (QEMU's MCH_HOST_BRIDGE_SMRAM_C_*, 0xfeda0000 and MCH_HOST_BRIDGE_SMBASE_*).
    private const ulong SmramBase = 0xa0000;
    private const ulong SmramSize = 0x20000;
    private const ulong SmramHighBase = 0xfeda0000;
    private const ulong SmbaseAddress = 0x30000;
    private const ulong SmbaseSize = 0x20000;

    // QEMU's PAM registers: 0xf0000 (64 KiB), then twelve 16 KiB segments from 0xc0000.
    private const int PamCount = 13;

    /// <inheritdoc/>
    /// <remarks>
    /// QEMU's <c>mch_realize</c>: the four aliases of each PAM segment (RAM, ROM and two PCI ones,
    /// all disabled at reset, mapped over the system memory at priority 1); with SMM ranges, the
    /// SMRAM views, the TSEG and SMBASE windows and black holes, and the machine's <c>smram</c> link
    /// to the SMM address space.
    /// </remarks>
    protected override void CreateRegions()
    {
        base.CreateRegions();
        var system = Context.Qdev.SystemMemory.Root!;
        var machine = Context.ResolvePath("/machine") as PcMachine;
        var pci = machine?.PciMemory ?? system;
        var host = Parent as Q35PciHost;
        for (int i = 0; i < PamCount; i++)
        {
            ulong start = i == 0 ? 0xf0000UL : 0xc0000UL + ((ulong)(i - 1) * 0x4000);
            ulong size = i == 0 ? 0x10000UL : 0x4000UL;
            system.AddSubregion(start, MemoryRegion.CreateAlias(this, "pam-ram", system, start, size), 1);
            system.AddSubregion(start, MemoryRegion.CreateAlias(this, "pam-rom", system, start, size), 1);
            system.AddSubregion(start, MemoryRegion.CreateAlias(this, "pam-pci", system, start, size), 1);
            system.AddSubregion(start, MemoryRegion.CreateAlias(this, "pam-pci", pci, start, size), 1);
        }

        if (host is not { SmmRanges: true })
        {
            return;
        }

        ulong tseg = host.BelowFourGMemSize;
        system.AddSubregion(SmramBase, MemoryRegion.CreateAlias(this, "smram-region", pci, SmramBase, SmramSize), 1);
        system.AddSubregion(SmramHighBase, MemoryRegion.CreateAlias(this, "smram-open-high", system, SmramBase, SmramSize), 1);
        var smram = MemoryRegion.Create(this, "smram", 1UL << 32);
        smram.AddSubregion(SmramBase, MemoryRegion.CreateAlias(this, "smram-low", system, SmramBase, SmramSize));
        smram.AddSubregion(SmramHighBase, MemoryRegion.CreateAlias(this, "smram-high", system, SmramBase, SmramSize));
        system.AddSubregion(tseg, MemoryRegion.Create(this, "tseg-blackhole", 0), 1);
        smram.AddSubregion(tseg, MemoryRegion.CreateAlias(this, "tseg-window", system, tseg, 0));
        // Made whatever smbase-smram says: it only decides whether the guest may enable them.
        system.AddSubregion(SmbaseAddress, MemoryRegion.Create(this, "smbase-blackhole", SmbaseSize), 1);
        smram.AddSubregion(SmbaseAddress, MemoryRegion.CreateAlias(this, "smbase-window", system, SmbaseAddress, SmbaseSize));

        // One mch per machine: the link is added once.
        if (machine is not null)
        {
            machine.AddProperty(QomLinkProperty.CreateReadOnly("smram", MemoryRegion.QomTypeName, _ => smram));
        }
    }
}
