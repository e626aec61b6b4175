using System.IO;

namespace QomSharp.Devices.Tests;

/// <summary>QEMU 7.2's outputs kept in tests/reference/qemu-7.2, found from the test binary upwards.</summary>
internal static class Reference
{
    public static string Read(string name) => File.ReadAllText(PathOf(name));

    public static string[] Lines(string name) => File.ReadAllLines(PathOf(name));

    private static string PathOf(string name)
    {
        var directory = new DirectoryInfo(System.AppContext.BaseDirectory);
        while (!Directory.Exists(Path.Combine(directory.FullName, "tests", "reference", "qemu-7.2")))
        {
            directory = directory.Parent ?? throw new DirectoryNotFoundException("tests/reference/qemu-7.2");
        }

        return Path.Combine(directory.FullName, "tests", "reference", "qemu-7.2", name);
    }
}
