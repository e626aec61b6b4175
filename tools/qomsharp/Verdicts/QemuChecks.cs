using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace QomSharp.Tool.Verdicts;

/// <summary>
/// The checks QEMU 10.0 runs for a <c>vfio-pci</c> device, in its order, each known by its error
/// text: options and placement, opening the host function, its IOMMU group, the group's address
/// space, node and viability and the device in the group (legacy), or the device's cdev and its
/// bind (iommufd), then the vIOMMU's checks of the host IOMMU device (aw-bits, stage-1, the table)
/// and, once the machine is done, intel-iommu's caching mode.
/// </summary>
internal static partial class QemuChecks
{
    /// <summary>Options, bus and slot: anything that fails before the host function is opened.</summary>
    public static readonly QemuCheck Options = new("options", "realize", "options, bus and slot", null);

    /// <summary>vfio_device_get_name: the host function exists.</summary>
    public static readonly QemuCheck HostDevice = new("host-device", "realize", "host function exists", HostDeviceError());

    /// <summary>vfio_device_get_groupid: the function is in an IOMMU group.</summary>
    public static readonly QemuCheck IommuGroup = new("iommu-group", "realize", "function is in an IOMMU group", IommuGroupError());

    /// <summary>vfio_get_group: a group serves one address space.</summary>
    public static readonly QemuCheck AddressSpace = new("address-space", "realize", "group serves one address space", AddressSpaceError());

    /// <summary>vfio_get_group: the group's /dev/vfio/N exists (a function of the group is on a VFIO driver).</summary>
    public static readonly QemuCheck VfioNode = new("vfio-node", "realize", "group has its /dev/vfio node", VfioNodeError());

    /// <summary>vfio_get_group: every function of the group is bound to a VFIO driver (or none).</summary>
    public static readonly QemuCheck GroupViable = new("group-viable", "realize", "group is viable (no function on a host driver)", GroupViableError());

    /// <summary>vfio_get_device: the function can be taken from its group (it is on vfio-pci).</summary>
    public static readonly QemuCheck DeviceInGroup = new("device-in-group", "realize", "function is bound to vfio-pci", DeviceInGroupError());

    /// <summary>iommufd_cdev_getfd: the function has a VFIO cdev (it is on vfio-pci).</summary>
    public static readonly QemuCheck VfioCdev = new("vfio-cdev", "realize", "function has a VFIO cdev (bound to vfio-pci)", VfioCdevError());

    /// <summary>VFIO_DEVICE_BIND_IOMMUFD: the kernel binds the device (its group is viable).</summary>
    public static readonly QemuCheck IommufdBind = new("iommufd-bind", "realize", "iommufd binds the device (group viable)", IommufdBindError());

    /// <summary>The vIOMMU's address-width check of the host IOMMU device.</summary>
    public static readonly QemuCheck AwBits = new("aw-bits", "realize", "vIOMMU aw-bits within the host's", AwBitsError(), NeedsViommu: true);

    /// <summary>The vIOMMU's stage-1 (x-flts) check of the host IOMMU device.</summary>
    public static readonly QemuCheck Stage1 = new("stage-1", "realize", "host IOMMU suits stage-1 translation", Stage1Error(), NeedsViommu: true);

    /// <summary>Any other refusal of the vIOMMU (e.g. a host IOMMU device already set for that slot).</summary>
    public static readonly QemuCheck Viommu = new("viommu", "realize", "vIOMMU accepts the host IOMMU device", ViommuError(), NeedsViommu: true);

    /// <summary>intel-iommu's machine-done check: assigned devices need caching mode.</summary>
    public static readonly QemuCheck CachingMode = new("caching-mode", "machine-done", "intel-iommu has caching-mode=on", CachingModeError(), NeedsViommu: true);

    /// <summary>The checks of a vfio-pci device on the legacy backend, in QEMU's order.</summary>
    public static readonly IReadOnlyList<QemuCheck> Legacy =
        [Options, HostDevice, IommuGroup, AddressSpace, VfioNode, GroupViable, DeviceInGroup, AwBits, Stage1, Viommu, CachingMode];

    /// <summary>The checks of a vfio-pci device on the iommufd backend, in QEMU's order.</summary>
    public static readonly IReadOnlyList<QemuCheck> Iommufd =
        [Options, HostDevice, VfioCdev, IommufdBind, AwBits, Stage1, Viommu, CachingMode];

    /// <summary>The checks of a device on <paramref name="backend"/> (<c>legacy</c> or <c>iommufd</c>).</summary>
    public static IReadOnlyList<QemuCheck> For(string backend) => backend == "iommufd" ? Iommufd : Legacy;

    /// <summary>The check of <paramref name="checks"/> whose error <paramref name="message"/> is; <see cref="Options"/> when none matches.</summary>
    public static QemuCheck Classify(string message, IReadOnlyList<QemuCheck> checks)
    {
        foreach (QemuCheck check in checks)
        {
            if (check.Error is { } error && error.IsMatch(message))
            {
                return check;
            }
        }

        return Options;
    }

    [GeneratedRegex(@"^vfio .+: no such host device: ")]
    private static partial Regex HostDeviceError();

    [GeneratedRegex(@"^vfio [^ ]+: no iommu_group found")]
    private static partial Regex IommuGroupError();

    [GeneratedRegex(@"^vfio [^ ]+: group (?<group>\d+) used in multiple address spaces")]
    private static partial Regex AddressSpaceError();

    [GeneratedRegex(@"^vfio [^ ]+: Could not open '/dev/vfio/(?<group>\d+)'")]
    private static partial Regex VfioNodeError();

    [GeneratedRegex(@"^vfio [^ ]+: vfio [^ ]+/vfio-dev: couldn't open directory ")]
    private static partial Regex VfioCdevError();

    [GeneratedRegex(@"^vfio [^ ]+: error bind device fd=\d+ to iommufd=\d+: ")]
    private static partial Regex IommufdBindError();

    [GeneratedRegex(@"^vfio [^ ]+: group (?<group>\d+) is not viable")]
    private static partial Regex GroupViableError();

    [GeneratedRegex(@"^vfio [^ ]+: error getting device from group (?<group>\d+)")]
    private static partial Regex DeviceInGroupError();

    [GeneratedRegex(@"^vfio [^ ]+: Failed to set vIOMMU: aw-bits (?<viommu>\d+) > host aw-bits (?<host>\d+)")]
    private static partial Regex AwBitsError();

    [GeneratedRegex(@"^vfio [^ ]+: Failed to set vIOMMU: host device is uncompatible with stage-1 translation")]
    private static partial Regex Stage1Error();

    [GeneratedRegex(@"^vfio [^ ]+: Failed to set vIOMMU: ")]
    private static partial Regex ViommuError();

    [GeneratedRegex(@"^We need to set caching-mode=on for intel-iommu")]
    private static partial Regex CachingModeError();
}
