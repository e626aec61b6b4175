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
        var ram = machine?.Ram ?? system;
        var host = Parent as Q35PciHost;
        for (int i = 0; i < PamCount; i++)
        {
            ulong start = i == 0 ? 0xf0000UL : 0xc0000UL + ((ulong)(i - 1) * 0x4000);
            ulong size = i == 0 ? 0x10000UL : 0x4000UL;
            var ramAlias = MemoryRegion.CreateAlias(this, "pam-ram", ram, start, size);
            var romAlias = MemoryRegion.CreateAlias(this, "pam-rom", ram, start, size);
            var writeAlias = MemoryRegion.CreateAlias(this, "pam-pci", ram, start, size);
            var pciAlias = MemoryRegion.CreateAlias(this, "pam-pci", pci, start, size);

            // Mapped in the order of the attribute they stand for (0: PCI, 1: read-only, 2:
            // write-only, 3: RAM); at reset the attribute is 0, so only the PCI one is enabled.
            foreach (var alias in (MemoryRegion[])[pciAlias, romAlias, writeAlias, ramAlias])
            {
                alias.SetEnabled(ReferenceEquals(alias, pciAlias));
                system.AddSubregion(start, alias, 1);
            }
        }

        if (host is not { SmmRanges: true })
        {
            return;
        }

        ulong tseg = host.BelowFourGMemSize;
        // At reset SMRAM is closed: the legacy window shows the PCI space, the RAM views and the
        // black holes are disabled (the guest's SMRAM, ESMRAMC and SMBASE writes do not move them here).
        system.AddSubregion(SmramBase, MemoryRegion.CreateAlias(this, "smram-region", pci, SmramBase, SmramSize), 1);
        system.AddSubregion(SmramHighBase, Disabled(MemoryRegion.CreateAlias(this, "smram-open-high", ram, SmramBase, SmramSize)), 1);
        var smram = MemoryRegion.Create(this, "smram", 1UL << 32);
        smram.AddSubregion(SmramBase, Disabled(MemoryRegion.CreateAlias(this, "smram-low", ram, SmramBase, SmramSize)));
        smram.AddSubregion(SmramHighBase, Disabled(MemoryRegion.CreateAlias(this, "smram-high", ram, SmramBase, SmramSize)));
        system.AddSubregion(tseg, Disabled(MemoryRegion.Create(this, "tseg-blackhole", 0)), 1);
        smram.AddSubregion(tseg, Disabled(MemoryRegion.CreateAlias(this, "tseg-window", ram, tseg, 0)));
        // Made whatever smbase-smram says: it only decides whether the guest may enable them.
        system.AddSubregion(SmbaseAddress, Disabled(MemoryRegion.Create(this, "smbase-blackhole", SmbaseSize)), 1);
        smram.AddSubregion(SmbaseAddress, Disabled(MemoryRegion.CreateAlias(this, "smbase-window", ram, SmbaseAddress, SmbaseSize)));

        // One mch per machine: the link is added once.
        if (machine is not null)
        {
            machine.AddProperty(QomLinkProperty.CreateReadOnly("smram", MemoryRegion.QomTypeName, _ => smram));
        }
    }

    private static MemoryRegion Disabled(MemoryRegion region)
    {
        region.SetEnabled(false);
        return region;
    }
}
