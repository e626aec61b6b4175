namespace QomSharp.Qdev;

public partial class Device
{
    /// <summary>
    /// QEMU's <c>qdev_prop_allow_set_link_before_realize</c>: the check of a link a board sets on a
    /// device before realizing it; once realized, the link refuses with QEMU's text.
    /// </summary>
    public static readonly QomLinkCheck AllowSetLinkBeforeRealize = static (obj, name, _) =>
    {
        if (obj is Device { IsRealized: true } device)
        {
            throw device.LinkSetAfterRealize(name);
        }
    };
}
