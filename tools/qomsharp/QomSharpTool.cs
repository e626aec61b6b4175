using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using QomSharp.Devices.Host;
using QomSharp.Devices.Pci;
using QomSharp.Monitor;
using QomSharp.Options;
using QomSharp.Qdev;

namespace QomSharp.Tool;

/// <summary>
/// The <c>qomsharp</c> command line, in QEMU's order: help requests, <c>-global</c>, option syntax
/// of every <c>-device</c> and <c>-object</c>, then the machine, the objects and the devices, each
/// error reported as <c>qomsharp: &lt;option&gt;: &lt;QEMU's message&gt;</c> with exit code 1.
/// Without <c>-qmp</c> or <c>-qtest</c> it prints the composition tree (<c>info qom-tree</c>) and exits 0.
/// </summary>
internal sealed class QomSharpTool(TextReader input, TextWriter output, TextWriter error)
{
    private const string MachineHelpHint = "Use -machine help to list supported machines\n";

    /// <summary>Runs the command line; returns the exit code.</summary>
    public int Run(string[] args) => Run(args, new QomContext(), batch: false);

    /// <summary>Runs the process's own command line (the program's entry): the machine is built with the collector held off (<see cref="BuildHeap"/>).</summary>
    public int RunProcess(string[] args) => Run(args, new QomContext(), batch: true);

    /// <summary>Runs the command line in <paramref name="context"/>; returns the exit code.</summary>
    public int Run(string[] args, QomContext context) => Run(args, context, batch: false);

    // batch: the process's own command line (RunProcess), which may hold off the collector while the
    // machine is built (BuildHeap); callers inside a process of their own (tests) do not.
    private int Run(string[] args, QomContext context, bool batch)
    {
        stats = RunStats.FromEnvironment();
        inBuildHeap = batch && !string.Equals(Environment.GetEnvironmentVariable("QOMSHARP_BUILD_HEAP"), "0", StringComparison.Ordinal)
            && BuildHeap.Enter(args.Length);
        stats?.Phase("heap");
        try
        {
            if (ToolArguments.IsPreflight(args))
            {
                return new Preflight.PreflightCommand(input, output, error).Run(args);
            }

            int status = Execute(ToolArguments.Parse(args), context);
            stats?.Write(error);
            return status;
        }
        catch (ToolError failure)
        {
            error.Write(failure.Location is null ? $"qomsharp: {failure.Message}\n" : $"qomsharp: {failure.Location}: {failure.Message}\n");
            if (failure.Hint is not null)
            {
                error.Write(failure.Hint);
            }

            ReportUnexpected(failure.InnerException);
            return 1;
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            // The last net: a failure outside any option still ends the run with an error, not a crash.
            error.Write($"qomsharp: {failure.Message}\n");
            ReportUnexpected(failure);
            return 1;
        }
        finally
        {
            LeaveBuildHeap();
        }
    }

    // Whether the build runs in the collector's no-collection region (BuildHeap).
    private bool inBuildHeap;

    private void LeaveBuildHeap()
    {
        if (inBuildHeap)
        {
            inBuildHeap = false;
            BuildHeap.Leave();
        }
    }

    // QOMSHARP_STATS: the run's phases and collections, written to the error output at the end.
    private RunStats? stats;

    /// <summary>The last exception that was not bad input but a failure of the tool itself (for tests).</summary>
    public Exception? UnexpectedFailure { get; private set; }

    // A failure that is not bad input is a bug: it still ends as an error, but says what it was.
    private void ReportUnexpected(Exception? failure)
    {
        if (failure is null or QomException or HostFormatException)
        {
            return;
        }

        UnexpectedFailure = failure;
        error.Write($"qomsharp: internal error: {failure.GetType().FullName}\n");
    }

    private int Execute(List<ToolOption> options, QomContext context)
    {
        if (HelpRequest(options, context) is { } help)
        {
            output.Write(help.Output);
            error.Write(help.Error);
            return 0;
        }

        // A warning while a -device is added carries the option, as QEMU's location does; warnings
        // QEMU prints while a monitor command runs carry no program name.
        // The board's warnings (as its CPUs are realized) carry the program name, as QEMU's do.
        ToolOption? addingDevice = null;
        bool buildingBoard = false;
        // qtest's commands run outside any monitor: their warnings carry the program name too.
        bool servingQtest = false;
        context.Qdev.Warning += text => error.Write(addingDevice is not null ? $"qomsharp: {addingDevice.Location}: warning: {text}"
            : buildingBoard || servingQtest ? "qomsharp: warning: " + text : "warning: " + text);
        context.Qdev.ErrorReported += text => error.Write(servingQtest || buildingBoard ? "qomsharp: " + text : text);
        // -incoming (even with -S): the guest waits for a migration.
        context.Qdev.RunState = options.Exists(static o => o.Name == "-incoming") ? RunState.Inmigrate
            : options.Exists(static o => o.Name == "-S") ? RunState.Prelaunch : RunState.Running;
        ToolOption? incoming = null;

        // A -device's QemuOpts are kept as parsed and turned into inputs only when the device is
        // added: a long command line then holds no per-device input lists at once.
        var devices = new List<(ToolOption Option, QemuOptsResult? Parsed, List<KeyValuePair<string, QomInput>>? Json)>(
            options.Count(static o => o.Name == "-device"));
        var objects = new List<ObjectOptions>();
        var objectIds = ObjectOptions.CreateGroup();
        var deviceIds = QemuOptsGroup.CreateDevice();
        var globals = QemuOptsGroup.CreateGlobal();
        var machineOptions = new MachineCommandLine();
        ToolOption? qmp = null;
        ToolOption? qtest = null;
        ToolOption? hostInfo = null;
        ToolOption? hostCapture = null;
        bool listDataDirectories = false;
        foreach (var option in options)
        {
            switch (option.Name)
            {
                case "-device" when option.Value!.StartsWith('{'):
                    devices.Add((option, null, At(option, () => JsonDeviceOptions(option.Value))));
                    break;
                case "-device":
                    var device = ParseDevice(option, deviceIds);
                    Warn(option, device.Warnings);
                    devices.Add((option, device, null));
                    break;
                case "-object" when option.Value!.StartsWith('{'):
                    objects.Add(At(option, () => ObjectOptions.FromJson(context, CommandLineJson.Parse(option.Value))));
                    break;
                case "-object":
                    var parsed = At(option, () => QemuOptsParser.Parse(option.Value, "qom-type", objectIds));
                    Warn(option, parsed.Warnings);
                    objects.Add(At(option, () => ObjectOptions.FromQemuOpts(context, parsed)));
                    break;
                case "-global":
                    var global = At(option, () => GlobalOption.Parse(option.Value!, globals));
                    Warn(option, global.Warnings);
                    if (global.Option is { } g)
                    {
                        context.Qdev.Globals.Add(new GlobalProperty(g.Driver, g.Property, g.Value));
                    }

                    break;
                case var _ when MachineCommandLine.Reads(option):
                    At(option, () => machineOptions.Read(option));
                    break;
                case "-qmp":
                    qmp = option;
                    break;
                case "-qtest":
                    qtest = option;
                    break;
                case "-host":
                    HostSelection.Set(context, At(option, () => HostSelection.Load(option.Value!)));
                    break;
                case "-display" when ToolOptionChecks.Display(option.Value!) is { } unavailable:
                    throw new ToolError(null, unavailable);
                case "-verdict" or "-print-qemu":
                    throw new ToolError(option.Location, "only with -preflight");
                case "-host-info" when option.Value is "text" or "json":
                    hostInfo = option;
                    break;
                case "-host-info":
                    throw new ToolError(option.Location, "expected text or json");
                case "-host-capture":
                    hostCapture = option;
                    break;
                case "-L" when option.Value is "help" or "?":
                    listDataDirectories = true;
                    break;
                case "-L":
                    FirmwareDirectories.Add(context, option.Value!);
                    break;
                case "-no-reboot":
                    context.Qdev.RebootShutsDown = true;
                    break;
                case "-no-shutdown":
                    context.Qdev.ShutdownPauses = true;
                    break;
                case "-action":
                    ReadAction(context, option.Value!);
                    break;
                case "-rtc":
                    Devices.Isa.RtcOptions.Set(context, RtcOption.Parse(option, Devices.Isa.RtcOptions.Get(context)));
                    break;
                case "-incoming":
                    // Read as QEMU reads it, at once; the last one counts.
                    incoming = IncomingOption.Read(option);
                    break;
            }
        }

        // As QEMU, once every option is read: the options that need a kernel (no option named).
        At(null, machineOptions.Validate);

        // Then the data directories: those given, then the built-in ones.
        if (listDataDirectories)
        {
            output.Write(string.Concat(FirmwareDirectories.List(context).Select(static d => d + "\n")));
            return 0;
        }

        machineOptions.MergeMemory();

        // The host alone: listed or captured, no machine built.
        if (hostInfo is not null || hostCapture is not null)
        {
            IHost host = HostSelection.Get(context);
            if (hostCapture is not null)
            {
                At(hostCapture, () => File.WriteAllText(hostCapture.Value!, HostJson.Write(host)));
                output.Write($"{hostCapture.Value}: {host.IommuUnits.Count} IOMMU units, {host.IommuGroups.Count} groups, {host.Devices.Count} PCI functions, {host.MdevDevices.Count} mediated device{(host.MdevDevices.Count == 1 ? "" : "s")}, {host.VdpaDevices.Count} vDPA device{(host.VdpaDevices.Count == 1 ? "" : "s")}\n");
            }

            if (hostInfo is not null)
            {
                output.Write(hostInfo.Value == "json" ? HostInfo.HostInfoJson.Format(host) : HostInfo.HostInfoText.Format(host));
            }

            return 0;
        }

        stats?.Phase("options");
        buildingBoard = true;
        var machine = CreateMachine(context, machineOptions, objects);
        buildingBoard = false;
        stats?.Phase("machine");

        int anonymous = 0;
        foreach (var (_, parsed, _) in devices)
        {
            anonymous += parsed?.Id is null ? 1 : 0;
        }

        QdevMonitor.ReserveAnonymous(context, anonymous);
        foreach (var (option, parsed, json) in devices)
        {
            addingDevice = option;
            AddDevice(context, option, json ?? (IReadOnlyList<KeyValuePair<string, QomInput>>)new QemuOptsInputs(parsed!), validateId: json is null);
        }

        addingDevice = null;
        stats?.Phase("devices");

        try
        {
            machine.CreationDone();
        }
        catch (QomException failure)
        {
            // A machine-init-done check failed: QEMU reports it without an option and exits.
            throw new ToolError(null, failure.Message, failure.Hint);
        }

        foreach (var warning in QdevMonitor.CheckGlobals(context))
        {
            error.Write($"qomsharp: warning: {warning}\n");
        }

        stats?.Phase("done");

        // Where QEMU starts the incoming migration's transport: it fails here, with QEMU's error where
        // QEMU fails without touching the host (a descriptor that is no number, a file that cannot
        // be opened); nothing here can receive a migration.
        if (incoming is not null)
        {
            string value = incoming.Value ?? string.Empty;
            try
            {
                if (IncomingOption.IsUri(value))
                {
                    context.Qdev.Migration.Start(QomSharp.Qdev.IncomingMigration.ParseUri(value), fromMonitor: false);
                }
            }
            catch (QomException failure)
            {
                throw new ToolError(incoming.Location, failure.Message);
            }

            throw new ToolError(incoming.Location, "receiving a migration is not supported: this machine cannot migrate");
        }

        if (qmp is not null)
        {
            // A server from here on: the collector's normal budgets.
            LeaveBuildHeap();
            return At(qmp, () => ServeQmp(context, qmp.Value!));
        }

        if (qtest is not null)
        {
            if (qtest.Value != "stdio")
            {
                throw new ToolError(qtest.Location, $"'{qtest.Value}' is not a supported qtest character device (use stdio)");
            }

            LeaveBuildHeap();
            servingQtest = true;
            new Qtest.QtestSession(context, output).Run(input);
            return Ended(context);
        }

        TreePrinter.QomTree(context, output);
        stats?.Phase("tree");
        return 0;
    }

    // QEMU's -action: reboot=reset|shutdown and shutdown=poweroff|pause are modelled; the other
    // actions (panic, watchdog) concern a guest that runs and are left alone.
    private static void ReadAction(QomContext context, string value)
    {
        foreach (string part in value.Split(','))
        {
            switch (part)
            {
                case "reboot=shutdown":
                    context.Qdev.RebootShutsDown = true;
                    break;
                case "reboot=reset":
                    context.Qdev.RebootShutsDown = false;
                    break;
                case "shutdown=pause":
                    context.Qdev.ShutdownPauses = true;
                    break;
                case "shutdown=poweroff":
                    context.Qdev.ShutdownPauses = false;
                    break;
            }
        }
    }

    // What a help request prints: its output, and an error that still ends the run with exit code 0.
    private sealed record Help(string Output, string Error = "");

    // -h, -version, -host help, -machine help / -machine T,help, -device help / -device T,help,
    // -object help / -object T,help: print and stop. As in QEMU's option loop, options before one of
    // these are parsed (and may fail) first.
    private static Help? HelpRequest(List<ToolOption> options, QomContext context)
    {
        foreach (var option in options)
        {
            // Most -device options ask for no help: checked without building the parse, and before
            // the other options' closures are made.
            if (option is { Name: "-device", Value: { } text } && !text.StartsWith('{') && text is not ("help" or "?") && !RequestsDeviceHelp(option, text))
            {
                continue;
            }

            if (HelpRequest(option, context) is { } help)
            {
                return help;
            }
        }

        return null;
    }

    private static bool RequestsDeviceHelp(ToolOption option, string value)
    {
        try
        {
            return QemuOptsParser.RequestsHelp(value, "driver");
        }
        catch (QomException failure)
        {
            throw new ToolError(option.Location, failure.Message, failure.Hint);
        }
        catch (Exception failure) when (failure is not (ToolError or OutOfMemoryException))
        {
            throw new ToolError(option.Location, failure.Message, inner: failure);
        }
    }

    private static Help? HelpRequest(ToolOption option, QomContext context)
    {
        string value = option.Value ?? string.Empty;
        switch (option.Name)
        {
            case "-h":
                return new(ToolUsage.Help);
            case "-version":
                return new(ToolUsage.Version);
            case "-host" when value is "help" or "?":
                return new(ToolUsage.HostList);
            case "-m":
                At(option, () => ToolOptionChecks.Memory(value));
                break;
            case "-name":
                At(option, () => ToolOptionChecks.Name(value));
                break;
            case "-display":
                At(option, () => ToolOptionChecks.Display(value));
                break;
            case "-smp":
                if (At(option, () => KeyvalParser.Parse(value, "cpus", allowHelp: true)).HelpRequested)
                {
                    return new(ToolUsage.SmpHelp);
                }

                break;
            case "-machine" when value is "help" or "?":
                return new(HelpText.MachineList(context));
            case "-machine":
                var machine = At(option, () => KeyvalParser.Parse(value, "type", allowHelp: true));
                if (machine.HelpRequested)
                {
                    return new(machine.Root.GetString("type") is { } type
                        ? HelpText.MachineHelp(context, type) ?? HelpText.MachineList(context)
                        : HelpText.MachineList(context));
                }

                break;
            case "-device" when value is "help" or "?":
                return new(HelpText.DeviceList(context));
            case "-device" when !value.StartsWith('{'):
                // RequestsDeviceHelp found a help request.
                var device = At(option, () => QemuOptsParser.Parse(value, "driver"));
                if (device.HelpRequested && device.Get("driver") is { } driver)
                {
                    // QEMU reports a type it cannot list and still exits with 0.
                    try
                    {
                        return new(HelpText.DeviceHelp(context, driver));
                    }
                    catch (QomException failure)
                    {
                        return new(string.Empty, $"qomsharp: {option.Location}: {failure.Message}\n");
                    }
                }

                break;
            case "-object" when value is "help" or "?":
                return new(HelpText.ObjectList(context));
            case "-object" when !value.StartsWith('{'):
                // A malformed option is reported in order with the others, after this pass.
                QemuOptsResult parsed;
                try
                {
                    parsed = QemuOptsParser.Parse(value, "qom-type");
                }
                catch (QomException)
                {
                    break;
                }

                if (parsed.HelpRequested)
                {
                    return new(parsed.Get("qom-type") is { } type
                        ? HelpText.ObjectHelp(context, type) ?? HelpText.ObjectList(context)
                        : HelpText.ObjectList(context));
                }

                break;
        }

        return null;
    }

    // QEMU applies the memory configuration and -machine's options to the machine before it builds
    // the board, so the board follows them (errors name no option).
    private Machine CreateMachine(QomContext context, MachineCommandLine options, List<ObjectOptions> objects)
    {
        string name = options.MachineName;
        MachineClass? machineClass = name.Length == 0
            ? Machine.ListMachineClasses(context).Find(static m => m.IsDefault)
            : Machine.FindMachineClass(context, name);
        if (machineClass is null)
        {
            throw new ToolError(null, $"unsupported machine type: \"{name}\"", MachineHelpHint);
        }

        Machine machine;
        try
        {
            if (machineClass.Deprecated)
            {
                error.Write($"qomsharp: warning: Machine type '{machineClass.MachineName}' is deprecated: {machineClass.DeprecationReason}\n");
            }

            machine = Machine.Create(context, machineClass, m => ConfigureMachine(m, options, objects));
        }
        catch (QomException error)
        {
            // A board device refusing (e.g. a -global that does not fit it) ends the run as in QEMU: no option prefix.
            throw new ToolError(null, error.Message, error.Hint);
        }

        return machine;
    }

    // QEMU's qemu_init between creating the machine and building its board: the early objects,
    // the machine's options, the memory backends (created late, after the options), then the
    // backend -machine memory-backend names. Each error names no option, as QEMU's do there.
    private static void ConfigureMachine(Machine machine, MachineCommandLine options, List<ObjectOptions> objects)
    {
        AddObjects(machine.Context, objects, late: false);
        options.Apply(machine, MachineCommandLine.Set);
        AddObjects(machine.Context, objects, late: true);
        machine.ResolveMemoryBackend();
    }

    // QEMU's object_create_early / object_create_late.
    private static void AddObjects(QomContext context, List<ObjectOptions> objects, bool late)
    {
        foreach (var parsed in objects)
        {
            if (parsed.CreatedLate == late)
            {
                UserCreatables.Add(context, parsed.Type, parsed.Id, parsed.Properties);
            }
        }
    }

    // -smp and -machine smp.*: the members as keyval strings, a nested one (smp.cores.x=1) as null.
    internal static List<KeyValuePair<string, QomInput?>> SmpMembers(KeyvalDict smp)
    {
        var members = new List<KeyValuePair<string, QomInput?>>(smp.Count);
        foreach (var (key, value) in smp)
        {
            members.Add(new(key, value is KeyvalString text ? QomInput.FromKeyval(text.Value) : null));
        }

        return members;
    }

    // -device key=value: QemuOpts strings, converted by the keyval rules.
    internal static List<KeyValuePair<string, QomInput>> KeyvalDeviceOptions(QemuOptsResult parsed)
    {
        var options = new List<KeyValuePair<string, QomInput>>(parsed.Options.Count + 1);
        if (parsed.Id is not null)
        {
            options.Add(new("id", QomInput.FromKeyval(parsed.Id)));
        }

        for (int i = 0; i < parsed.Options.Count; i++)
        {
            var (key, value) = parsed.Options[i];
            options.Add(new(key, QomInput.FromKeyval(value)));
        }

        return options;
    }

    // -device {json}: typed values, as QMP's typed visitor converts them.
    internal static List<KeyValuePair<string, QomInput>> JsonDeviceOptions(string text)
    {
        var root = CommandLineJson.Parse(text);

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new QomException("Invalid parameter type for 'null', expected: object");
        }

        var options = new List<KeyValuePair<string, QomInput>>();
        foreach (var member in root.EnumerateObject())
        {
            options.Add(new(member.Name, QomInput.FromJson(member.Value)));
        }

        return options;
    }

    private int ServeQmp(QomContext context, string spec)
    {
        if (spec == "stdio")
        {
            new Qmp.QmpSession(context, output).Run(input);
            return Ended(context);
        }

        var endpoint = Qmp.QmpSocketServer.ParseEndPoint(spec);
        using var server = new Qmp.QmpSocketServer(context, endpoint);
        server.ServeUntilQuit();
        return Ended(context);
    }

    // How a served run ends: 0, or where QEMU aborts (an invalid run-state transition) its message
    // and exit code 134 (a shell's code for a process that aborted).
    private int Ended(QomContext context)
    {
        if (context.Qdev.AbortReason is not { } reason)
        {
            return 0;
        }

        error.Write($"qomsharp: {reason}\n");
        return 134;
    }

    // A -machine member: a string leaf, or a keyval dictionary or list whose leaves keep the keyval rules.
    internal static QomInput Input(KeyvalNode value) => value is KeyvalString s
        ? QomInput.FromKeyval(s.Value)
        : QomInput.FromKeyvalTree(JsonDocument.Parse(value.ToJson(), new JsonDocumentOptions { MaxDepth = KeyvalParser.MaxDepth + 8 }).RootElement.Clone());

    private void Warn(ToolOption option, IReadOnlyList<OptionWarning> warnings)
    {
        foreach (var warning in warnings)
        {
            error.Write($"qomsharp: {option.Location}: warning: {warning.Message}\n{warning.Hint}");
        }
    }

    // Runs an option's step; its failure is reported at the option (at none when null).
    private static T At<T>(ToolOption? option, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (QomException failure)
        {
            throw new ToolError(option?.Location, failure.Message, failure.Hint);
        }
        catch (HostFormatException failure)
        {
            throw new ToolError(option?.Location, failure.Message);
        }
        catch (Exception failure) when (failure is not (ToolError or OutOfMemoryException))
        {
            throw new ToolError(option?.Location, failure.Message, inner: failure);
        }
    }

    // At(option, ...) around a -device's QemuOpts, without a closure and delegate per device.
    private static QemuOptsResult ParseDevice(ToolOption option, QemuOptsGroup deviceIds)
    {
        try
        {
            return QemuOptsParser.Parse(option.Value!, "driver", deviceIds);
        }
        catch (QomException failure)
        {
            throw new ToolError(option.Location, failure.Message, failure.Hint);
        }
        catch (Exception failure) when (failure is not (ToolError or OutOfMemoryException))
        {
            throw new ToolError(option.Location, failure.Message, inner: failure);
        }
    }

    // At(option, ...) for each -device, without a closure and delegates per device.
    private static void AddDevice(QomContext context, ToolOption option, IReadOnlyList<KeyValuePair<string, QomInput>> options, bool validateId)
    {
        try
        {
            QdevMonitor.DeviceAdd(context, options, validateId);
        }
        catch (QomException failure)
        {
            throw new ToolError(option.Location, failure.Message, failure.Hint);
        }
        catch (HostFormatException failure)
        {
            throw new ToolError(option.Location, failure.Message);
        }
        catch (Exception failure) when (failure is not (ToolError or OutOfMemoryException))
        {
            throw new ToolError(option.Location, failure.Message, inner: failure);
        }
    }

    private static void At(ToolOption? option, Action action) => At(option, () =>
    {
        action();
        return 0;
    });
}
