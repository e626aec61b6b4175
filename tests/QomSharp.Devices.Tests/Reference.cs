using System.IO;

namespace QomSharp.Devices.Tests;

/// <summary>Where the repository is, found from the test binary upwards (the reference outputs live under it).</summary>
internal static class Reference
{
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
}
