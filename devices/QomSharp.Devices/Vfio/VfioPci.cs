using QomSharp.Devices.Backends;
using QomSharp.Devices.Host;
using QomSharp.Devices.Pci;
using QomSharp.Qdev;

namespace QomSharp.Devices.Vfio;

/// <summary>
/// QEMU's <c>vfio-pci</c> (baseline M-9.1, the parts of hw/vfio/pci.c this series touches): a host PCI
/// function assigned to the guest. Realize opens the host device (<c>host</c> or <c>sysfsdev</c>),
/// attaches it through the legacy or the iommufd backend (which creates and realizes its host IOMMU
/// device), then hands that to the vIOMMU with <c>pci_device_set_iommu_device</c>. Unrealize takes it
/// back; the VFIO detach (which drops the host IOMMU device) runs when the object is finalized.
/// The guest-visible identity and BARs come from the host model (see <see cref="GuestIds"/>);
/// config-space accesses, interrupts and quirks are not modelled.
/// </summary>
[QomType("vfio-pci")]
public partial class VfioPci : PciDevice, IPciExpressDevice, IConventionalPciDevice
{
    /// <summary>The <c>host</c> property: the host function's address, if given.</summary>
    public PciHostAddress? HostAddress { get; internal set; }

    /// <summary>QEMU's <c>iommufd</c> link: the backend object; absent selects the legacy container.</summary>
    [QomLink("iommufd", Description = "Set host IOMMUFD backend device")]
    public partial IommufdBackend? Iommufd { get; set; }

    /// <summary>QEMU's <c>x-balloon-allowed</c>: Override allowing ballooning with device (DEBUG, DANGER).</summary>
    [QomProperty("x-balloon-allowed", Default = false, Description = "Override allowing ballooning with device (DEBUG, DANGER)")]
    public partial bool BalloonAllowed { get; set; }

    /// <summary>QEMU's <c>x-no-geforce-quirks</c>: Disable GeForce quirks (for NVIDIA Quadro/GRID/Tesla). Improves performance.</summary>
    [QomProperty("x-no-geforce-quirks", Default = false, Description = "Disable GeForce quirks (for NVIDIA Quadro/GRID/Tesla). Improves performance")]
    public partial bool NoGeforceQuirks { get; set; }

    /// <summary>QEMU's <c>x-igd-legacy-mode</c>.</summary>
    [QomProperty("x-igd-legacy-mode", Default = OnOffAuto.Auto, Description = "on/off/auto")]
    public partial OnOffAuto IgdLegacyMode { get; set; }

    /// <summary>QEMU's <c>x-no-kvm-msix</c>: Disable direct VFIO-&gt;KVM MSIx injection. Allows to trace MSIx interrupts (DEBUG).</summary>
    [QomProperty("x-no-kvm-msix", Default = false, Description = "Disable direct VFIO->KVM MSIx injection. Allows to trace MSIx interrupts (DEBUG)")]
    public partial bool NoKvmMsix { get; set; }

    /// <summary>QEMU's <c>x-igd-opregion</c>: Expose host IGD OpRegion to guest.</summary>
    [QomProperty("x-igd-opregion", Default = false, Description = "Expose host IGD OpRegion to guest")]
    public partial bool IgdOpRegion { get; set; }

    /// <summary>QEMU's <c>x-vga</c>: Expose VGA address spaces for device.</summary>
    [QomProperty("x-vga", Default = false, Description = "Expose VGA address spaces for device")]
    public partial bool Vga { get; set; }

    /// <summary>QEMU's <c>yres</c>: Set Y display resolution the vGPU should use.</summary>
    [QomProperty("yres", Default = 0U, Description = "Set Y display resolution the vGPU should use")]
    public partial uint DisplayYres { get; set; }

    /// <summary>QEMU's <c>x-igd-lpc</c>.</summary>
    [QomProperty("x-igd-lpc", Default = false)]
    public partial bool IgdLpc { get; set; }

    /// <summary>QEMU's <c>sysfsdev</c>: Host sysfs path of assigned device.</summary>
    [QomProperty("sysfsdev", Description = "Host sysfs path of assigned device")]
    public partial string? SysfsDev { get; set; }

    /// <summary>QEMU's <c>x-igd-gms</c>: Override IGD data stolen memory size (32MiB units).</summary>
    [QomProperty("x-igd-gms", Default = 0U, Description = "Override IGD data stolen memory size (32MiB units)")]
    public partial uint IgdGms { get; set; }

    /// <summary>QEMU's <c>x-intx-mmap-timeout-ms</c>: When EOI is not provided by KVM/QEMU, wait time (milliseconds) to re-enable device direct access after INTx (DEBUG).</summary>
    [QomProperty("x-intx-mmap-timeout-ms", Default = 1100U, Description = "When EOI is not provided by KVM/QEMU, wait time (milliseconds) to re-enable device direct access after INTx (DEBUG)")]
    public partial uint IntxMmapTimeoutMs { get; set; }

    /// <summary>QEMU's <c>x-no-vfio-ioeventfd</c>: Disable linking of KVM ioeventfds to VFIO ioeventfds (DEBUG).</summary>
    [QomProperty("x-no-vfio-ioeventfd", Default = false, Description = "Disable linking of KVM ioeventfds to VFIO ioeventfds (DEBUG)")]
    public partial bool NoVfioIoeventfd { get; set; }

    /// <summary>QEMU's <c>x-migration-multifd-transfer</c>: Transfer this device state via multifd channels when live migrating it.</summary>
    [QomProperty("x-migration-multifd-transfer", Default = OnOffAuto.Auto, Description = "Transfer this device state via multifd channels when live migrating it")]
    public partial OnOffAuto MigrationMultifdTransfer { get; set; }

    /// <summary>QEMU's <c>x-pci-vendor-id</c>: Override PCI Vendor ID with provided value (DEBUG).</summary>
    [QomProperty("x-pci-vendor-id", Default = uint.MaxValue, Description = "Override PCI Vendor ID with provided value (DEBUG)")]
    public partial uint PciVendorId { get; set; }

    /// <summary>QEMU's <c>x-no-kvm-ioeventfd</c>: Disable registration of ioeventfds with KVM (DEBUG).</summary>
    [QomProperty("x-no-kvm-ioeventfd", Default = false, Description = "Disable registration of ioeventfds with KVM (DEBUG)")]
    public partial bool NoKvmIoeventfd { get; set; }

    /// <summary>QEMU's <c>x-req</c>: Disable device request notification support (DEBUG).</summary>
    [QomProperty("x-req", Default = true, Description = "Disable device request notification support (DEBUG)")]
    public partial bool Req { get; set; }

    /// <summary>QEMU's <c>x-msix-relocation</c>: Specify MSI-X MMIO relocation to the end of specified existing BAR or new BAR to avoid virtualization overhead due to adjacent device registers.</summary>
    [QomProperty("x-msix-relocation", Default = OffAutoPciBar.Off, Description = "Specify MSI-X MMIO relocation to the end of specified existing BAR or new BAR to avoid virtualization overhead due to adjacent device registers")]
    public partial OffAutoPciBar MsixRelocation { get; set; }

    /// <summary>QEMU's <c>x-no-mmap</c>: Disable MMAP for device. Allows to trace MMIO accesses (DEBUG).</summary>
    [QomProperty("x-no-mmap", Default = false, Description = "Disable MMAP for device. Allows to trace MMIO accesses (DEBUG)")]
    public partial bool NoMmap { get; set; }

    /// <summary>QEMU's <c>x-pci-sub-vendor-id</c>: Override PCI Subsystem Vendor ID with provided value (DEBUG).</summary>
    [QomProperty("x-pci-sub-vendor-id", Default = uint.MaxValue, Description = "Override PCI Subsystem Vendor ID with provided value (DEBUG)")]
    public partial uint PciSubVendorId { get; set; }

    /// <summary>QEMU's <c>display</c>: Enable display support for device, ex. vGPU.</summary>
    [QomProperty("display", Default = OnOffAuto.Off, Description = "Enable display support for device, ex. vGPU")]
    public partial OnOffAuto Display { get; set; }

    /// <summary>QEMU's <c>xres</c>: Set X display resolution the vGPU should use.</summary>
    [QomProperty("xres", Default = 0U, Description = "Set X display resolution the vGPU should use")]
    public partial uint DisplayXres { get; set; }

    /// <summary>QEMU's <c>x-no-kvm-msi</c>: Disable direct VFIO-&gt;KVM MSI injection. Allows to trace MSI interrupts (DEBUG).</summary>
    [QomProperty("x-no-kvm-msi", Default = false, Description = "Disable direct VFIO->KVM MSI injection. Allows to trace MSI interrupts (DEBUG)")]
    public partial bool NoKvmMsi { get; set; }

    /// <summary>QEMU's <c>x-pci-device-id</c>: Override PCI device ID with provided value (DEBUG).</summary>
    [QomProperty("x-pci-device-id", Default = uint.MaxValue, Description = "Override PCI device ID with provided value (DEBUG)")]
    public partial uint PciDeviceId { get; set; }

    /// <summary>QEMU's <c>skip-vsc-check</c>: Skip config space check for Vendor Specific Capability. Setting to false will enforce strict checking of VSC content (DEBUG).</summary>
    [QomProperty("skip-vsc-check", Default = true, Description = "Skip config space check for Vendor Specific Capability. Setting to false will enforce strict checking of VSC content (DEBUG)")]
    public partial bool SkipVscCheck { get; set; }

    /// <summary>QEMU's <c>enable-migration</c>: Enale device migration. Also requires a host VFIO PCI variant or mdev driver with migration support enabled.</summary>
    [QomProperty("enable-migration", Default = OnOffAuto.Auto, Description = "Enale device migration. Also requires a host VFIO PCI variant or mdev driver with migration support enabled")]
    public partial OnOffAuto EnableMigration { get; set; }

    /// <summary>QEMU's <c>x-pci-sub-device-id</c>: Override PCI Subsystem Device ID with provided value (DEBUG).</summary>
    [QomProperty("x-pci-sub-device-id", Default = uint.MaxValue, Description = "Override PCI Subsystem Device ID with provided value (DEBUG)")]
    public partial uint PciSubDeviceId { get; set; }

    /// <summary>QEMU's <c>x-device-dirty-page-tracking</c>: Disable device dirty page tracking and use container-based dirty page tracking.</summary>
    [QomProperty("x-device-dirty-page-tracking", Default = OnOffAuto.On, Description = "Disable device dirty page tracking and use container-based dirty page tracking")]
    public partial OnOffAuto DeviceDirtyPageTracking { get; set; }

    /// <summary>QEMU's <c>migration-events</c>: Emit VFIO migration QAPI event when a VFIO device changes its migration state. For management applications.</summary>
    [QomProperty("migration-events", Default = false, Description = "Emit VFIO migration QAPI event when a VFIO device changes its migration state. For management applications")]
    public partial bool MigrationEvents { get; set; }

    /// <summary>QEMU's <c>x-no-kvm-intx</c>: Disable direct VFIO-&gt;KVM INTx injection. Allows to trace INTx interrupts (DEBUG).</summary>
    [QomProperty("x-no-kvm-intx", Default = false, Description = "Disable direct VFIO->KVM INTx injection. Allows to trace INTx interrupts (DEBUG)")]
    public partial bool NoKvmIntx { get; set; }

    /// <summary>QEMU's <c>x-pre-copy-dirty-page-tracking</c>: Disable dirty pages tracking during iterative phase (DEBUG).</summary>
    [QomProperty("x-pre-copy-dirty-page-tracking", Default = OnOffAuto.On, Description = "Disable dirty pages tracking during iterative phase (DEBUG)")]
    public partial OnOffAuto PreCopyDirtyPageTracking { get; set; }

    /// <summary>QEMU's <c>vf-token</c>: the VF token shared with the PF's driver (the null UUID when unset).</summary>
    public System.Guid VfToken { get; set; }

    /// <summary>QEMU's <c>x-nv-gpudirect-clique</c>: 0 to 15, or 255 when unset.</summary>
    public byte GpuDirectClique { get; set; } = byte.MaxValue;

    /// <summary>QEMU's write-only <c>fd</c>: a VFIO device descriptor passed in (iommufd backend only); -1 when not given.</summary>
    public int PassedFd { get; private set; } = -1;

    /// <summary>QEMU's <c>bootindex</c> (an instance property): the boot order, -1 for none.</summary>
    public int BootIndex { get; set; } = -1;

    /// <summary>The opened VFIO device, from a successful attach until finalize.</summary>
    public VfioDevice? VfioDevice { get; private set; }

    [QomClassInit]
    private static void InitVfioPciClass(DeviceClass klass)
    {
        klass.Description = "VFIO-based PCI device assignment";
        klass.Categories = DeviceCategories.Misc;
        klass.AddProperty(new PciHostAddressProperty());
        klass.AddProperty(new UuidProperty("vf-token", "Specify UUID VF token. Required for VF when PF is owned by another VFIO driver",
            static o => ((VfioPci)o).VfToken, static (o, v) => ((VfioPci)o).VfToken = v));
        klass.AddProperty(new GpuDirectCliqueProperty());
        klass.AddProperty(new QomStringProperty("fd", null, static (o, v) => ((VfioPci)o).PassedFd = FileDescriptorParameter.Parse(v ?? string.Empty), type: "string"));

        // QEMU's legacy property of the iommufd link: neither readable nor writable.
        klass.AddProperty(new QomStringProperty("legacy-iommufd", null, null));
        klass.OrderOwnProperties("host", "vf-token", "sysfsdev", "x-pre-copy-dirty-page-tracking", "x-device-dirty-page-tracking", "display",
            "xres", "yres", "x-intx-mmap-timeout-ms", "x-vga", "x-req", "x-igd-opregion", "x-igd-lpc", "x-igd-legacy-mode", "enable-migration",
            "x-migration-multifd-transfer", "migration-events", "x-no-mmap", "x-balloon-allowed", "x-no-kvm-intx", "x-no-kvm-msi", "x-no-kvm-msix",
            "x-no-geforce-quirks", "x-no-kvm-ioeventfd", "x-no-vfio-ioeventfd", "x-pci-vendor-id", "x-pci-device-id", "x-pci-sub-vendor-id",
            "x-pci-sub-device-id", "x-igd-gms", "x-nv-gpudirect-clique", "x-msix-relocation", "iommufd", "skip-vsc-check");
        klass.SetPropertyIterationOrder(
            "x-balloon-allowed", "x-no-geforce-quirks", "x-igd-legacy-mode", "host", "iommufd", "x-no-kvm-msix",
            "x-igd-opregion", "x-vga", "yres", "x-igd-lpc", "vf-token", "sysfsdev",
            "legacy-iommufd", "x-igd-gms", "x-intx-mmap-timeout-ms", "x-nv-gpudirect-clique", "x-no-vfio-ioeventfd", "x-migration-multifd-transfer",
            "x-pci-vendor-id", "x-no-kvm-ioeventfd", "x-req", "x-msix-relocation", "x-no-mmap", "x-pci-sub-vendor-id",
            "display", "xres", "x-no-kvm-msi", "x-pci-device-id", "skip-vsc-check", "enable-migration",
            "fd", "x-pci-sub-device-id", "x-device-dirty-page-tracking", "migration-events", "x-no-kvm-intx", "x-pre-copy-dirty-page-tracking");
    }

    [QomInstanceInit]
    private void AddBootIndexProperty() =>
        AddProperty(new QomIntegerProperty<int>("bootindex", static o => ((VfioPci)o).BootIndex, static (o, v) => ((VfioPci)o).BootIndex = v));

    /// <inheritdoc/>
    protected override void RealizeFunction()
    {
        if (PassedFd >= 0)
        {
            RealizePassedDescriptor();
            return;
        }

        string sysfsPath = SysfsDev ?? (HostAddress is { } address
            ? $"/sys/bus/pci/devices/{address}"
            : throw new QomException("No provided host device",
                hint: "Use -device vfio-pci,host=DDDD:BB:DD.F or -device vfio-pci,fd=DEVICE_FD or -device vfio-pci,sysfsdev=PATH_TO_DEVICE\n"));
        // QomSharp's iommufd link on intel-iommu: the vIOMMU's backend serves every device behind it.
        I386.IntelIommu? linkedViommu = GetIommuBusDevfn().IommuBus?.IommuOps is I386.IntelIommu { Iommufd: not null } viommu ? viommu : null;
        VfioDevice device = VfioDevice.Open(Context, HostSelection.Get(Context), sysfsPath, Iommufd ?? linkedViommu?.Iommufd);
        string prefix = $"vfio {device.Name}: ";
        if (linkedViommu?.BackendMismatch(Iommufd) is { } mismatch)
        {
            throw new QomException(prefix + mismatch, hint: $"Give the device iommufd={linkedViommu.Iommufd!.CanonicalPathComponent}, or no iommufd\n");
        }

        // Only an mdev might cope with discarded RAM.
        if (BalloonAllowed && !device.IsMdev)
        {
            throw new QomException(prefix + "x-balloon-allowed only potentially compatible with mdev devices");
        }

        // The vIOMMU's address space for this function, or the system memory without one.
        object addressSpace = GetIommuAddressSpace() ?? Context.Qdev.SystemMemory;
        if (linkedViommu is not null)
        {
            // One IOAS for guest memory, shared by every device behind the linked vIOMMU.
            addressSpace = linkedViommu.GuestMemory;
        }

        device.WantsNestingParent = (GetViommuFlags() & ViommuFlags.WantNestingParent) != 0;
        try
        {
            device.Attach(addressSpace);
        }
        catch (QomException error)
        {
            throw error.WithPrefix(prefix);
        }

        // Kept from here on: finalize detaches, even when realize fails below. An mdev has no host
        // IOMMU device: its DMA goes through its parent's driver, so the vIOMMU is not told.
        VfioDevice = device;
        SetUpConfig(device, prefix);
        if (!device.IsMdev && !SetIommuDevice(device.HostIommuDevice!, out string? refusal))
        {
            throw new QomException(prefix + "Failed to set vIOMMU: " + refusal);
        }

        CheckCapabilities(prefix);
    }

    /// <summary>
    /// <c>fd=N</c>: QEMU names the device <c>VFIO_FDN</c>, requires the iommufd backend, connects
    /// to it and binds the descriptor. QomSharp cannot be handed descriptors (no fd passing), so the
    /// bind fails as the kernel fails it (see <see cref="SimulatedFileDescriptors.BindErrno"/>).
    /// </summary>
    private void RealizePassedDescriptor()
    {
        if (Iommufd is not { } backend)
        {
            throw new QomException("Use FD passing only with iommufd backend");
        }

        string prefix = $"vfio VFIO_FD{PassedFd}: ";
        if (BalloonAllowed)
        {
            throw new QomException(prefix + "x-balloon-allowed only potentially compatible with mdev devices");
        }

        backend.Connect();
        int errno = SimulatedFileDescriptors.BindErrno(Context, PassedFd);
        string message = $"{prefix}error bind device fd={PassedFd} to iommufd={backend.Fd}: {KernelErrorException.StrError(errno)}";
        backend.Disconnect();
        throw new QomException(message);
    }

    /// <inheritdoc/>
    protected override void ExitFunction()
    {
        if (VfioDevice is not { IsMdev: true })
        {
            UnsetIommuDevice();
        }
    }

    [QomInstanceFinalize]
    private void FinalizeVfioPci()
    {
        VfioDevice?.Detach();
        VfioDevice = null;
    }
}
