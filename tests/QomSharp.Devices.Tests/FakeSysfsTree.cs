using System;
using System.IO;

namespace QomSharp.Devices.Tests;

/// <summary>A fake sysfs tree in a fresh temp directory (deleted on dispose), laid out like Linux's.</summary>
internal sealed class FakeSysfsTree : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("qomsharp-sysfs-").FullName;

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>Writes a file (and its directories); returns its full path.</summary>
    public string Write(string relative, string content)
    {
        string path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Creates a symbolic link to <paramref name="target"/>.</summary>
    public void Link(string relative, string target)
    {
        string path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
    }

    /// <summary>A VT-d unit's intel-iommu/ files, with the text Linux prints in each.</summary>
    public void VtdUnit(string unit, string address, string cap, string ecap)
    {
        Write($"class/iommu/{unit}/intel-iommu/version", "6:0\n");
        Write($"class/iommu/{unit}/intel-iommu/address", address + "\n");
        Write($"class/iommu/{unit}/intel-iommu/cap", cap + "\n");
        Write($"class/iommu/{unit}/intel-iommu/ecap", ecap + "\n");
    }

    /// <summary>A PCI function in an IOMMU group of a unit (links as Linux makes them).</summary>
    public void PciDevice(string address, string vendor, string device, int group, string unit)
    {
        Write($"bus/pci/devices/{address}/vendor", vendor + "\n");
        Write($"bus/pci/devices/{address}/device", device + "\n");
        Link($"bus/pci/devices/{address}/iommu_group", $"../../../../kernel/iommu_groups/{group}");
        Link($"bus/pci/devices/{address}/iommu", $"../../../../devices/virtual/iommu/{unit}");
    }
}
