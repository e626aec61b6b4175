namespace QomSharp;

/// <summary>
/// The QEMU release whose behaviour QomSharp follows (QMP <c>query-version</c>'s <c>qemu</c> member,
/// the first line of <c>-version</c>) and QomSharp's own version (the <c>package</c> member, as a
/// distribution's build of QEMU puts its package version there).
/// </summary>
public static class QomVersion
{
    /// <summary>Major number of the QEMU release followed.</summary>
    public const int QemuMajor = 10;

    /// <summary>Minor number of the QEMU release followed.</summary>
    public const int QemuMinor = 0;

    /// <summary>Micro number of the QEMU release followed.</summary>
    public const int QemuMicro = 2;

    /// <summary>The QEMU release followed, as QEMU prints it: <c>10.0.2</c>.</summary>
    public const string Qemu = "10.0.2";

    /// <summary>QomSharp's own version (SemVer): the packages' version, set once for the build (VersionPrefix).</summary>
    public const string QomSharp = BuildInfo.Version;

    /// <summary>What QMP's <c>package</c> member and the parenthesis of <c>-version</c> say.</summary>
    public const string Package = "QomSharp " + QomSharp;
}
