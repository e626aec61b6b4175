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
/// Config space, BARs, interrupts and quirks are not modelled.
/// </summary>
[QomType("vfio-pci")]
public partial class VfioPci : PciDevice, IPciExpressDevice, IConventionalPciDevice
{
    /// <summary>The <c>host</c> property: the host function's address, if given.</summary>
    public PciHostAddress? HostAddress { get; internal set; }

    /// <summary>QEMU's <c>sysfsdev</c>: the host device's sysfs directory (takes precedence over <c>host</c>).</summary>
    [QomProperty("sysfsdev")]
    public partial string? SysfsDev { get; set; }

    /// <summary>QEMU's <c>iommufd</c> link (M-9.1): the backend object; absent selects the legacy container.</summary>
    [QomLink("iommufd")]
    public partial IommufdBackend? Iommufd { get; set; }

    /// <summary>The opened VFIO device, from a successful attach until finalize.</summary>
    public VfioDevice? VfioDevice { get; private set; }

    [QomClassInit]
    private static void InitVfioPciClass(DeviceClass klass)
    {
        klass.Description = "VFIO-based PCI device assignment";
        klass.Categories = DeviceCategories.Misc;
        klass.AddProperty(new PciHostAddressProperty());
    }

    /// <inheritdoc/>
    protected override void RealizeFunction()
    {
        string sysfsPath = SysfsDev ?? (HostAddress is { } address
            ? $"/sys/bus/pci/devices/{address}"
            : throw new QomException("No provided host device", hint: "Use -device vfio-pci,host=DDDD:BB:DD.F or -device vfio-pci,sysfsdev=PATH_TO_DEVICE\n"));
        VfioDevice device = VfioDevice.Open(Context, HostSelection.Get(Context), sysfsPath, Iommufd);
        string prefix = $"vfio {device.Name}: ";

        // The vIOMMU's address space for this function, or the system memory without one.
        object addressSpace = GetIommuAddressSpace() ?? Context.Qdev.SystemMemory;
        try
        {
            device.Attach(addressSpace);
        }
        catch (QomException error)
        {
            throw error.WithPrefix(prefix);
        }

        // Kept from here on: finalize detaches, even when realize fails below.
        VfioDevice = device;
        if (!SetIommuDevice(device.HostIommuDevice!, out string? refusal))
        {
            throw new QomException(prefix + "Failed to set iommu_device: " + refusal);
        }
    }

    /// <inheritdoc/>
    protected override void ExitFunction() => UnsetIommuDevice();

    [QomInstanceFinalize]
    private void FinalizeVfioPci()
    {
        VfioDevice?.Detach();
        VfioDevice = null;
    }
}
