using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using QomSharp.Qdev;

namespace QomSharp.Qmp.Commands;

/// <summary>
/// QMP's incoming-migration commands as a management client meets them before any migration:
/// <c>migrate-incoming</c> (checked as QEMU checks it; nothing here receives a migration, so a start
/// always fails, leaving the state <c>setup</c> as QEMU's failed start leaves it),
/// <c>query-migrate</c>, <c>query-migrate-capabilities</c> and <c>migrate-set-capabilities</c>.
/// </summary>
public static class Migration
{
    /// <summary>Runs <c>migrate-incoming</c>.</summary>
    public static JsonNode? Incoming(QomContext context, QmpArguments arguments)
    {
        string? uri = arguments.OptionalString("uri");
        var channels = arguments.OptionalArray("channels");
        MigrationAddress? channel = null;
        for (int i = 0; channels is not null && i < channels.Count; i++)
        {
            var address = Channel(channels[i], $"channels[{i}]");
            channel ??= address;
        }

        arguments.OptionalBool("exit-on-error");
        arguments.CheckNoneLeft();
        if (context.Qdev.RunState != RunState.Inmigrate)
        {
            throw new QomException("'-incoming' was not specified on the command line");
        }

        if ((uri is null) == (channel is null))
        {
            throw new QomException("need either 'uri' or 'channels' argument");
        }

        if (channels is { Count: > 1 })
        {
            throw new QomException("Channel list must have only one entry, for type 'main'");
        }

        context.Qdev.Migration.Start(channel ?? IncomingMigration.ParseUri(uri!), fromMonitor: true);
        return null;
    }

    /// <summary>Runs <c>query-migrate</c>: nothing before a start was tried, then its status.</summary>
    public static JsonNode? Query(QomContext context, QmpArguments arguments)
    {
        arguments.CheckNoneLeft();
        var result = new JsonObject();
        if (context.Qdev.Migration.Status is { } status)
        {
            result["status"] = status;
        }

        return result;
    }

    /// <summary>Runs <c>query-migrate-capabilities</c>.</summary>
    public static JsonNode? QueryCapabilities(QomContext context, QmpArguments arguments)
    {
        arguments.CheckNoneLeft();
        var result = new JsonArray();
        foreach (string name in IncomingMigration.CapabilityNames)
        {
            result.Add((JsonNode)new JsonObject { ["state"] = context.Qdev.Migration.Capability(name), ["capability"] = name });
        }

        return result;
    }

    /// <summary>Runs <c>migrate-set-capabilities</c>.</summary>
    public static JsonNode? SetCapabilities(QomContext context, QmpArguments arguments)
    {
        var list = arguments.OptionalArray("capabilities") ?? throw new QomException("Parameter 'capabilities' is missing");
        var settings = new List<(string, bool)>();
        for (int i = 0; i < list.Count; i++)
        {
            string at = $"capabilities[{i}]";
            var entry = new QmpArguments(Object(list[i], at));
            string name = Enum(entry, $"{at}.capability", "capability", IncomingMigration.CapabilityNames);
            bool state = entry.OptionalBool("state") is { } on ? on : throw new QomException($"Parameter '{at}.state' is missing");
            Check(entry, at);
            settings.Add((name, state));
        }

        arguments.CheckNoneLeft();
        context.Qdev.Migration.SetCapabilities(settings);
        return null;
    }

    // A MigrationChannel, visited as QEMU's QAPI visitor visits it: channel-type, then addr (its
    // transport, then the members of that transport), each object checked for members left over.
    private static MigrationAddress Channel(JsonElement element, string at)
    {
        var channel = new QmpArguments(Object(element, at));
        Enum(channel, $"{at}.channel-type", "channel-type", ["main", "cpr"]);
        var addr = new QmpArguments(Object(channel.OptionalAny("addr") ?? throw new QomException($"Parameter '{at}.addr' is missing"), $"{at}.addr"));
        string a = $"{at}.addr";
        string transport = Enum(addr, $"{a}.transport", "transport", ["socket", "exec", "rdma", "file"]);
        MigrationAddress result;
        switch (transport)
        {
            case "socket":
                string type = Enum(addr, $"{a}.type", "type", ["inet", "unix", "vsock", "fd"]);
                result = type switch
                {
                    "inet" => Inet(addr, a, new("socket", "inet")),
                    "unix" => Unix(addr, a),
                    "vsock" => Strings(addr, a, new("socket", "vsock"), "cid", "port"),
                    _ => new("socket", "fd", Str(addr, a, "str")),
                };
                break;
            case "exec":
                addr.StringArray("args");
                result = new("exec");
                break;
            case "rdma":
                result = Inet(addr, a, new("rdma"));
                break;
            default:
                string filename = Str(addr, a, "filename");
                if (addr.OptionalInteger("offset") is null)
                {
                    throw new QomException($"Parameter '{a}.offset' is missing");
                }

                result = new("file", null, filename);
                break;
        }

        Check(addr, a);
        Check(channel, at);
        return result;
    }

    private static MigrationAddress Inet(QmpArguments addr, string at, MigrationAddress result)
    {
        Strings(addr, at, result, "host", "port");
        addr.OptionalBool("numeric");
        addr.OptionalInteger("to");
        addr.OptionalBool("ipv4");
        addr.OptionalBool("ipv6");
        addr.OptionalBool("keep-alive");
        addr.OptionalInteger("keep-alive-count");
        addr.OptionalInteger("keep-alive-idle");
        addr.OptionalInteger("keep-alive-interval");
        addr.OptionalBool("mptcp");
        return result;
    }

    private static MigrationAddress Unix(QmpArguments addr, string at)
    {
        string path = Str(addr, at, "path");
        addr.OptionalBool("abstract");
        addr.OptionalBool("tight");
        return new("socket", "unix", path);
    }

    private static MigrationAddress Strings(QmpArguments addr, string at, MigrationAddress result, params string[] names)
    {
        foreach (string name in names)
        {
            Str(addr, at, name);
        }

        return result;
    }

    private static string Str(QmpArguments members, string at, string name)
    {
        try
        {
            return members.OptionalString(name) ?? throw new QomException($"Parameter '{at}.{name}' is missing");
        }
        catch (QomException failure) when (failure.Message.StartsWith("Invalid parameter type for '" + name + "'", System.StringComparison.Ordinal))
        {
            throw QmpArguments.InvalidType($"{at}.{name}", "string");
        }
    }

    private static string Enum(QmpArguments members, string path, string name, IReadOnlyList<string> values)
    {
        string? value;
        try
        {
            value = members.OptionalString(name);
        }
        catch (QomException)
        {
            throw QmpArguments.InvalidType(path, "string");
        }

        if (value is null)
        {
            throw new QomException($"Parameter '{path}' is missing");
        }

        foreach (string allowed in values)
        {
            if (allowed == value)
            {
                return value;
            }
        }

        // QEMU names only the member here, not its path.
        throw new QomException($"Parameter '{name}' does not accept value '{value}'");
    }

    private static JsonElement Object(JsonElement element, string at) =>
        element.ValueKind == JsonValueKind.Object ? element : throw QmpArguments.InvalidType(at, "object");

    private static void Check(QmpArguments members, string at)
    {
        try
        {
            members.CheckNoneLeft();
        }
        catch (QomException failure) when (failure.Message.StartsWith("Parameter '", System.StringComparison.Ordinal))
        {
            throw new QomException("Parameter '" + at + "." + failure.Message["Parameter '".Length..]);
        }
    }
}
