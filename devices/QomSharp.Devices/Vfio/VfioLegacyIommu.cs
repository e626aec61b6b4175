using System.Linq;
using QomSharp.Devices.Backends;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Vfio;

/// <summary>
/// QEMU's <c>vfio-iommu-legacy</c> attach and detach (hw/vfio/container.c, M-9.1): the device's IOMMU
/// group is opened once and put in the type1 container of the device's address space; a group can
/// serve one address space only.
/// </summary>
internal sealed class VfioLegacyIommu : VfioIommuBackend
{
    public override string QomTypeName => "vfio-iommu-legacy";

    public override string HiodTypeName => HostIommuDeviceLegacyVfio.QomTypeName;

    internal override void Attach(VfioDevice device, object addressSpace)
    {
        // vfio_device_groupid: the iommu_group link of the device's sysfs directory.
        if (device.IommuGroup is not { } groupId)
        {
            throw new QomException($"no iommu_group found: {KernelErrorException.StrError(KernelErrorException.ENOENT)}");
        }

        device.RealizeHostIommuDevice();
        VfioUniverse universe = VfioUniverse.Of(device.Context);
        VfioGroup group = GetGroup(universe, device, groupId, addressSpace);
        if (group.Devices.Any(attached => attached.Name == device.Name))
        {
            PutGroup(universe, group);
            throw new QomException("device is already attached");
        }

        // vfio_get_device: VFIO_GROUP_GET_DEVICE_FD finds only the group's VFIO devices.
        if (!device.IsMdev && !VfioHostDrivers.OpensThroughVfio(device.HostDevice))
        {
            PutGroup(universe, group);
            throw new QomException($"error getting device from group {groupId}: {KernelErrorException.StrError(KernelErrorException.ENODEV)}",
                hint: $"Verify all devices in group {groupId} are bound to vfio-<bus> or pci-stub and not already in use\n");
        }

        group.Devices.Add(device);
        group.Container.Add(device);
    }

    internal override void Detach(VfioDevice device)
    {
        VfioUniverse universe = VfioUniverse.Of(device.Context);
        VfioGroup group = universe.GroupsById[device.IommuGroup!.Value];
        group.Devices.Remove(device);
        group.Container.Remove(device);
        PutGroup(universe, group);
    }

    // vfio_get_group: an open group is reused only in its own address space; a new one joins the
    // address space's container, or a new container whose ranges the kernel reports for this device.
    private static VfioGroup GetGroup(VfioUniverse universe, VfioDevice device, int groupId, object addressSpace)
    {
        if (universe.GroupsById.TryGetValue(groupId, out VfioGroup? open))
        {
            return ReferenceEquals(open.Container.AddressSpace, addressSpace)
                ? open
                : throw new QomException($"group {groupId} used in multiple address spaces");
        }

        // /dev/vfio/N exists once a function of the group is a VFIO device; VFIO_GROUP_GET_STATUS
        // reports the group viable unless a driver doing its own DMA holds one of its functions.
        // An mdev's group holds just the mdev, a VFIO device.
        if (!device.IsMdev && !VfioHostDrivers.GroupHasVfioNode(device.Host, groupId, device.HostDevice))
        {
            throw new QomException($"Could not open '/dev/vfio/{groupId}': {KernelErrorException.StrError(KernelErrorException.ENOENT)}");
        }

        if (!device.IsMdev && !VfioHostDrivers.GroupIsViable(device.Host, groupId))
        {
            throw new QomException($"group {groupId} is not viable",
                hint: "Please ensure all devices within the iommu_group are bound to their vfio bus driver.\n");
        }

        VfioContainer? container = universe.ContainerList.Find(c => c.Backend == Legacy && ReferenceEquals(c.AddressSpace, addressSpace));
        if (container is null)
        {
            container = device.IsMdev ? NewEmulatedContainer(addressSpace) : NewContainer(device, addressSpace);
            universe.ContainerList.Add(container);
        }

        var group = new VfioGroup(groupId, container);
        universe.GroupsById.Add(groupId, group);
        return group;
    }

    private static VfioContainer NewContainer(VfioDevice device, object addressSpace)
    {
        DeviceIovaAnswer answer = SimulatedKernelIovaRanges.ForDevice(device.Host, device.HostDevice.Address);
        return new VfioContainer(Legacy, addressSpace, answer.UsableRanges, SimulatedKernelIovaRanges.Type1PageSizes(answer.Unit.Capability));
    }

    // A type1 container holding only an emulated (mdev) group has no IOMMU domain: VFIO_IOMMU_GET_INFO
    // reports no IOVA range capability (QEMU keeps no ranges) and type1's initial page sizes, PAGE_MASK.
    private static VfioContainer NewEmulatedContainer(object addressSpace) =>
        new(Legacy, addressSpace, [], EmulatedPageSizes);

    private const ulong EmulatedPageSizes = ~0xfffUL;

    // vfio_put_group: an empty group leaves its container; an empty container is destroyed.
    private static void PutGroup(VfioUniverse universe, VfioGroup group)
    {
        if (group.Devices.Count > 0)
        {
            return;
        }

        universe.GroupsById.Remove(group.Id);
        bool containerInUse = universe.GroupsById.Values.Any(g => g.Container == group.Container);
        if (!containerInUse)
        {
            universe.ContainerList.Remove(group.Container);
        }
    }
}
