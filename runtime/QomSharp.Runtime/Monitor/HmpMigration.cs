using System;
using System.Text;
using QomSharp.Qdev;

namespace QomSharp.Monitor;

/// <summary>
/// The human monitor's migration commands, as QEMU 10.0 prints them: <c>info migrate</c>,
/// <c>info migrate_capabilities</c>, <c>migrate_set_capability NAME on|off</c> and
/// <c>migrate_incoming URI</c> (QMP's <c>migrate-incoming</c> with the URI parsed first).
/// Errors of the command's own checks are returned as text; the others are thrown as
/// <see cref="QomException"/> for <see cref="Hmp"/> to print.
/// </summary>
internal static class HmpMigration
{
    /// <summary><c>info migrate</c> and <c>info migrate_capabilities</c>; <paramref name="words"/> starts with <c>info</c>.</summary>
    public static string Info(QomContext context, string[] words)
    {
        if (words.Length > 2)
        {
            return Extraneous(words[1], "info " + words[1]);
        }

        var migration = context.Qdev.Migration;
        var text = new StringBuilder();
        if (words[1] == "migrate_capabilities")
        {
            foreach (string name in IncomingMigration.CapabilityNames)
            {
                text.Append(name).Append(": ").Append(migration.Capability(name) ? "on" : "off").Append('\n');
            }

            return text.ToString();
        }

        // The migration object's globals at their defaults, then the status once there is one
        // (an incoming migration's time is not counted).
        text.Append("globals:\nstore-global-state: on\nonly-migratable: off\nsend-configuration: on\n")
            .Append("send-section-footer: on\nsend-switchover-start: on\nclear-bitmap-shift: 18\n");
        if (migration.Status is { } status)
        {
            text.Append("Migration status: ").Append(status).Append("\ntotal time: 0 ms\n");
        }

        return text.ToString();
    }

    /// <summary><c>migrate_set_capability NAME on|off</c>.</summary>
    public static string SetCapability(QomContext context, string[] words)
    {
        const string Name = "migrate_set_capability";
        if (words.Length < 2)
        {
            return $"{Name}: string expected\nTry \"help {Name}\" for more information\n";
        }

        if (words.Length < 3 || words[2] is not ("on" or "off"))
        {
            return $"Expected 'on' or 'off'\nTry \"help {Name}\" for more information\n";
        }

        if (words.Length > 3)
        {
            return Extraneous(Name, Name);
        }

        if (!Contains(IncomingMigration.CapabilityNames, words[1]))
        {
            throw new QomException($"invalid parameter value: {words[1]}");
        }

        context.Qdev.Migration.SetCapabilities([(words[1], words[2] == "on")]);
        return string.Empty;
    }

    /// <summary><c>migrate_incoming URI</c>: the URI parsed, then QMP's <c>migrate-incoming</c> with its channel.</summary>
    public static string Incoming(QomContext context, string[] words)
    {
        const string Name = "migrate_incoming";
        if (words.Length < 2)
        {
            return $"{Name}: string expected\nTry \"help {Name}\" for more information\n";
        }

        if (words.Length > 2)
        {
            return Extraneous(Name, Name);
        }

        var address = IncomingMigration.ParseUri(words[1]);
        if (context.Qdev.RunState != RunState.Inmigrate)
        {
            throw new QomException("'-incoming' was not specified on the command line");
        }

        context.Qdev.Migration.Start(address, fromMonitor: true);
        return string.Empty;
    }

    private static bool Contains(System.Collections.Generic.IReadOnlyList<string> names, string name)
    {
        foreach (string candidate in names)
        {
            if (candidate == name)
            {
                return true;
            }
        }

        return false;
    }

    private static string Extraneous(string name, string typed) =>
        $"{name}: extraneous characters at the end of line\nTry \"help {typed}\" for more information\n";
}
