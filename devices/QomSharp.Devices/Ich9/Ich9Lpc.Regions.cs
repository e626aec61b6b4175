using QomSharp.Memory;

namespace QomSharp.Devices.Ich9;

public sealed partial class Ich9Lpc
{
    // ICH9's PM I/O block (QEMU's ICH9_PMIO_*) and the fixed ports QEMU's LPC claims.
    private const ulong PmIoSize = 0x80;
    private const ulong ApmControlPort = 0xb2;
    private const ulong PciHotplugPort = 0xcc0;
    private const ulong PciHotplugSize = 0x18;
    private const string PciHotplugIoBase = "acpi-pcihp-io-base";
    private const string PciHotplugIoLength = "acpi-pcihp-io-len";
    private const ulong CpuHotplugPort = 0xcd8;
    private const ulong CpuHotplugSize = 0x20;
    private const ulong ResetControlAddress = 0xcf9;
    private const int RootComplexRegisterBlockSize = 0x4000;

    /// <inheritdoc/>
    /// <remarks>
    /// QEMU's <c>ich9_lpc_realize</c> and <c>ich9_pm_init</c>: the root complex register block (not
    /// mapped until RCBA enables it), the PM block (at I/O 0 and disabled until PMBASE and ACPI_EN
    /// place it) with its timer, PM1 event/control, GPE0, SMI and TCO registers, the APM port, the ACPI PCI and CPU
    /// hot-plug ports and the reset control port.
    /// </remarks>
    protected override void CreateRegions()
    {
        base.CreateRegions();
        var io = Context.Qdev.IoSpace.Root;
        rootComplexBlock = MemoryRegion.Create(this, "lpc-rcrb-mmio", RootComplexRegisterBlockSize, new RootComplexRegisters(this));
        var pm = MemoryRegion.Create(this, "ich9-pm", PmIoSize, new PmBlockDispatch(this));
        pm.IsContainer = true;
        io?.AddSubregion(PmIoBase, pm);
        pm.SetEnabled(false);
        pmBlock = pm;
        pm.AddSubregion(8, MemoryRegion.Create(this, "acpi-tmr", 4));
        pm.AddSubregion(0, MemoryRegion.Create(this, "acpi-evt", 4));
        pm.AddSubregion(4, MemoryRegion.Create(this, "acpi-cnt", 2));
        pm.AddSubregion(Gpe0BlockOffset, MemoryRegion.Create(this, "acpi-gpe0", 16));
        pm.AddSubregion(0x30, MemoryRegion.Create(this, "acpi-smi", 8));
        if (enableTco)
        {
            pm.AddSubregion(0x60, MemoryRegion.Create(this, "sm-tco", 0x20));
        }

        MapPort(ApmControlPort, MemoryRegion.Create(this, "apm-io", 2, new ApmPorts(this)));
        if (acpiPciHotplugWithBridgeSupport)
        {
            MapPort(PciHotplugPort, MemoryRegion.Create(this, "acpi-pci-hotplug", PciHotplugSize, CreatePciHotplugOps()));
        }

        MapCpuHotplugRegion();
        // Over the configuration address port 0xcf8-0xcfb at a higher priority; a dword access at
        // 0xcf8 still goes whole to that port.
        MapPort(ResetControlAddress, MemoryRegion.Create(this, "lpc-reset-control", 1, new ResetControlPort(this)), 1);
    }

    // Mapped where qtest's in/out reach the region's operations.
    private void MapPort(ulong port, MemoryRegion region, int priority = 0) => Context.Qdev.IoSpace.Map(port, region, priority);
}
