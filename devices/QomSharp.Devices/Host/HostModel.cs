using System;
using System.Collections.Generic;
using System.Linq;

namespace QomSharp.Devices.Host;

/// <summary>
/// The one concrete <see cref="IHost"/>: an immutable, validated snapshot. All three sources (embedded
/// default, JSON file, sysfs) build one of these, so consistency is checked in one place.
/// </summary>
public sealed class HostModel : IHost
{
    private readonly Dictionary<int, IReadOnlyList<ReservedRegion>> _reservedByGroup;
    private readonly Dictionary<PciHostAddress, HostPciDevice> _devicesByAddress;
    private readonly Dictionary<string, IommuUnit> _unitsByName;
    private readonly Dictionary<Guid, HostMdevDevice> _mdevsByUuid;

    /// <exception cref="HostFormatException">Duplicate names/addresses, or a device naming a unit or group that does not exist.</exception>
    public HostModel(
        string origin,
        IEnumerable<IommuUnit> iommuUnits,
        IEnumerable<HostPciDevice> devices,
        IReadOnlyDictionary<int, IReadOnlyList<ReservedRegion>> reservedRegionsByGroup,
        string sysfsRoot = SysfsHost.DefaultRoot,
        IEnumerable<HostMdevDevice>? mdevDevices = null)
    {
        Origin = origin;
        SysfsRoot = sysfsRoot;
        IommuUnits = iommuUnits.OrderBy(u => u.Name, StringComparer.Ordinal).ToArray();
        Devices = devices.OrderBy(d => d.Address.Domain).ThenBy(d => d.Address.Bus)
            .ThenBy(d => d.Address.DevFn).ToArray();

        _unitsByName = new Dictionary<string, IommuUnit>(StringComparer.Ordinal);
        foreach (IommuUnit unit in IommuUnits)
        {
            if (!_unitsByName.TryAdd(unit.Name, unit))
                throw new HostFormatException(origin, $"IOMMU unit '{unit.Name}' is described twice");
        }

        _reservedByGroup = reservedRegionsByGroup.ToDictionary(
            pair => pair.Key,
            pair => (IReadOnlyList<ReservedRegion>)pair.Value.OrderBy(r => r.Range.Start).ToArray());
        IommuGroups = _reservedByGroup.Keys.Order().ToArray();

        _devicesByAddress = new Dictionary<PciHostAddress, HostPciDevice>();
        foreach (HostPciDevice device in Devices)
        {
            if (!_devicesByAddress.TryAdd(device.Address, device))
                throw new HostFormatException(origin, $"PCI device {device.Address} is described twice");
            if (device.IommuUnit is { } unitName && !_unitsByName.ContainsKey(unitName))
                throw new HostFormatException(origin, $"PCI device {device.Address} names IOMMU unit '{unitName}', which is not described");
            if (device.IommuGroup is { } group && !_reservedByGroup.ContainsKey(group))
                throw new HostFormatException(origin, $"PCI device {device.Address} is in IOMMU group {group}, which is not described");
            if ((device.IommuGroup is null) != (device.IommuUnit is null))
                throw new HostFormatException(origin, $"PCI device {device.Address} must have both an IOMMU group and an IOMMU unit, or neither");
        }

        MdevDevices = (mdevDevices ?? []).OrderBy(m => m.Name, StringComparer.Ordinal).ToArray();
        _mdevsByUuid = new Dictionary<Guid, HostMdevDevice>();
        foreach (HostMdevDevice mdev in MdevDevices)
        {
            if (!_mdevsByUuid.TryAdd(mdev.Uuid, mdev))
                throw new HostFormatException(origin, $"mdev {mdev.Name} is described twice");
            if (!_devicesByAddress.ContainsKey(mdev.Parent))
                throw new HostFormatException(origin, $"mdev {mdev.Name} names parent PCI device {mdev.Parent}, which is not described");
            if (!_reservedByGroup.ContainsKey(mdev.IommuGroup))
                throw new HostFormatException(origin, $"mdev {mdev.Name} is in IOMMU group {mdev.IommuGroup}, which is not described");
            // VFIO gives each mdev a group of its own.
            if (Devices.FirstOrDefault(d => d.IommuGroup == mdev.IommuGroup) is { } function)
                throw new HostFormatException(origin, $"mdev {mdev.Name} is in IOMMU group {mdev.IommuGroup}, which PCI device {function.Address} is in too");
            if (MdevDevices.FirstOrDefault(m => m.IommuGroup == mdev.IommuGroup && m != mdev) is { } other)
                throw new HostFormatException(origin, $"mdev {mdev.Name} is in IOMMU group {mdev.IommuGroup}, which mdev {other.Name} is in too");
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<HostMdevDevice> MdevDevices { get; }

    /// <inheritdoc/>
    public HostMdevDevice? FindMdevDevice(Guid uuid) => _mdevsByUuid.GetValueOrDefault(uuid);

    /// <inheritdoc/>
    public string Origin { get; }
    /// <inheritdoc/>
    public string SysfsRoot { get; }
    /// <inheritdoc/>
    public IReadOnlyList<IommuUnit> IommuUnits { get; }
    /// <inheritdoc/>
    public IReadOnlyList<HostPciDevice> Devices { get; }
    /// <inheritdoc/>
    public IReadOnlyList<int> IommuGroups { get; }

    /// <inheritdoc/>
    public IReadOnlyList<ReservedRegion> GetReservedRegions(int group) =>
        _reservedByGroup.TryGetValue(group, out IReadOnlyList<ReservedRegion>? regions) ? regions : [];

    /// <inheritdoc/>
    public HostPciDevice? FindDevice(PciHostAddress address) =>
        _devicesByAddress.GetValueOrDefault(address);

    /// <inheritdoc/>
    public IommuUnit? FindIommuUnit(string name) => _unitsByName.GetValueOrDefault(name);

    /// <summary>The devices of one IOMMU group (VFIO assigns a group as a whole).</summary>
    public IEnumerable<HostPciDevice> DevicesInGroup(int group) => Devices.Where(d => d.IommuGroup == group);
}
