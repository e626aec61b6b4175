using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace QomSharp.Devices.Host;

/// <summary>
/// Reads a host description from a Linux sysfs tree, read-only. The root is <c>/sys</c> on a real
/// host or any directory with the same layout (tests build fake trees):
/// <list type="bullet">
/// <item><c>class/iommu/dmarN/intel-iommu/{version,address,cap,ecap}</c> — "6:0" and bare hex;
/// <c>class/iommu/ivhdN/amd-iommu/{cap,features}</c> — bare hex, features "efr:efr2" or "efr";</item>
/// <item><c>bus/pci/devices/DDDD:BB:DD.F/{vendor,device}</c> — "0x10de"; <c>iommu_group</c> and
/// <c>iommu</c> are symlinks whose last component is the group number / unit name (a plain file
/// holding such a path is accepted too, so trees can be copied without links); so is <c>driver</c>,
/// whose last component is the bound driver (absent when no driver is bound);</item>
/// <item>with a <c>class</c> file, a function's configuration too: <c>class</c>, <c>revision</c>,
/// <c>subsystem_vendor</c>, <c>subsystem_device</c> (hex), <c>resource</c> (its BAR and ROM lines)
/// and <c>config</c> (binary; the interrupt pin);</item>
/// <item><c>kernel/iommu_groups/N/reserved_regions</c> — lines "0x%016llx 0x%016llx type";</item>
/// <item><c>bus/mdev/devices/UUID/{mdev_type,iommu_group}</c> — links to
/// <c>PARENT/mdev_supported_types/TYPE</c> and to the mdev's own group; a simulated tree may also
/// give the mdev's configuration space as a function's (<c>vendor</c>, <c>device</c>, <c>class</c>, …),
/// which Linux shows only through the VFIO device;</item>
/// <item><c>bus/vdpa/devices/vdpaN</c> — a link into the parent PCI function's directory (or, in a tree
/// copied without links, a directory with a <c>device</c> link or file naming the parent), holding
/// the <c>vhost-vdpa-N</c> character device's directory when bound to vhost_vdpa.</item>
/// </list>
/// </summary>
public static partial class SysfsHost
{
    /// <summary>Where Linux mounts sysfs.</summary>
    public const string DefaultRoot = "/sys";

    /// <exception cref="HostFormatException">A missing file or a malformed value, naming the file.</exception>
    public static HostModel Read(string root = DefaultRoot)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root.Length == 0 || !Directory.Exists(root))
            throw new HostFormatException(root.Length == 0 ? "''" : root, "sysfs root directory does not exist");
        return new HostModel($"sysfs:{root}", ReadUnits(root), ReadDevices(root), ReadGroups(root), Path.TrimEndingDirectorySeparator(root),
            ReadMdevs(root),
            ReadVdpaDevices(root));
    }

    private static List<IommuUnit> ReadUnits(string root)
    {
        var units = new List<IommuUnit>();
        string classDir = Path.Combine(root, "class", "iommu");
        if (!DirectoryInside(root, classDir))
            return units;
        foreach (string unitDir in Directory.EnumerateFileSystemEntries(classDir).Order(StringComparer.Ordinal))
        {
            // VT-d units have intel-iommu/, AMD-Vi units amd-iommu/; others (virtio) are out of scope.
            string vtdDir = Path.Combine(unitDir, "intel-iommu");
            if (!DirectoryInside(root, vtdDir))
            {
                if (ReadAmdViUnit(root, unitDir) is { } amdUnit)
                    units.Add(amdUnit);
                continue;
            }
            string versionFile = Path.Combine(vtdDir, "version");
            string version = ReadLine(root, versionFile);
            if (!HostJson.TryParseVersion(version, out int major, out int minor))
                throw new HostFormatException(versionFile, $"expected \"major:minor\", got \"{version}\"");
            string capFile = Path.Combine(vtdDir, "cap");
            ulong address = ReadHex(root, Path.Combine(vtdDir, "address"));
            ulong cap = ReadHex(root, capFile);
            if (SimulatedKernelIovaRanges.CapabilityProblem(new VtdCapability(cap)) is { } problem)
                throw new HostFormatException(capFile, problem);
            units.Add(new IommuUnit(Path.GetFileName(unitDir), major, minor, address, cap, ReadHex(root, Path.Combine(vtdDir, "ecap"))));
        }
        return units;
    }

    // amd-iommu/cap is "%x" (the capability header); amd-iommu/features is "%llx:%llx" (EFR:EFR2)
    // on recent kernels, "%llx" (EFR alone) on older ones.
    private static IommuUnit? ReadAmdViUnit(string root, string unitDir)
    {
        string amdDir = Path.Combine(unitDir, "amd-iommu");
        if (!DirectoryInside(root, amdDir))
            return null;
        ulong cap = ReadHex(root, Path.Combine(amdDir, "cap"), max: uint.MaxValue);
        string featuresFile = Path.Combine(amdDir, "features");
        string[] features = ReadLine(root, featuresFile).Split(':');
        if (features.Length > 2)
            throw new HostFormatException(featuresFile, $"expected \"efr\" or \"efr:efr2\", got \"{string.Join(':', features)}\"");
        var amd = new AmdViFeatures((uint)cap, ParseHex(features[0], featuresFile), features.Length == 2 ? ParseHex(features[1], featuresFile) : 0);
        if (SimulatedKernelIovaRanges.AmdViProblem(amd) is { } problem)
            throw new HostFormatException(featuresFile, problem);
        return new IommuUnit(Path.GetFileName(unitDir), amd);
    }

    private static List<HostPciDevice> ReadDevices(string root)
    {
        var devices = new List<HostPciDevice>();
        string devicesDir = Path.Combine(root, "bus", "pci", "devices");
        if (!DirectoryInside(root, devicesDir))
            return devices;
        foreach (string deviceDir in Directory.EnumerateFileSystemEntries(devicesDir).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(deviceDir);
            if (!PciHostAddress.TryParse(name, out PciHostAddress? address))
                throw new HostFormatException(deviceDir, $"directory name \"{name}\" is not a PCI address DDDD:BB:DD.F");
            if (!DirectoryInside(root, deviceDir))
                throw new HostFormatException(deviceDir, "is not a directory");
            ulong vendor = ReadHex(root, Path.Combine(deviceDir, "vendor"), max: 0xffff);
            ulong device = ReadHex(root, Path.Combine(deviceDir, "device"), max: 0xffff);
            string groupLink = Path.Combine(deviceDir, "iommu_group");
            int? group = null;
            if (TryReadLinkName(root, groupLink) is { } groupName)
            {
                if (!int.TryParse(groupName, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
                    throw new HostFormatException(groupLink, $"points to \"{groupName}\", not a group number");
                group = number;
            }
            string unitLink = Path.Combine(deviceDir, "iommu");
            string? unit = TryReadLinkName(root, unitLink);
            if (unit is not null && string.IsNullOrWhiteSpace(unit))
                throw new HostFormatException(unitLink, "names no IOMMU unit");
            string driverLink = Path.Combine(deviceDir, "driver");
            string? driver = TryReadLinkName(root, driverLink);
            if (driver is not null && HostDriverNames.Problem(driver) is { } problem)
                throw new HostFormatException(driverLink, problem);
            devices.Add(new HostPciDevice(address.Value, (ushort)vendor, (ushort)device, group, unit, Driver: driver, Config: ReadPciConfig(root, deviceDir)));
        }
        return devices;
    }

    // bus/mdev/devices/UUID: mdev_type links to PARENT/mdev_supported_types/TYPE, iommu_group to the group.
    private static List<HostMdevDevice> ReadMdevs(string root)
    {
        var mdevs = new List<HostMdevDevice>();
        string devicesDir = Path.Combine(root, "bus", "mdev", "devices");
        if (!DirectoryInside(root, devicesDir))
            return mdevs;
        foreach (string mdevDir in Directory.EnumerateFileSystemEntries(devicesDir).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(mdevDir);
            if (!HostMdevNames.TryParseUuid(name, out Guid uuid))
                throw new HostFormatException(mdevDir, $"directory name \"{name}\" is not a UUID");
            if (!DirectoryInside(root, mdevDir))
                throw new HostFormatException(mdevDir, "is not a directory");
            string typeLink = Path.Combine(mdevDir, "mdev_type");
            string[] type = (TryReadLinkTarget(root, typeLink) ?? throw new HostFormatException(typeLink, "missing"))
                .TrimEnd('/').Split('/');
            if (type.Length < 3 || type[^2] != "mdev_supported_types" || !PciHostAddress.TryParse(type[^3], out PciHostAddress? parent))
                throw new HostFormatException(typeLink, $"points to \"{string.Join('/', type)}\", not PARENT/mdev_supported_types/TYPE");
            string groupLink = Path.Combine(mdevDir, "iommu_group");
            string groupName = TryReadLinkName(root, groupLink) ?? throw new HostFormatException(groupLink, "missing");
            if (!int.TryParse(groupName, NumberStyles.None, CultureInfo.InvariantCulture, out int group))
                throw new HostFormatException(groupLink, $"points to \"{groupName}\", not a group number");
            if (HostDriverNames.Problem(type[^1]) is not null)
                throw new HostFormatException(typeLink, $"\"{type[^1]}\" is not an mdev type");
            // Linux shows no config files for an mdev (the VFIO device's config region has them); a
            // simulated tree may hold them as a function's directory does, ids included.
            ushort? vendor = File.Exists(Path.Combine(mdevDir, "vendor")) ? (ushort)ReadHex(root, Path.Combine(mdevDir, "vendor"), max: 0xffff) : null;
            ushort? device = File.Exists(Path.Combine(mdevDir, "device")) ? (ushort)ReadHex(root, Path.Combine(mdevDir, "device"), max: 0xffff) : null;
            mdevs.Add(new HostMdevDevice(uuid, parent.Value, type[^1], group, VendorId: vendor, DeviceId: device, Config: ReadPciConfig(root, mdevDir)));
        }
        return mdevs;
    }

    // sysfs has no file for what the vhost-vdpa ioctls answer: the queue values are the defaults and the
    // IOVA range the host model derives from the parent (HostVdpaDevice.DefaultIovaRange).
    private static List<HostVdpaDevice> ReadVdpaDevices(string root)
    {
        var vdpaDevices = new List<HostVdpaDevice>();
        string devicesDir = Path.Combine(root, "bus", "vdpa", "devices");
        if (!DirectoryInside(root, devicesDir))
            return vdpaDevices;
        foreach (string entry in Directory.EnumerateFileSystemEntries(devicesDir).Order(StringComparer.Ordinal))
        {
            if (!DirectoryInside(root, entry))
                throw new HostFormatException(entry, "is not a directory");
            string parentName = new FileInfo(entry).LinkTarget is { } target
                ? Path.GetFileName(Path.GetDirectoryName(target.TrimEnd('/')) ?? string.Empty)
                : TryReadLinkName(root, Path.Combine(entry, "device")) ?? throw new HostFormatException(entry, "names no parent device (neither a link nor a device entry)");
            if (!PciHostAddress.TryParse(parentName, out PciHostAddress? parent))
                throw new HostFormatException(entry, $"parent \"{parentName}\" is not a PCI function");
            string? vhost = Directory.EnumerateDirectories(entry, "vhost-vdpa-*").Select(Path.GetFileName).Order(StringComparer.Ordinal).FirstOrDefault();
            vdpaDevices.Add(new HostVdpaDevice(Path.GetFileName(entry), parent.Value, vhost));
        }
        return vdpaDevices;
    }

    private static Dictionary<int, IReadOnlyList<ReservedRegion>> ReadGroups(string root)
    {
        var groups = new Dictionary<int, IReadOnlyList<ReservedRegion>>();
        string groupsDir = Path.Combine(root, "kernel", "iommu_groups");
        if (!DirectoryInside(root, groupsDir))
            return groups;
        var folders = new Dictionary<int, string>();
        foreach (string groupDir in Directory.EnumerateDirectories(groupsDir).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(groupDir);
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int id))
                throw new HostFormatException(groupDir, $"directory name \"{name}\" is not a group number");
            if (!folders.TryAdd(id, name))
                throw new HostFormatException(groupDir, $"names IOMMU group {id} again (so does \"{folders[id]}\")");
            groups.Add(id, ReadReservedRegions(root, Path.Combine(groupDir, "reserved_regions")));
        }
        return groups;
    }

    /// <summary>Parses a <c>reserved_regions</c> file; errors give the 1-based line number.</summary>
    public static IReadOnlyList<ReservedRegion> ReadReservedRegions(string file) => ReadReservedRegions(null, file);

    private static IReadOnlyList<ReservedRegion> ReadReservedRegions(string? root, string file)
    {
        var regions = new List<ReservedRegion>();
        string[] lines = ReadAll(root, file).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0)
                continue;
            string where = $"{file}:{i + 1}";
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 3)
                throw new HostFormatException(where, $"expected \"start end type\", got \"{line}\"");
            ulong start = ParseHex(fields[0], where);
            ulong end = ParseHex(fields[1], where);
            if (end < start)
                throw new HostFormatException(where, $"end 0x{end:x} is below start 0x{start:x}");
            if (!ReservedRegionTypes.TryParse(fields[2], out ReservedRegionType type))
                throw new HostFormatException(where, $"unknown reserved region type \"{fields[2]}\"");
            regions.Add(new ReservedRegion(start, end, type));
        }
        return regions;
    }

    /// <summary>The whole target a link (or a file holding a path) points to; null if absent.</summary>
    private static string? TryReadLinkTarget(string root, string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target)
            return target;
        if (!info.Exists)
            return null;
        string text = ReadLine(root, path);
        return text.Length == 0 ? throw new HostFormatException(path, "is empty") : text;
    }

    /// <summary>The last path component a link (or a file holding a path) points to; null if absent.</summary>
    private static string? TryReadLinkName(string root, string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target)
            return Path.GetFileName(target.TrimEnd('/'));
        if (!info.Exists)
            return null;
        string text = ReadLine(root, path);
        return text.Length == 0 ? throw new HostFormatException(path, "is empty") : Path.GetFileName(text.TrimEnd('/'));
    }

    // Under a root, the file's real path must stay inside it: a link leading out is refused before
    // anything there is read, so nothing outside the root can end up in an error message.
    private static string ReadAll(string? root, string file) =>
        HostFile.ReadText(root is null ? file : HostFile.InsideRoot(root, file), HostFile.MaxSysfsBytes, shownAs: file);

    private static bool DirectoryInside(string root, string directory)
    {
        if (!Directory.Exists(directory))
            return false;
        HostFile.InsideRoot(root, directory);
        return true;
    }

    private static string ReadLine(string root, string file) => ReadAll(root, file).Trim();

    private static ulong ReadHex(string root, string file, ulong max = ulong.MaxValue)
    {
        ulong value = ParseHex(ReadLine(root, file), file);
        return value <= max ? value : throw new HostFormatException(file, $"0x{value:x} is larger than 0x{max:x}");
    }

    /// <summary>Hex with or without 0x: sysfs prints ids as "0x8086" but cap/ecap/address bare.</summary>
    private static ulong ParseHex(string text, string where)
    {
        ReadOnlySpan<char> digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text.AsSpan(2) : text;
        return ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong value)
            ? value
            : throw new HostFormatException(where, $"\"{text}\" is not a hexadecimal number");
    }
}
