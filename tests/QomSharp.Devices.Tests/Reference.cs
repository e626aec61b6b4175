using System.IO;

namespace QomSharp.Devices.Tests;

/// <summary>QEMU 7.2's outputs kept in tests/reference/qemu-7.2, found from the test binary upwards.</summary>
internal static class Reference
{
    public static string Read(string name) => File.ReadAllText(PathOf(name));

    public static string[] Lines(string name) => File.ReadAllLines(PathOf(name));

    /// <summary>The repository's root: the first directory upwards from the test binary holding QomSharp.sln.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(System.AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "QomSharp.sln")))
        {
            directory = directory.Parent ?? throw new DirectoryNotFoundException("QomSharp.sln");
        }

        return directory.FullName;
    }

    private static string PathOf(string name) => Path.Combine(RepositoryRoot(), "tests", "reference", "qemu-7.2", name);
}
