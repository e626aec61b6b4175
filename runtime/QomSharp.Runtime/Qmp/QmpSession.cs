using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using QomSharp.Json;
using QomSharp.Monitor;
using QomSharp.Qdev;
using QomSharp.Qmp.Commands;

namespace QomSharp.Qmp;

/// <summary>
/// One QMP connection: the greeting, capabilities negotiation (with the <c>oob</c> capability),
/// then commands answered in order, with QEMU 10.0's error classes and texts. Events
/// (DEVICE_DELETED, SHUTDOWN, SUSPEND, ...) are written between replies. Input may split or join JSON values
/// across lines as QEMU allows. Commands beyond the QOM and qdev core are in
/// <see cref="Commands.QmpCommands"/>.
/// </summary>
public sealed class QmpSession
{
    private readonly QomContext context;
    private readonly TextWriter output;
    private readonly object writeLock = new();
    private bool negotiated;
    private bool outOfBand;

    /// <summary>Creates a session over <paramref name="output"/> for the universe <paramref name="context"/>.</summary>
    public QmpSession(QomContext context, TextWriter output)
    {
        this.context = context;
        this.output = output;
    }

    /// <summary>
    /// Whether the transport can run commands out of band, so the greeting offers <c>oob</c>
    /// (QEMU: the character device has its own I/O context, as stdio and sockets do).
    /// </summary>
    public bool OutOfBandAvailable { get; init; } = true;

    /// <summary>Set when a client sent <c>quit</c>.</summary>
    public bool QuitRequested { get; private set; }

    /// <summary>
    /// Called with the command name and the exception when a command fails with something other
    /// than a <see cref="QomException"/> (a bug, not bad input): the client gets a GenericError and
    /// the session goes on. By default the failure is written to standard error.
    /// </summary>
    public Action<string, Exception> UnexpectedFailure { get; set; } = WriteToStandardError;

    /// <summary>The default <see cref="UnexpectedFailure"/>: one line on standard error naming the exception's type.</summary>
    public static void WriteToStandardError(string command, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        Console.Error.WriteLine($"qomsharp: QMP command '{command}' failed unexpectedly: {failure.GetType().FullName}: {failure.Message}");
    }

    /// <summary>Serves the connection until end of input or <c>quit</c>.</summary>
    public void Run(TextReader input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var encoder = new UTF8Encoding(false).GetEncoder();
        var chars = new char[4096];
        Serve(bytes =>
        {
            int read = input.Read(chars, 0, chars.Length);
            return read <= 0 ? 0 : encoder.GetBytes(chars, 0, read, bytes, 0, flush: false);
        });
    }

    /// <summary>Serves the connection on a byte stream (a socket) until end of input or <c>quit</c>.</summary>
    public void Run(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Serve(bytes => input.Read(bytes, 0, 4096));
    }

    // A value that is still open at end of input is dropped, as QEMU drops it when a client goes away.
    private void Serve(Func<byte[], int> read)
    {
        context.Qdev.DeviceDeleted += OnDeviceDeleted;
        context.Qdev.Reset += OnReset;
        context.Qdev.Shutdown += OnShutdown;
        context.Qdev.DeviceEvent += OnDeviceEvent;
        context.Qdev.MachineEvent += OnMachineEvent;
        try
        {
            Send(new JsonObject { ["QMP"] = new JsonObject { ["version"] = Version(), ["capabilities"] = OutOfBandAvailable ? new JsonArray("oob") : new JsonArray() } });
            var stream = new QemuJsonStream();
            var bytes = new byte[4 * 4096];
            int count;
            while (!QuitRequested && (count = read(bytes)) > 0)
            {
                for (int i = 0; i < count && !QuitRequested; i++)
                {
                    stream.Feed(bytes[i]);
                    while (!QuitRequested && stream.TryTake(out var result))
                    {
                        Handle(result);
                    }
                }
            }
        }
        finally
        {
            context.Qdev.DeviceDeleted -= OnDeviceDeleted;
            context.Qdev.Reset -= OnReset;
            context.Qdev.Shutdown -= OnShutdown;
            context.Qdev.DeviceEvent -= OnDeviceEvent;
            context.Qdev.MachineEvent -= OnMachineEvent;
        }
    }

    /// <summary>Answers the requests in <paramref name="text"/> (JSON values, as a client would send them).</summary>
    public void Handle(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new QemuJsonStream();
        stream.Feed(Encoding.UTF8.GetBytes(text));
        stream.Flush();
        while (stream.TryTake(out var result))
        {
            Handle(result);
        }
    }

    // The DEVICE_DELETED of the unplugs the command completes (a device_del that unplugs at once, a
    // reset in the main loop's step) wait for the reply: QEMU sends each when the released function
    // is finalized, which RCU puts after the monitor's answer. The hold ends however the command
    // ends (an I/O error or out of memory passes through).
    private void Handle(QemuJsonResult parsed)
    {
        heldDeletions = [];
        try
        {
            HandleHolding(parsed);
        }
        finally
        {
            heldDeletions = null;
        }
    }

    private void HandleHolding(QemuJsonResult parsed)
    {
        JsonNode? id = null;
        string? command = null;
        JsonObject reply;
        try
        {
            if (parsed.Error is { } parseError)
            {
                throw new QomException(parseError);
            }

            JsonElement request = parsed.Value;
            if (request.ValueKind != JsonValueKind.Object)
            {
                throw new QomException("QMP input must be a JSON object");
            }

            string? outOfBandCommand = null;
            JsonElement? arguments = null;
            foreach (var member in request.EnumerateObject())
            {
                switch (member.Name)
                {
                    case "execute":
                        command = member.Value.ValueKind == JsonValueKind.String
                            ? member.Value.GetString()
                            : throw new QomException("QMP input member 'execute' must be a string");
                        break;
                    // Accepted only once the client enabled the oob capability.
                    case "exec-oob" when outOfBand:
                        outOfBandCommand = member.Value.ValueKind == JsonValueKind.String
                            ? member.Value.GetString()
                            : throw new QomException("QMP input member 'exec-oob' must be a string");
                        break;
                    case "arguments":
                        arguments = member.Value.ValueKind == JsonValueKind.Object
                            ? member.Value
                            : throw new QomException("QMP input member 'arguments' must be an object");
                        break;
                    case "id":
                        id = JsonNode.Parse(member.Value.GetRawText(), documentOptions: new JsonDocumentOptions { MaxDepth = QemuJsonLimits.MaxNesting + 8 });
                        break;
                    default:
                        throw new QomException($"QMP input member '{member.Name}' is unexpected");
                }
            }

            if (command is not null && outOfBandCommand is not null)
            {
                throw new QomException("QMP input member 'execute' clashes with 'exec-oob'");
            }

            if (outOfBandCommand is not null)
            {
                // No served command may run out of band (QEMU allows it only for migration recovery).
                throw QmpCommands.Names.Contains(outOfBandCommand)
                    ? new QomException($"The command {outOfBandCommand} does not support OOB")
                    : new QomException($"The command {outOfBandCommand} has not been found", QomErrorClass.CommandNotFound);
            }

            if (command is null)
            {
                throw new QomException("QMP input lacks member 'execute'");
            }

            var result = Execute(command, new QmpArguments(arguments));
            reply = new JsonObject { ["return"] = result ?? new JsonObject() };
            if (id is not null)
            {
                reply["id"] = id;
            }

            if (command == "quit")
            {
                SendEvent("SHUTDOWN", new JsonObject { ["guest"] = false, ["reason"] = "host-qmp-quit" });
                QuitRequested = true;
            }
        }
        catch (Exception failure) when (failure is not (OutOfMemoryException or IOException))
        {
            if (failure is not QomException)
            {
                UnexpectedFailure(command ?? string.Empty, failure);
            }

            reply = new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["class"] = (failure is QomException q ? q.ErrorClass : QomErrorClass.GenericError).ToString(),
                    ["desc"] = failure.Message,
                },
            };
            if (id is not null)
            {
                reply["id"] = id.DeepClone();
            }
        }

        // QEMU runs the command in a bottom half and its main loop step before the monitor sends the
        // reply: a reset, shutdown or power-down asked for now happens here, its events first.
        context.Qdev.RunPendingRequests();
        Send(reply);
        var deleted = heldDeletions!;
        heldDeletions = null;
        foreach (var data in deleted)
        {
            SendEvent("DEVICE_DELETED", data);
        }

        if (context.Qdev.ExitRequested)
        {
            QuitRequested = true;
        }
    }

    private JsonNode? Execute(string command, QmpArguments args)
    {
        if (!negotiated && command != "qmp_capabilities")
        {
            throw new QomException("Expecting capabilities negotiation with 'qmp_capabilities'", QomErrorClass.CommandNotFound);
        }

        switch (command)
        {
            case "qmp_capabilities":
                if (negotiated)
                {
                    throw new QomException("Capabilities negotiation is already complete, command ignored", QomErrorClass.CommandNotFound);
                }

                outOfBand = NegotiateOutOfBand(args);
                negotiated = true;
                return null;
            case "query-version":
                args.CheckNoneLeft();
                return Version();
            case "quit":
                args.CheckNoneLeft();
                return null;
            case "system_reset":
                args.CheckNoneLeft();
                context.Qdev.RequestReset(guest: false, "host-qmp-system-reset");
                return null;
            case "input-send-event":
                // The events are checked by nothing here: a guest that has not run takes none (QEMU's
                // qmp_input_send_event refuses them first), and input devices are not modelled.
                if (context.Qdev.RunState != RunState.Running)
                {
                    throw new QomException("VM not running");
                }

                throw new QomException("input events are not modelled");
            case "qom-list":
            {
                string path = args.String("path");
                args.CheckNoneLeft();
                var list = new JsonArray();
                foreach (var row in Introspection.QomList(context, path))
                {
                    list.Add((JsonNode)new JsonObject { ["name"] = row.Name, ["type"] = row.Type });
                }

                return list;
            }

            case "qom-get":
            {
                string path = args.String("path");
                string property = args.String("property");
                args.CheckNoneLeft();
                return ResolveForGetSet(path).GetPropertyValue(property);
            }

            case "qom-set":
            {
                string path = args.String("path");
                string property = args.String("property");
                var value = args.Any("value");
                args.CheckNoneLeft();
                ResolveForGetSet(path).SetPropertyJson(property, value);
                return null;
            }

            case "qom-list-types":
            {
                string? implements = args.OptionalString("implements");
                bool includeAbstract = args.OptionalBool("abstract") ?? false;
                args.CheckNoneLeft();
                var list = new JsonArray();
                foreach (var type in Introspection.ListTypes(context, implements, includeAbstract))
                {
                    var row = new JsonObject { ["name"] = type.Name };
                    if (type.IsAbstract)
                    {
                        row["abstract"] = true;
                    }

                    if (type.Parent is not null)
                    {
                        row["parent"] = type.Parent;
                    }

                    list.Add((JsonNode)row);
                }

                return list;
            }

            case "qom-list-properties":
            {
                string typeName = args.String("typename");
                args.CheckNoneLeft();
                return PropertyRows(Introspection.QomListProperties(context, typeName));
            }

            case "device-list-properties":
            {
                string typeName = args.String("typename");
                args.CheckNoneLeft();
                return PropertyRows(Introspection.DeviceListProperties(context, typeName));
            }

            case "device_add":
                QdevMonitor.DeviceAdd(context, DeviceAddOptions(args.TakeRest()), validateId: false);
                return null;

            case "device_del":
            {
                string id = args.String("id");
                args.CheckNoneLeft();
                QdevMonitor.DeviceDelete(context, id);
                return null;
            }

            case "object-del":
            {
                string id = args.String("id");
                args.CheckNoneLeft();
                UserCreatables.Delete(context, id);
                return null;
            }

            case "human-monitor-command":
            {
                string line = args.String("command-line");
                long? cpu = args.OptionalInteger("cpu-index");
                args.CheckNoneLeft();
                if (cpu is { } index && index != 0)
                {
                    // The machine has QEMU's default single vCPU, number 0.
                    throw new QomException("Parameter 'cpu-index' expects a CPU number");
                }

                return Hmp.Execute(context, line).Replace("\n", "\r\n", StringComparison.Ordinal);
            }

            default:
                return QmpCommands.Find(command) is { } handler
                    ? handler(context, args)
                    : throw new QomException($"The command {command} has not been found", QomErrorClass.CommandNotFound);
        }
    }

    // qom-get/qom-set do not ask about ambiguity: both report "not found" (QEMU 7.2).
    private QomObject ResolveForGetSet(string path) =>
        context.ResolvePath(path) ?? throw new QomException($"Device '{path}' not found", QomErrorClass.DeviceNotFound);

    // QEMU 10.0's device_add takes typed JSON values, as -device {...} does. driver, bus and id are
    // read only when they are strings (qdict_get_try_str): another type counts as absent.
    private static List<KeyValuePair<string, QomInput>> DeviceAddOptions(List<KeyValuePair<string, JsonElement>> members)
    {
        var options = new List<KeyValuePair<string, QomInput>>();
        foreach (var (name, value) in members)
        {
            if (name is "driver" or "bus" or "id" && value.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            options.Add(new(name, QomInput.FromJson(value)));
        }

        return options;
    }

    // qmp_capabilities' enable: a list of QMPCapability values; oob must be on offer.
    private bool NegotiateOutOfBand(QmpArguments args)
    {
        var enable = args.OptionalArray("enable") ?? [];
        args.CheckNoneLeft();
        bool oob = false;
        foreach (var capability in enable)
        {
            if (capability.ValueKind != JsonValueKind.String)
            {
                throw QmpArguments.InvalidType("null", "string");
            }

            if (capability.GetString() != "oob")
            {
                throw new QomException($"Parameter 'null' does not accept value '{capability.GetString()}'");
            }

            oob = true;
        }

        if (oob && !OutOfBandAvailable)
        {
            throw new QomException("Capability oob not available");
        }

        return oob;
    }

    private static JsonArray PropertyRows(List<Monitor.PropertyInfo> rows)
    {
        var list = new JsonArray();
        foreach (var row in rows)
        {
            var entry = new JsonObject { ["name"] = row.Name, ["type"] = row.Type };
            if (row.Description is not null)
            {
                entry["description"] = row.Description;
            }

            if (row.DefaultValue is not null)
            {
                entry["default-value"] = row.DefaultValue.DeepClone();
            }

            list.Add((JsonNode)entry);
        }

        return list;
    }

    // The QEMU release followed, and QomSharp's own version where a distribution puts its package's.
    private static JsonObject Version() => new()
    {
        ["qemu"] = new JsonObject { ["micro"] = QomVersion.QemuMicro, ["minor"] = QomVersion.QemuMinor, ["major"] = QomVersion.QemuMajor },
        ["package"] = QomVersion.Package,
    };

    private void OnReset(bool guest, string reason) =>
        SendEvent("RESET", new JsonObject { ["guest"] = guest, ["reason"] = reason });

    private void OnShutdown(bool guest, string reason) =>
        SendEvent("SHUTDOWN", new JsonObject { ["guest"] = guest, ["reason"] = reason });

    // While a command and the main loop step after it run: the DEVICE_DELETED of the unplugs they
    // complete, sent after the reply.
    private List<JsonObject>? heldDeletions;

    private void OnDeviceDeleted(string? id, string path)
    {
        var data = new JsonObject();
        if (id is not null)
        {
            data["device"] = id;
        }

        data["path"] = path;
        if (heldDeletions is { } held)
        {
            held.Add(data);
        }
        else
        {
            SendEvent("DEVICE_DELETED", data);
        }
    }

    // Each session sends its own copy: a node has one parent.
    private void OnDeviceEvent(string name, JsonObject data) => SendEvent(name, (JsonObject)data.DeepClone());

    // An event without data (SUSPEND, WAKEUP, ...) has no data member, as QEMU sends it.
    private void OnMachineEvent(string name) => SendEvent(name, null);

    private void SendEvent(string name, JsonObject? data)
    {
        long microseconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        var message = new JsonObject
        {
            ["timestamp"] = new JsonObject { ["seconds"] = microseconds / 1_000_000, ["microseconds"] = microseconds % 1_000_000 },
            ["event"] = name,
        };
        if (data is not null)
        {
            message["data"] = data;
        }

        Send(message);
    }

    private void Send(JsonNode message)
    {
        lock (writeLock)
        {
            output.Write(QmpJson.Write(message));
            output.Write("\r\n");
            output.Flush();
        }
    }
}
