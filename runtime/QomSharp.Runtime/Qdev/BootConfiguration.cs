using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace QomSharp.Qdev;

/// <summary>
/// QEMU's <c>BootConfiguration</c> (the machine's <c>boot</c> property, <c>-boot</c>): stored and
/// reported, without a modelled effect (no firmware runs here).
/// </summary>
public sealed record BootConfiguration
{
    /// <summary>The boot order (drive letters <c>a</c>..<c>p</c>).</summary>
    public string? Order { get; init; }

    /// <summary>The order for the first boot only.</summary>
    public string? Once { get; init; }

    /// <summary>Whether the firmware shows its boot menu.</summary>
    public bool? Menu { get; init; }

    /// <summary>The splash picture's file.</summary>
    public string? Splash { get; init; }

    /// <summary>How long the splash picture shows, in milliseconds.</summary>
    public long? SplashTime { get; init; }

    /// <summary>How long to wait before rebooting when no boot device is found (-1: never).</summary>
    public long? RebootTimeout { get; init; }

    /// <summary>Whether only the devices named in the order may boot.</summary>
    public bool? Strict { get; init; }

    // The members in QEMU's QAPI order: the visitor reads them so, and reports the first bad one.
    private static readonly string[] Members = ["order", "once", "menu", "splash", "splash-time", "reboot-timeout", "strict"];

    /// <summary>
    /// Reads a configuration as QEMU's <c>machine_set_boot</c> does: each member by its type, no
    /// other member, then the drive letters and the two times checked (QEMU's messages). Without an
    /// order, the machine type's <paramref name="defaultOrder"/> stays.
    /// </summary>
    /// <exception cref="QomException">The value is refused; nothing is stored.</exception>
    public static BootConfiguration Read(in QomInput input, string name, string? defaultOrder)
    {
        var members = MachineStructInput.Members(input, name);
        var config = new BootConfiguration
        {
            Order = MachineStructInput.Member(members, name, "order") is { } order ? order.ReadString("order") : defaultOrder,
            Once = MachineStructInput.Member(members, name, "once")?.ReadString("once"),
            Menu = MachineStructInput.Member(members, name, "menu")?.ReadBool("menu"),
            Splash = MachineStructInput.Member(members, name, "splash")?.ReadString("splash"),
            SplashTime = MachineStructInput.Member(members, name, "splash-time")?.ReadInt64("splash-time"),
            RebootTimeout = MachineStructInput.Member(members, name, "reboot-timeout")?.ReadInt64("reboot-timeout"),
            Strict = MachineStructInput.Member(members, name, "strict")?.ReadBool("strict"),
        };
        foreach (var key in members.Keys)
        {
            MachineStructInput.CheckKnown(Members, name, key);
        }

        CheckDevices(config.Order);
        CheckDevices(config.Once);
        if (config.SplashTime is < 0 or > 0xffff)
        {
            throw new QomException("splash-time is invalid,it should be a value between 0 and 65535");
        }

        if (config.RebootTimeout is < -1 or > 0xffff)
        {
            throw new QomException("reboot timeout is invalid,it should be a value between -1 and 65535");
        }

        return config;
    }

    /// <summary>The members set, in the order QEMU's reply dictionary lists them.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (Order is not null) json["order"] = Order;
        if (Splash is not null) json["splash"] = Splash;
        if (Once is not null) json["once"] = Once;
        if (RebootTimeout is { } reboot) json["reboot-timeout"] = reboot;
        if (Menu is { } menu) json["menu"] = menu;
        if (SplashTime is { } splashTime) json["splash-time"] = splashTime;
        if (Strict is { } strict) json["strict"] = strict;
        return json;
    }

    // QEMU's generic check of boot devices: letters a..p, each at most once.
    private static void CheckDevices(string? devices)
    {
        int seen = 0;
        foreach (char c in devices ?? string.Empty)
        {
            if (c is < 'a' or > 'p')
            {
                throw new QomException($"Invalid boot device '{c}'");
            }

            int bit = 1 << (c - 'a');
            if ((seen & bit) != 0)
            {
                throw new QomException($"Boot device '{c}' was given twice");
            }

            seen |= bit;
        }
    }
}
