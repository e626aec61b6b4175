using System;
using System.IO;
using QomSharp.Devices.Host;

namespace QomSharp.Fuzz.Tests.Targets;

/// <summary>
/// Host descriptions: JSON text and fake sysfs trees. A refused one is a <see cref="HostFormatException"/>;
/// an accepted one must answer the simulated kernel's questions for each of its devices (what
/// vfio-pci asks later) without failing.
/// </summary>
internal static class HostTargets
{
    private const string JsonHost = """
        { "iommus": [ { "name": "dmar0", "version": "5:0", "address": "0xfed91000", "cap": "0xd2008c40660462", "ecap": "0xf050da" } ],
          "groups": [ { "id": 14, "reserved_regions": [ { "start": "0xfee00000", "end": "0xfeefffff", "type": "msi" } ] } ],
          "devices": [ { "address": "0000:01:00.0", "vendor": "0x144d", "device": "0xa80c", "group": 14, "iommu": "dmar0" } ] }
        """;

    public static FuzzTarget Json() => new("host-json", Mutations.Of(
        [JsonHost, HostJson.Write(DefaultHost.Instance)],
        "{}[]:,\"\\ 0123456789abcdefx-_.$/\u00e9\ud800"), static () => input =>
        {
            HostModel host;
            try
            {
                host = HostJson.Parse(input, "fuzz.json");
            }
            catch (HostFormatException)
            {
                return false;
            }

            AskTheKernel(host);
            return true;
        });

    /// <summary>
    /// A tree is written as lines <c>PATH=CONTENT</c> (a file) or <c>PATH&gt;TARGET</c> (a link),
    /// <c>\n</c> in CONTENT standing for a line break.
    /// </summary>
    public static FuzzTarget Sysfs() => new("host-sysfs", Mutations.Of(
        [
            "class/iommu/dmar0/intel-iommu/version=6:0\nclass/iommu/dmar0/intel-iommu/address=fed90000\nclass/iommu/dmar0/intel-iommu/cap=d2008c40660462\n"
            + "class/iommu/dmar0/intel-iommu/ecap=f050da\nbus/pci/devices/0000:01:00.0/vendor=0x144d\nbus/pci/devices/0000:01:00.0/device=0xa80c\n"
            + "bus/pci/devices/0000:01:00.0/iommu_group>../../../../kernel/iommu_groups/14\nbus/pci/devices/0000:01:00.0/iommu>../../../../devices/virtual/iommu/dmar0\n"
            + "kernel/iommu_groups/14/reserved_regions=0x00000000fee00000 0x00000000feefffff msi",
            "kernel/iommu_groups/1/reserved_regions=\nkernel/iommu_groups/01/reserved_regions=",
            "bus/pci/devices/0000:01:00.0/vendor>/etc/hostname\nbus/pci/devices/0000:01:00.0/device=0x1",
            "class/iommu>/tmp",
        ], "/=>\n.:0123456789abcdefx _-kernelbuspcidevicesiommu"), static () =>
        {
            // In memory when the machine has a tmpfs: thousands of small trees are written and read.
            string root = Directory.Exists("/dev/shm")
                ? Directory.CreateDirectory(Path.Combine("/dev/shm", $"qomsharp-fuzz-sysfs-{Guid.NewGuid():N}")).FullName
                : Directory.CreateTempSubdirectory("qomsharp-fuzz-sysfs-").FullName;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(root, recursive: true);
            return input =>
            {
                Clear(root);

                if (!Build(root, input))
                {
                    return false;
                }

                HostModel host;
                try
                {
                    host = SysfsHost.Read(root);
                }
                catch (HostFormatException)
                {
                    return false;
                }

                AskTheKernel(host);
                return true;
            };
        });

    // Empties the tree of the input before. A link is removed as a link: one to a folder removed
    // just before no longer counts as a folder, and deleting it as one fails.
    internal static void Clear(string root)
    {
        foreach (var entry in new DirectoryInfo(root).GetFileSystemInfos())
        {
            if (entry is DirectoryInfo { LinkTarget: null } folder)
            {
                folder.Delete(recursive: true);
            }
            else
            {
                File.Delete(entry.FullName);
            }
        }
    }

    // Lays out the tree; entries that cannot exist on a file system (the fuzzer's own limits) are skipped.
    private static bool Build(string root, string input)
    {
        int made = 0;
        foreach (string line in input.Split('\n'))
        {
            int link = line.IndexOf('>');
            int file = line.IndexOf('=');
            bool isLink = link > 0 && (file < 0 || link < file);
            int cut = isLink ? link : file;
            if (cut <= 0 || ++made > 16)
            {
                continue;
            }

            string relative = line[..cut].Trim('/');
            if (relative.Length == 0 || relative.Contains("..", StringComparison.Ordinal) || relative.Length > 200)
            {
                continue;
            }

            string path = Path.Combine(root, relative);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                if (isLink)
                {
                    File.CreateSymbolicLink(path, line[(cut + 1)..]);
                }
                else
                {
                    File.WriteAllText(path, line[(cut + 1)..].Replace("\\n", "\n", StringComparison.Ordinal));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // Two entries disagree (a file where a folder must be): not a tree.
            }
        }

        return made > 0;
    }

    private static void AskTheKernel(HostModel host)
    {
        foreach (var device in host.Devices)
        {
            if (device.IommuGroup is not null)
            {
                SimulatedKernelIovaRanges.ForDevice(host, device.Address);
            }
        }
    }
}
