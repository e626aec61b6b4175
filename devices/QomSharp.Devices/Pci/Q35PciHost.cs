using QomSharp.Devices.Machines;
using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

/// <summary>
/// QEMU's <c>q35-pcihost</c>: the q35 host bridge at <c>/machine/q35</c>. It owns the memory
/// controller function <c>mch</c> (00.0) and creates the root bus <c>pcie.0</c> at realize. The
/// board sets the RAM split and SMM from the machine's options before realize; the PCI holes are
/// read from them as QEMU 10.0 computes them. The root bus has no hot-plug handler: q35 refuses
/// hot-plug there.
/// </summary>
[QomType("q35-pcihost")]
public sealed partial class Q35PciHost : PcieHostBridge
{
    /// <summary>The name QEMU gives the q35 root bus.</summary>
    public const string RootBusName = "pcie.0";

    /// <summary>Where MMCONFIG sits by default (QEMU's <c>MCH_HOST_BRIDGE_PCIEXBAR_DEFAULT</c>).</summary>
    public const ulong DefaultMcfgBase = 0xb000_0000;

    /// <summary>QEMU's <c>PCIE_BASE_ADDR_UNMAPPED</c>: what <c>MCFG</c> reads while MMCONFIG is off.</summary>
    public const ulong McfgUnmapped = ulong.MaxValue;

    // A link to a memory space the board gives the host (QEMU's PCI_HOST_PROP_*_MEM).
    private static QomLinkProperty MemorySpaceLink(string name) =>
        QomLinkProperty.CreateInstanceLink(name, Memory.MemoryRegion.QomTypeName, AllowSetLinkBeforeRealize, strong: false);

    /// <summary>The PC's PCI configuration address port (QEMU's <c>MCH_HOST_BRIDGE_CONFIG_ADDR</c>); the data port follows at +4.</summary>
    public const ulong ConfigAddressPort = 0xcf8;

    // The 32-bit PCI hole ends below the I/O APIC (IO_APIC_DEFAULT_ADDRESS); before reset it starts
    // above the largest MMCONFIG window (PCIEXBAR default + 256 MiB).
    private const uint PciHoleEnd = 0xfec0_0000;
    private const uint InitialPciHoleStart = 0xc000_0000;

    /// <summary>The memory controller hub function.</summary>
    public Mch Mch { get; private set; } = null!;

    /// <summary>QEMU's <c>MCFG</c>: the MMCONFIG base; it reads unmapped once the MCH has been reset.</summary>
    [QomProperty("MCFG", Default = DefaultMcfgBase)]
    public partial ulong McfgBase { get; set; }

    /// <summary>QEMU's <c>pci-hole64-size</c>: the size of the 64-bit PCI window (32 GiB).</summary>
    [QomProperty("pci-hole64-size", Default = 1UL << 35, Size = true)]
    public partial ulong PciHole64Size { get; set; }

    /// <summary>RAM below 4 GiB, set by the board from <c>-m</c>.</summary>
    [QomProperty("below-4g-mem-size", Default = 0UL, Size = true)]
    public partial ulong BelowFourGMemSize { get; set; }

    /// <summary>RAM above 4 GiB, set by the board from <c>-m</c>.</summary>
    [QomProperty("above-4g-mem-size", Default = 0UL, Size = true)]
    public partial ulong AboveFourGMemSize { get; set; }

    /// <summary>Whether the MCH offers the SMRAM ranges (the board sets it from the machine's <c>smm</c>).</summary>
    [QomProperty("smm-ranges", Default = true)]
    public partial bool SmmRanges { get; set; }

    /// <summary>Compat knob (off before 2.11): report the 64-bit window from the board's layout when no BAR is mapped.</summary>
    [QomProperty("x-pci-hole64-fix", Default = true)]
    public partial bool PciHole64Fix { get; set; }

    /// <summary>The MMCONFIG window's size (0 while unmapped).</summary>
    public ulong McfgSize { get; private set; }

    [QomClassInit]
    private static void InitQ35PciHostClass(DeviceClass klass)
    {
        klass.UserCreatable = false;
        klass.OrderOwnProperties("MCFG", "pci-hole64-size", "below-4g-mem-size", "above-4g-mem-size", "smm-ranges", "x-pci-hole64-fix");
        klass.SetPropertyIterationOrder("above-4g-mem-size", "MCFG", "x-pci-hole64-fix", "below-4g-mem-size", "smm-ranges", "pci-hole64-size");
    }

    // The computed properties and the mch child, added in the order QEMU 10.0 iterates them.
    [QomInstanceInit]
    private void CreateMch()
    {
        // QEMU's q35_host_initfn: the configuration address and data ports, mapped at realize, and
        // the links to the memory spaces the board sets before realizing the host.
        CreateConfigPortRegions();
        AddProperty(MemorySpaceLink("ram-mem"));
        AddProperty(MemorySpaceLink("pci-mem"));
        AddProperty(MemorySpaceLink("system-mem"));
        AddProperty(MemorySpaceLink("io-mem"));

        AddProperty(new QomIntegerProperty<ulong>("pci-hole64-start", static o => ((Q35PciHost)o).PciHole64Start, null));
        AddProperty(new QomIntegerProperty<uint>("pci-hole-end", static o => ((Q35PciHost)o).PciHole.End, null));
        Mch = (Mch)Context.New(Mch.QomTypeName);
        AddChild("mch", Mch);
        Mch.Unref();
        AddProperty(new QomIntegerProperty<uint>("pci-hole-start", static o => ((Q35PciHost)o).PciHole.Start, null));
        AddProperty(new QomIntegerProperty<ulong>("pci-hole64-end", static o => ((Q35PciHost)o).PciHole64End, null));
        AddProperty(new QomIntegerProperty<ulong>("mcfg_size", static o => ((Q35PciHost)o).McfgSize, null));
    }

    /// <summary>
    /// The 32-bit PCI hole: after reset, with MMCONFIG off, from the end of low RAM to the I/O APIC;
    /// before, above the largest MMCONFIG window.
    /// </summary>
    public (uint Start, uint End) PciHole => (IsRealized ? (uint)BelowFourGMemSize : InitialPciHoleStart, PciHoleEnd);

    /// <summary>
    /// Where the 64-bit PCI window starts: no 64-bit BAR is mapped before the guest runs, so with
    /// <c>x-pci-hole64-fix</c> the board's layout gives it, else it reads 0.
    /// </summary>
    public ulong PciHole64Start => PciHole64Fix && Context.ResolvePath("/machine") is PcMachine { MemoryLayout: { } layout } ? layout.PciHole64Start : 0;

    /// <summary>Where the 64-bit PCI window ends: its start plus <c>pci-hole64-size</c>, rounded up to 1 GiB.</summary>
    public ulong PciHole64End => PciHole64Fix ? PcMemoryLayout.RoundUpToGiB(PciHole64Start + PciHole64Size) : 0;

    /// <inheritdoc/>
    protected override void Realize()
    {
        RootBus = (PciBus)Qdev.Bus.Create(Context, PcieBus.QomTypeName, this, RootBusName);
        Mch.RealizeOn(RootBus);
        base.Realize();

        // The MCH comes out of reset with PCIEXBAR disabled: MMCONFIG is unmapped.
        McfgBase = McfgUnmapped;
        McfgSize = 0;
        MapConfigPorts();
    }
}
