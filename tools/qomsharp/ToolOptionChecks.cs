using System;
using QomSharp.Options;

namespace QomSharp.Tool;

/// <summary>
/// The syntax checks of options QEMU has that this tool accepts (<c>-m</c>, <c>-name</c>,
/// <c>-display</c>): their arguments are checked with QEMU's syntax and QEMU's errors, so a command
/// line that QEMU refuses is refused here too. <c>-m</c> then shapes the board's memory layout
/// (<see cref="QomSharp.Qdev.MachineMemory"/>).
/// </summary>
internal static class ToolOptionChecks
{
    // QEMU's DisplayType values: each parses, but only 'none' exists here.
    private static readonly string[] DisplayTypes = ["default", "none", "gtk", "sdl", "egl-headless", "curses", "cocoa", "spice-app", "dbus"];

    // The members every display type has (QAPI DisplayOptions' base).
    private static readonly string[] CommonDisplayKeys = ["full-screen", "window-close", "show-cursor", "gl"];

    /// <summary><c>-m [size=]megs[,slots=n,maxmem=size]</c>, as QEMU's memory option group parses it.</summary>
    public static void Memory(string value)
    {
        var parsed = QemuOptsParser.Parse(value, "size", new QemuOptsGroup("memory", ["size", "slots", "maxmem"]));
        if (parsed.HelpRequested)
        {
            // -m has no help: 'help' is read as a size.
            QomValueText.ParseOptionSize("size", "help");
        }

        foreach (var (name, text) in parsed.Options)
        {
            if (name == "slots")
            {
                if (!QomValueText.TryParseUInt64(text, out _))
                {
                    throw new QomException($"Parameter '{name}' expects a number");
                }
            }
            else
            {
                QomValueText.ParseOptionSize(name, text);
            }
        }
    }

    /// <summary><c>-name string1[,process=string2][,debug-threads=on|off]</c>.</summary>
    public static void Name(string value)
    {
        var parsed = QemuOptsParser.Parse(value, "guest", new QemuOptsGroup("name", ["guest", "process", "debug-threads"]));
        if (parsed.Get("debug-threads") is { } debugThreads)
        {
            QomValueText.ParseBool("debug-threads", debugThreads);
        }
    }

    /// <summary>
    /// <c>-display TYPE[,...]</c>: an unknown type is a parse error; a known one other than <c>none</c>
    /// is QEMU's "not available" (a build without that display), reported without the option.
    /// </summary>
    /// <returns>The error for a display that does not exist here, or null for <c>none</c>.</returns>
    public static string? Display(string value)
    {
        string[] items = value.Split(',');
        string type = items[0];
        if (type.StartsWith("vnc=", StringComparison.Ordinal))
        {
            return "Display 'vnc' is not available.";
        }

        if (Array.IndexOf(DisplayTypes, type) < 0)
        {
            throw new QomException($"Parameter 'type' does not accept value '{type}'");
        }

        foreach (string item in items[1..])
        {
            string key = item.Split('=')[0];
            if (Array.IndexOf(CommonDisplayKeys, key) < 0)
            {
                throw new QomException($"Parameter '{key}' is unexpected");
            }
        }

        return type == "none" ? null : $"Display '{type}' is not available.";
    }
}
