using System.IO;

namespace QomSharp.Tool.Tests.Preflight;

/// <summary>Files of the repository the tests read as users would (samples, docs).</summary>
internal static class RepositoryFiles
{
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(System.AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(directory.FullName, "QomSharp.sln")))
            {
                directory = directory.Parent!;
            }

            return directory.FullName;
        }
    }

    public static string PathOf(string relative) => Path.Combine(Root, relative);
}
