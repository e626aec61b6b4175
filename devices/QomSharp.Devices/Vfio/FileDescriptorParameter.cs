using System.Globalization;

namespace QomSharp.Devices.Vfio;

/// <summary>
/// QEMU's <c>monitor_fd_param</c> without a current monitor (<c>-device</c>, <c>-object</c>): the
/// text is a decimal descriptor number; anything else is refused with the caller's prefix.
/// </summary>
internal static class FileDescriptorParameter
{
    public static int Parse(string text)
    {
        if (!int.TryParse(text, NumberStyles.AllowLeadingWhite | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int fd) || fd < 0)
        {
            throw new QomException($"Could not parse remote object fd {text}:Invalid file descriptor number '{text}'");
        }

        return fd;
    }
}
