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
            romAlias.ReadOnly = true;
            var writeAlias = MemoryRegion.CreateAlias(this, "pam-pci", ram, start, size);
            var pciAlias = MemoryRegion.CreateAlias(this, "pam-pci", pci, start, size);

            // Mapped in the order of the attribute they stand for (0: PCI, 1: read-only, 2:
            // write-only, 3: RAM); at reset the attribute is 0, so only the PCI one is enabled.
            pamAliases[i] = [pciAlias, romAlias, writeAlias, ramAlias];
            foreach (var alias in pamAliases[i])
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
        // black holes are disabled (UpdateSmramRegions follows the guest's writes).
        var smramRegion = MemoryRegion.CreateAlias(this, "smram-region", pci, SmramBase, SmramSize);
        system.AddSubregion(SmramBase, smramRegion, 1);
        var openHigh = Disabled(MemoryRegion.CreateAlias(this, "smram-open-high", ram, SmramBase, SmramSize));
        system.AddSubregion(SmramHighBase, openHigh, 1);
        var smram = MemoryRegion.CreateContainer(this, "smram", 1UL << 32);
        var low = Disabled(MemoryRegion.CreateAlias(this, "smram-low", ram, SmramBase, SmramSize));
        smram.AddSubregion(SmramBase, low);
        var high = Disabled(MemoryRegion.CreateAlias(this, "smram-high", ram, SmramBase, SmramSize));
        smram.AddSubregion(SmramHighBase, high);
        var tsegBlackhole = Disabled(MemoryRegion.Create(this, "tseg-blackhole", 0));
        system.AddSubregion(tseg, tsegBlackhole, 1);
        var tsegWindow = Disabled(MemoryRegion.CreateAlias(this, "tseg-window", ram, tseg, 0));
        smram.AddSubregion(tseg, tsegWindow);
        // Made whatever smbase-smram says: it only decides whether the guest may enable them.
        var smbaseBlackhole = Disabled(MemoryRegion.Create(this, "smbase-blackhole", SmbaseSize));
        system.AddSubregion(SmbaseAddress, smbaseBlackhole, 1);
        var smbaseWindow = Disabled(MemoryRegion.CreateAlias(this, "smbase-window", ram, SmbaseAddress, SmbaseSize));
        smram.AddSubregion(SmbaseAddress, smbaseWindow);
        smramRegions = new SmramRegions(smramRegion, openHigh, low, high, tsegBlackhole, tsegWindow, smbaseBlackhole, smbaseWindow);

        // One mch per machine: the link is added once.
        if (machine is not null)
        {
            machine.AddProperty(QomLinkProperty.CreateReadOnly("smram", MemoryRegion.QomTypeName, _ => smram));
        }
    }

    // The four aliases of each PAM segment, by the attribute that enables them.
    private readonly MemoryRegion[][] pamAliases = new MemoryRegion[PamCount][];

    private SmramRegions? smramRegions;

    private sealed record SmramRegions(MemoryRegion Region, MemoryRegion OpenHigh, MemoryRegion Low, MemoryRegion High,
                                       MemoryRegion TsegBlackhole, MemoryRegion TsegWindow, MemoryRegion SmbaseBlackhole, MemoryRegion SmbaseWindow);

    // QEMU's mch_update_pam: segment i takes its two attribute bits from PAM0 + ceil(i / 2), the
    // high nibble for even i, the low one for odd; only the alias of that attribute is enabled.
    private void UpdatePamRegions(byte[] config)
    {
        for (int i = 0; i < PamCount; i++)
        {
            if (pamAliases[i] is not { } aliases)
            {
                return;
            }

            int attribute = (config[PamRegister + ((i + 1) / 2)] >> ((i & 1) == 0 ? 4 : 0)) & 3;
            for (int a = 0; a < aliases.Length; a++)
            {
                aliases[a].SetEnabled(a == attribute);
            }
        }
    }

    // QEMU's mch_update_smram: the legacy window and the high alias follow D_OPEN and H_SMRAME,
    // the SMM address space's views G_SMRAME and H_SMRAME, and TSEG (below the 4 GiB RAM's top)
    // ESMRAMC's enable and size; then mch_update_smbase_smram: SMRAM at SMBASE once locked.
    private void UpdateSmramRegions(byte[] config)
    {
        if (smramRegions is not { } r || Parent is not Q35PciHost host)
        {
            return;
        }

        byte smram = config[Smram];
        byte esmramc = config[Esmramc];
        bool highSmram = (esmramc & EsmramcHighSmram) != 0;
        bool open = (smram & SmramOpen) != 0;
        r.Region.SetEnabled(!open || highSmram);
        r.OpenHigh.SetEnabled(open && highSmram);
        bool global = (smram & SmramGlobalEnable) != 0;
        r.Low.SetEnabled(global && !highSmram);
        r.High.SetEnabled(global && highSmram);

        ulong tsegSize = 0;
        if (global && (esmramc & EsmramcTsegEnable) != 0)
        {
            tsegSize = ((esmramc >> 1) & 3) switch
            {
                0 => 1UL << 20,
                1 => 2UL << 20,
                2 => 8UL << 20,
                _ => (ulong)ExtendedTsegMbytes << 20,
            };
        }

        ulong tseg = host.BelowFourGMemSize - tsegSize;
        var system = r.TsegBlackhole.Container;
        system?.DeleteSubregion(r.TsegBlackhole);
        r.TsegBlackhole.SetEnabled(tsegSize != 0);
        r.TsegBlackhole.SetSize(tsegSize);
        system?.AddSubregion(tseg, r.TsegBlackhole, 1);
        r.TsegWindow.SetEnabled(tsegSize != 0);
        r.TsegWindow.SetSize(tsegSize);
        r.TsegWindow.SetAddress(tseg);
        r.TsegWindow.SetAliasOffset(tseg);

        bool locked = SmbaseSmram && (config[SmBase] & SmBaseLock) != 0;
        r.SmbaseBlackhole.SetEnabled(locked);
        r.SmbaseWindow.SetEnabled(locked);
    }

    private static MemoryRegion Disabled(MemoryRegion region)
    {
        region.SetEnabled(false);
        return region;
    }
}
