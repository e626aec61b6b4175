using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace QomSharp.Qmp.Commands;

/// <summary>A QMP command's implementation: its result (null for <c>{}</c>), or a <see cref="QomException"/>.</summary>
/// <param name="context">The universe the session serves.</param>
/// <param name="arguments">The command's arguments; the handler consumes them and checks none is left.</param>
public delegate JsonNode? QmpCommandHandler(QomContext context, QmpArguments arguments);

/// <summary>
/// The QMP commands served: their names in the order QEMU 10.0's <c>query-commands</c> lists them,
/// and the handlers of those implemented outside <see cref="QmpSession"/> (one file each).
/// </summary>
public static class QmpCommands
{
    // QEMU builds the list by prepending while walking its registration order; these are the
    // served commands in that listed order (qom-list-get, added in QEMU 10.1, next to qom-get).
    private static readonly string[] Listed =
    [
        "device_add", "query-pci", "human-monitor-command", "cont", "stop", "query-hotpluggable-cpus", "system_wakeup", "system_powerdown", "system_reset",
        "query-current-machine", "query-machines", "query-cpus-fast", "device_del",
        "device-list-properties", "object-del", "object-add", "qom-list-properties", "qom-list-types",
        "qom-set", "qom-list-get", "qom-get", "qom-list", "quit", "query-commands", "query-version",
        "qmp_capabilities", "migrate-incoming", "query-migrate-capabilities", "migrate-set-capabilities", "query-migrate",
        "input-send-event", "query-status",
    ];

    private static readonly Dictionary<string, QmpCommandHandler> Handlers = new()
    {
        ["query-commands"] = QueryCommands.Execute,
        ["query-status"] = QueryStatus.Execute,
        ["query-machines"] = QueryMachines.Execute,
        ["query-pci"] = QueryPci.Execute,
        ["query-cpus-fast"] = QueryCpus.Fast,
        ["query-hotpluggable-cpus"] = QueryCpus.Hotpluggable,
        ["qom-list-get"] = QomListGet.Execute,
        ["object-add"] = ObjectAdd.Execute,
        ["stop"] = SystemPower.Stop,
        ["cont"] = SystemPower.Continue,
        ["system_wakeup"] = SystemPower.Wakeup,
        ["system_powerdown"] = SystemPower.Powerdown,
        ["query-current-machine"] = SystemPower.CurrentMachine,
        ["migrate-incoming"] = Migration.Incoming,
        ["query-migrate"] = Migration.Query,
        ["query-migrate-capabilities"] = Migration.QueryCapabilities,
        ["migrate-set-capabilities"] = Migration.SetCapabilities,
    };

    /// <summary>Every command the server answers, in <c>query-commands</c> order.</summary>
    public static IReadOnlyList<string> Names => Listed;

    /// <summary>The handler of <paramref name="name"/> when it is implemented here; null otherwise.</summary>
    public static QmpCommandHandler? Find(string name) => Handlers.GetValueOrDefault(name);
}
