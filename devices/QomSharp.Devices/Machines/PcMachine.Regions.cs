using QomSharp.Devices.I386;
using QomSharp.Devices.Nvram;
using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.Machines;

public abstract partial class PcMachine
{
    // The default BIOS image's size (QEMU's bios-256k.bin), the most of it shadowed below 1 MiB,
    // the unit a BIOS image's size is a multiple of, and the option ROM area (QEMU's
    // PC_ROM_MIN_VGA .. PC_ROM_MAX).
    private const ulong DefaultBiosSize = 0x40000;
    private const ulong MaxIsaBiosSize = 0x20000;
    private const int BiosSizeUnit = 0x10000;
    private const ulong OptionRomBase = 0xc0000;
    private const ulong OptionRomSize = 0x20000;

    /// <summary>The PCI memory space (<c>/machine/unattached/pci[0]</c>), mapped under the RAM at priority -1.</summary>
    public MemoryRegion? PciMemory { get; private set; }

    /// <summary>The 24 GSI lines into the I/O APIC (QEMU's <c>x86ms->gsi</c>), once the board has them.</summary>
    public Irq[] GsiLines { get; private set; } = [];

    /// <summary>The line from the i8259 to the CPU (QEMU's <c>x86_allocate_cpu_irq</c>), when the machine has a PIC.</summary>
    public Irq? CpuIrqLine { get; private set; }

    /// <summary>The two A20 gate lines of the i8042 and port 92 (QEMU's <c>a20_line</c>), when the machine has an i8042.</summary>
    public Irq[] A20Lines { get; private set; } = [];

    /// <summary>The firmware configuration device at <c>/machine/fw_cfg</c>, once created.</summary>
    public FwCfgIo? FwCfg { get; private set; }

    /// <summary>
    /// QEMU's <c>pc_q35_init</c> up to the host bridge, for the regions: the PCI space, then
    /// <c>pc_memory_init</c> (the RAM below and above 4 GiB, the BIOS and its ISA shadow, the option
    /// ROM area) and the fw_cfg device.
    /// </summary>
    protected void CreateMemoryRegions(PcMemoryLayout layout)
    {
        System.ArgumentNullException.ThrowIfNull(layout);
        var unattached = GetChild("unattached")!;
        var system = Context.Qdev.SystemMemory.Root!;
        var pci = MemoryRegion.CreateContainer(unattached, "pci", ulong.MaxValue);
        PciMemory = pci;
        system.AddSubregion(0, pci, -1);

        // The RAM is the backend's region, shown below and above 4 GiB through aliases.
        var ram = Ram ?? throw new System.InvalidOperationException("the machine has no RAM backend");
        var below = MemoryRegion.CreateAlias(unattached, "ram-below-4g", ram, 0, layout.BelowFourG);
        system.AddSubregion(0, below);
        MapRamForAccess(0, below, ram);
        if (layout.AboveFourG > 0)
        {
            var above = MemoryRegion.CreateAlias(unattached, "ram-above-4g", ram, layout.BelowFourG, layout.AboveFourG);
            system.AddSubregion(PcMemoryLayout.AboveFourGStart, above);
            MapRamForAccess(PcMemoryLayout.AboveFourGStart, above, ram);
        }

        ulong biosSize = FirmwareSize();
        ulong isaBiosSize = System.Math.Min(biosSize, MaxIsaBiosSize);
        var bios = MemoryRegion.Create(unattached, "pc.bios", biosSize);
        bios.Kind = MemoryRegionKind.Rom;
        pci.AddSubregion((1UL << 32) - biosSize, bios);
        Context.Qdev.FirmwareAddress = (1UL << 32) - biosSize;
        pci.AddSubregion(0x100000 - isaBiosSize, MemoryRegion.CreateAlias(unattached, "isa-bios", bios, biosSize - isaBiosSize, isaBiosSize), 1);
        var optionRom = MemoryRegion.Create(unattached, "pc.rom", OptionRomSize);
        optionRom.Kind = MemoryRegionKind.Rom;
        pci.AddSubregion(OptionRomBase, optionRom, 1);

        var fwCfg = (FwCfgIo)Context.New(FwCfgIo.QomTypeName);
        AddChild("fw_cfg", fwCfg);
        fwCfg.Unref();
        fwCfg.RealizeOn(MainSystemBus);
        FwCfg = fwCfg;
        CheckKernelFile();
        if (Options.Get("acpi", OnOffAuto.Auto) != OnOffAuto.Off)
        {
            Context.Qdev.MachineInitDone += AddAcpiBlobs;
        }
    }

    // The RAM answers qtest and device (DMA) accesses through its aliases; below 1 MiB, the
    // window 0xa0000-0xfffff goes to the PCI space after reset (SMRAM closed, PAM off).
    private void MapRamForAccess(ulong address, MemoryRegion alias, MemoryRegion ram)
    {
        if (ram.Ops is Hostmem.GuestRam bytes && alias.Size > 0)
        {
            bytes.Hole = (LowRamHoleStart, LowRamHoleEnd);
            Context.Qdev.SystemMemory.MapForAccess(address, alias);
        }
    }

    private const ulong LowRamHoleStart = 0xa0000;
    private const ulong LowRamHoleEnd = 0x100000;

    // QEMU's x86_bios_rom_init: the firmware the user named (firmware=, -bios) is looked up as
    // given, then in the data directories (-L); its size, which QEMU holds in an int, must be a
    // non-zero multiple of 64 KiB and becomes pc.bios's. The machine type's own firmware is taken
    // as present with its size: no firmware ships with this model.
    private ulong FirmwareSize()
    {
        if (Options.Get<string?>("firmware", null) is not { } name)
        {
            return DefaultBiosSize;
        }

        long length = -1;
        if (Pci.FirmwareDirectories.Find(Context, name) is { } file)
        {
            try
            {
                var info = new System.IO.FileInfo(file);
                length = info.Exists ? info.Length : -1;
            }
            catch (System.Exception failure) when (failure is System.IO.IOException or System.UnauthorizedAccessException)
            {
                length = -1;
            }
        }

        int size = unchecked((int)length);
        return size > 0 && size % BiosSizeUnit == 0 ? (ulong)size : throw new QomException($"could not load PC BIOS '{name}'");
    }

    // QEMU's x86_load_linux opens the kernel file after the firmware and fw_cfg are set up; the
    // kernel's contents are not read here, so only a missing file is refused as QEMU refuses it.
    private void CheckKernelFile()
    {
        if (Options.Get<string?>("kernel", null) is { } kernel && !System.IO.File.Exists(kernel) && !System.IO.Directory.Exists(kernel))
        {
            throw new QomException($"could not open kernel file '{kernel}': No such file or directory");
        }
    }

    /// <summary>
    /// The board's interrupt lines, under <c>/machine/unattached</c> as <c>non-qdev-gpio[N]</c> (QEMU
    /// parents such a line there when it connects it to a device): the 24 GSIs, the PIC's line to
    /// the CPU (unless <c>pic=off</c>) and the two A20 lines (unless <c>i8042=off</c>).
    /// </summary>
    protected void CreateBoardLines()
    {
        var unattached = GetChild("unattached")!;
        var gsi = new Irq[IoapicCommon.PinCount];
        for (int i = 0; i < gsi.Length; i++)
        {
            gsi[i] = Irq.Create(unattached, "non-qdev-gpio[*]", i, RouteGsi);
        }

        GsiLines = gsi;
        Context.Qdev.ResetDevices += () => SystemReset.ResetTree(MainSystemBus);
        if (Options.Get("pic", OnOffAuto.Auto) != OnOffAuto.Off)
        {
            CpuIrqLine = Irq.Create(unattached, "non-qdev-gpio[*]", 0);
        }

        if (Options.Get("i8042", true))
        {
            A20Lines = [Irq.Create(unattached, "non-qdev-gpio[*]", 0), Irq.Create(unattached, "non-qdev-gpio[*]", 1)];
        }
    }

    /// <summary>
    /// QEMU's <c>ioapic_init_gsi</c>: the I/O APIC as the host bridge's child <c>ioapic</c>, realized on
    /// the main system bus with its window at 0xfec00000; then <c>pc_basic_device_init</c>'s dummy
    /// ports 0x80 and 0xf0.
    /// </summary>
    protected void CreateIoapic(QomObject parent)
    {
        System.ArgumentNullException.ThrowIfNull(parent);
        var ioapic = (Ioapic)Context.New(Ioapic.QomTypeName);
        parent.AddChild("ioapic", ioapic);
        ioapic.Unref();
        ioapic.RealizeOn(MainSystemBus);
        ioapic.MapMmio(0, IoapicCommon.DefaultAddress);
        IoapicPins = ioapic.Pins;
        ioapic.ReadPicVector = ReadPicVector;

        var unattached = GetChild("unattached")!;
        var io = Context.Qdev.IoSpace.Root!;
        io.AddSubregion(0x80, MemoryRegion.Create(unattached, "ioport80", 1));
        io.AddSubregion(0xf0, MemoryRegion.Create(unattached, "ioportF0", 1));
    }

    // QEMU's acpi_setup at machine-init-done: the ACPI blobs fw_cfg serves.
    private void AddAcpiBlobs()
    {
        Context.Qdev.MachineInitDone -= AddAcpiBlobs;
        FwCfg?.AddAcpiBlobs();
    }
}
