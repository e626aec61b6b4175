using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using QomSharp.Devices.Backends;
using QomSharp.Devices.Host;
using QomSharp.Devices.I386;
using QomSharp.Devices.Machines;
using QomSharp.Devices.Vfio;
using QomSharp.Options;
using QomSharp.Qdev;
using QomSharp.Tool.Verdicts;

namespace QomSharp.Tool.Preflight;

/// <summary>
/// One preflight run: builds the configuration on one host with the device models, as the normal mode
/// does, but goes on past a failure so that every assigned device gets its verdict. Options outside
/// the model are read with QEMU's syntax and skipped. The checks are the models' own: this only
/// records what each device model accepted or refused, and with which of QEMU's errors.
/// </summary>
internal sealed class PreflightRunner
{
    private readonly IHost _host;
    private readonly bool _libvirt;
    private readonly QomContext _context = new();
    private readonly OutsideOptions _outside = new();
    private readonly List<ConfigurationError> _errors = [];
    private readonly List<AssignedDevice> _assigned = [];
    private readonly HashSet<string> _skippedIds = new(StringComparer.Ordinal);
    private readonly MachineCommandLine _machine = new();
    private string? _firstFailure;

    private PreflightRunner(IHost host, bool libvirt)
    {
        _host = host;
        _libvirt = libvirt;
        HostSelection.Set(_context, host);
    }

    /// <summary>Checks <paramref name="options"/> (a preflight command line) on <paramref name="host"/>.</summary>
    /// <param name="options">The options, as <see cref="ToolArguments.Parse"/> read them in preflight mode.</param>
    /// <param name="host">The host to check against.</param>
    /// <param name="libvirt">Whether the options were translated from a libvirt domain (fixes are then said in XML).</param>
    /// <param name="alsoNotChecked">Parts of the source outside the model that never became options (a domain's disks, interfaces, ...).</param>
    public static PreflightReport Run(IReadOnlyList<ToolOption> options, IHost host, bool libvirt = false, IReadOnlyList<string>? alsoNotChecked = null)
    {
        var runner = new PreflightRunner(host, libvirt);
        foreach (string label in alsoNotChecked ?? [])
        {
            runner._outside.Count(label);
        }

        return runner.Run(options);
    }

    // A -device of the model, parsed, in command-line order.
    private sealed record ParsedDevice(ToolOption Option, List<KeyValuePair<string, QomInput>> Properties, bool FromJson, string Driver, string? Id, string? Bus);

    // An assigned device and what became of it.
    private sealed class AssignedDevice(ParsedDevice parsed)
    {
        public ParsedDevice Parsed { get; } = parsed;
        public VfioPci? Realized { get; set; }
        public string? RealizeError { get; set; }
        public string? NotCheckedReason { get; set; }
        public string? MachineDoneError { get; set; }
    }

    private PreflightReport Run(IReadOnlyList<ToolOption> options)
    {
        var devices = new List<ParsedDevice>();
        var objects = new List<(ToolOption Option, ObjectOptions Parsed)>();
        try
        {
            var deviceIds = QemuOptsGroup.CreateDevice();
            var objectIds = ObjectOptions.CreateGroup();
            var globals = QemuOptsGroup.CreateGlobal();
            foreach (ToolOption option in options)
            {
                At(option, () => Read(option, devices, objects, deviceIds, objectIds, globals));
            }

            At(null, _machine.Validate);
            _machine.MergeMemory();
        }
        catch (ToolError failure)
        {
            // A command line QEMU cannot read: nothing is built.
            Fail(new ConfigurationError(failure.Location, failure.Message, null));
            return Report();
        }

        if (!CreateMachine(objects))
        {
            return Report();
        }

        foreach (ParsedDevice device in devices)
        {
            AddDevice(device);
        }

        try
        {
            ((Machine)_context.ResolvePath("/machine")!).CreationDone();
        }
        catch (QomException failure)
        {
            OnMachineDoneFailure(failure.Message);
        }

        return Report();
    }

    private void Read(ToolOption option, List<ParsedDevice> devices, List<(ToolOption, ObjectOptions)> objects, QemuOptsGroup deviceIds,
        QemuOptsGroup objectIds, QemuOptsGroup globals)
    {
        switch (option.Name)
        {
            case "-device":
                ReadDevice(option, devices, deviceIds);
                break;
            case "-object":
                ReadObject(option, objects, objectIds);
                break;
            case "-global":
                var global = GlobalOption.Parse(option.Value!, globals);
                if (global.Option is { } g)
                {
                    if (_context.FindClass(g.Driver) is null)
                    {
                        _outside.Count($"-global {g.Driver}");
                    }
                    else
                    {
                        _context.Qdev.Globals.Add(new GlobalProperty(g.Driver, g.Property, g.Value));
                    }
                }

                break;
            case "-machine" or "-smp" or "-m":
                // Merged into the machine options as QEMU does (-machine q35 -machine kernel_irqchip=split).
                _machine.Read(option);
                break;
            case "-L" when option.Value is not ("help" or "?"):
                // Where option ROMs (romfile=) are looked up, as on the real command line.
                Devices.Pci.FirmwareDirectories.Add(_context, option.Value!);
                break;
            case "-S" or "-nodefaults" or "-no-user-config" or "-nographic" or "-host" or "-preflight" or "-verdict" or "-domain-xml"
                or "-print-qemu" or "-host-info" or "-host-capture":
                break;
            default:
                _outside.Skip(option);
                break;
        }
    }

    private void ReadDevice(ToolOption option, List<ParsedDevice> devices, QemuOptsGroup deviceIds)
    {
        List<KeyValuePair<string, QomInput>> properties;
        bool fromJson = option.Value!.StartsWith('{');
        if (fromJson)
        {
            properties = QomSharpTool.JsonDeviceOptions(option.Value);
        }
        else
        {
            var parsed = QemuOptsParser.Parse(option.Value, "driver", deviceIds);
            properties = QomSharpTool.KeyvalDeviceOptions(parsed);
        }

        string? driver = Text(properties, "driver");
        string? id = Text(properties, "id");
        string? bus = Text(properties, "bus");
        if (driver is not null && _context.FindClass(driver) is null)
        {
            _outside.Count($"-device {driver}");
            if (id is not null)
            {
                _skippedIds.Add(id);
            }

            return;
        }

        devices.Add(new ParsedDevice(option, properties, fromJson, driver ?? string.Empty, id, bus));
    }

    private void ReadObject(ToolOption option, List<(ToolOption, ObjectOptions)> objects, QemuOptsGroup objectIds)
    {
        if (option.Value!.StartsWith('{'))
        {
            JsonElement root = CommandLineJson.Parse(option.Value);
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("qom-type", out JsonElement type)
                && type.ValueKind == JsonValueKind.String && _context.FindClass(type.GetString()!) is null)
            {
                _outside.Count($"-object {type.GetString()}");
                return;
            }

            objects.Add((option, ObjectOptions.FromJson(_context, root)));
            return;
        }

        var parsed = QemuOptsParser.Parse(option.Value, "qom-type", objectIds);
        if (parsed.Get("qom-type") is { } typeName && _context.FindClass(typeName) is null)
        {
            _outside.Count($"-object {typeName}");
            return;
        }

        objects.Add((option, ObjectOptions.FromQemuOpts(_context, parsed)));
    }

    // QEMU creates objects after reading every option (their errors name no option): memory
    // backends after the machine's options, the others before.
    private void AddObjects(List<(ToolOption Option, ObjectOptions Parsed)> objects, bool late)
    {
        foreach (var (_, parsed) in objects)
        {
            if (parsed.CreatedLate != late)
            {
                continue;
            }

            try
            {
                UserCreatables.Add(_context, parsed.Type, parsed.Id, parsed.Properties);
            }
            catch (QomException failure)
            {
                Fail(new ConfigurationError(null, failure.Message, Fix(failure.Message)));
            }
        }
    }

    private bool CreateMachine(List<(ToolOption Option, ObjectOptions Parsed)> objects)
    {
        string name = _machine.MachineName;
        MachineClass? machineClass = name.Length == 0
            ? Machine.ListMachineClasses(_context).Find(static m => m.IsDefault)
            : Machine.FindMachineClass(_context, name);
        if (machineClass is null)
        {
            Fail(new ConfigurationError(null, $"unsupported machine type: \"{name}\"", "use a q35 machine type ('qomsharp -machine help' lists them)"));
            return false;
        }

        bool optionsFit = true;
        try
        {
            // The options shape the board (its CPUs, its RAM), so they are set before it is built.
            Machine.Create(_context, machineClass, machine =>
            {
                AddObjects(objects, late: false);
                optionsFit = ApplyMachineOptions(machine);
                AddObjects(objects, late: true);
                machine.ResolveMemoryBackend();
            });
        }
        catch (QomException failure)
        {
            Fail(new ConfigurationError(null, failure.Message, Fix(failure.Message)));
            return false;
        }

        return optionsFit;
    }

    // The machine's options in QEMU's order; one the model does not have (an accelerator's:
    // kernel-irqchip, accel, ...) is counted as not checked, the first refused one ends the walk.
    private bool ApplyMachineOptions(Machine machine)
    {
        try
        {
            _machine.Apply(machine, (m, key, value) =>
            {
                if (key is not ("smp" or "memory") && m.FindProperty(key) is null)
                {
                    _outside.Count($"-machine {key}");
                    return;
                }

                MachineCommandLine.Set(m, key, value);
            });
        }
        catch (QomException failure)
        {
            Fail(new ConfigurationError(null, failure.Message, Fix(failure.Message)));
            return false;
        }

        return true;
    }

    private void AddDevice(ParsedDevice device)
    {
        bool assigned = _context.FindClass(device.Driver)?.DynamicCast(VfioPci.QomTypeName) is not null;
        var record = assigned ? new AssignedDevice(device) : null;
        if (record is not null)
        {
            _assigned.Add(record);
        }

        // A bus that only a skipped device would have made: this device cannot be placed here.
        if (device.Bus is { } bus && DependsOnSkipped(bus) is { } skipped)
        {
            if (device.Id is not null)
            {
                _skippedIds.Add(device.Id);
            }

            string reason = $"its bus '{bus}' belongs to '{skipped}', a device outside the model";
            if (record is not null)
            {
                record.NotCheckedReason = reason;
            }
            else
            {
                _outside.Count($"-device {device.Driver}");
            }

            return;
        }

        try
        {
            Device added = QdevMonitor.DeviceAdd(_context, device.Properties, validateId: !device.FromJson);
            if (record is not null)
            {
                record.Realized = added as VfioPci;
            }
        }
        catch (QomException failure)
        {
            _firstFailure ??= $"{device.Option.Location}: {failure.Message}";
            if (record is not null)
            {
                record.RealizeError = failure.Message;
            }
            else
            {
                _errors.Add(new ConfigurationError(device.Option.Location, failure.Message, Fix(failure.Message)));
            }
        }
    }

    private string? DependsOnSkipped(string bus)
    {
        string owner = bus.Split('/')[^1];
        foreach (string id in _skippedIds)
        {
            if (owner == id || owner.StartsWith(id + ".", StringComparison.Ordinal))
            {
                return id;
            }
        }

        return null;
    }

    private void OnMachineDoneFailure(string message)
    {
        _firstFailure ??= message;
        if (QemuChecks.CachingMode.Error!.IsMatch(message) && _assigned.Exists(a => a.Realized is not null))
        {
            foreach (AssignedDevice device in _assigned.Where(a => a.Realized is not null))
            {
                device.MachineDoneError = message;
            }

            return;
        }

        _errors.Add(new ConfigurationError(null, message, Fix(message)));
    }

    private void Fail(ConfigurationError error)
    {
        _firstFailure ??= error.Location is null ? error.Message : $"{error.Location}: {error.Message}";
        _errors.Add(error);
    }

    private string? Fix(string message) => QemuFixes.For(message, new FixContext(_libvirt));

    private PreflightReport Report()
    {
        Device? viommu = (_context.ResolvePath("/machine") as PcMachine)?.DefaultIommu;
        var verdicts = _assigned.Select(a => DeviceVerdictOf(a, viommu)).ToList();
        Verdict verdict = _errors.Count > 0 ? Verdict.DoesNotFit : Verdict.Fits;
        foreach (DeviceVerdict device in verdicts)
        {
            verdict = VerdictNames.Worst(verdict, device.Verdict);
        }

        string reason = _firstFailure
            ?? (verdicts.Find(d => d.Verdict == Verdict.CouldNotCheck) is { } skipped ? $"{skipped.Id ?? skipped.Option}: not checked: {skipped.NotCheckedReason}" : "fits");
        return new PreflightReport
        {
            Host = _host.Origin,
            Verdict = verdict,
            Reason = reason,
            NotChecked = _outside.Options,
            Errors = _errors,
            Devices = verdicts,
            QemuWouldPrint = _firstFailure,
        };
    }

    private DeviceVerdict DeviceVerdictOf(AssignedDevice device, Device? viommu)
    {
        ParsedDevice parsed = device.Parsed;
        string? hostText = Text(parsed.Properties, "host") ?? (Text(parsed.Properties, "sysfsdev") is { } sysfs ? Path.GetFileName(sysfs.TrimEnd('/')) : null);
        HostPciDevice? function = PciHostAddress.TryParse(hostText, out PciHostAddress? address) ? _host.FindDevice(address.Value) : null;
        string name = parsed.Id ?? hostText ?? parsed.Option.Location;
        string backend = parsed.Properties.Exists(p => p.Key == "iommufd") ? "iommufd" : "legacy";
        var members = new List<GroupMember>();
        var toRebind = new List<(string, string?)>();
        if (function is not null && HostDrivers.Of(function) != "vfio-pci")
        {
            toRebind.Add((function.Address.ToString(), HostDrivers.Of(function)));
        }

        if (function is { IommuGroup: { } group })
        {
            foreach (HostPciDevice member in _host.Devices.Where(d => d.IommuGroup == group && d.Address != function.Address))
            {
                string? driver = HostDrivers.Of(member);
                if (driver is not (null or "vfio-pci" or "pci-stub"))
                {
                    // A function on a host driver doing its own DMA keeps the group from VFIO.
                    toRebind.Add((member.Address.ToString(), driver));
                }

                members.Add(new GroupMember(member.Address.ToString(), member.Description, driver, AssignedAs(member.Address, device)));
            }
        }

        var checks = Checks(device, viommu, backend, out string? error);
        Verdict verdict = device.NotCheckedReason is not null ? Verdict.CouldNotCheck
            : checks.Exists(c => c.Outcome == CheckOutcome.Fail) ? Verdict.DoesNotFit : Verdict.Fits;
        string? other = members.Find(m => m.AssignedAs is not null)?.AssignedAs;
        return new DeviceVerdict
        {
            Option = parsed.Option.Location,
            Id = parsed.Id,
            HostAddress = function?.Address.ToString() ?? hostText,
            HostDescription = function?.Description,
            HostIds = function is null ? null : FormattableString.Invariant($"{function.VendorId:x4}:{function.DeviceId:x4}"),
            HostDriver = function is null ? null : HostDrivers.Of(function),
            IommuUnit = function?.IommuUnit,
            IommuGroup = function?.IommuGroup,
            GroupMembers = members,
            Backend = backend,
            HostAwBits = HostAwBits(device, function),
            ViommuAwBits = viommu switch { IntelIommu intel => intel.AwBits, QomSharp.Devices.Virtio.VirtioIommuPci { Backend: { } virtio } => virtio.AwBits, _ => null },
            Viommu = viommu?.TypeName,
            Verdict = verdict,
            Checks = checks,
            Error = error,
            NotCheckedReason = device.NotCheckedReason,
            Fix = error is null ? null : QemuFixes.For(error, new FixContext(_libvirt, name, other, toRebind)),
        };
    }

    // The checks in QEMU's order: those before the failing one passed, those after it were not reached.
    private static List<CheckResult> Checks(AssignedDevice device, Device? viommu, string backend, out string? error)
    {
        error = device.RealizeError ?? device.MachineDoneError;
        var results = new List<CheckResult>();
        if (device.NotCheckedReason is not null)
        {
            return results;
        }

        IReadOnlyList<QemuCheck> listed = QemuChecks.For(backend);
        QemuCheck? failed = device.RealizeError is { } realizeError ? QemuChecks.Classify(realizeError, listed)
            : device.MachineDoneError is not null ? QemuChecks.CachingMode : null;
        bool reached = true;
        foreach (QemuCheck check in listed)
        {
            bool applies = !check.NeedsViommu || (viommu is not null && (check != QemuChecks.CachingMode || viommu is IntelIommu));
            if (check == failed)
            {
                results.Add(new CheckResult(check, CheckOutcome.Fail, error));
                reached = false;
            }
            else
            {
                results.Add(new CheckResult(check, !applies ? CheckOutcome.NotApplicable : reached ? CheckOutcome.Pass : CheckOutcome.NotReached));
            }
        }

        return results;
    }

    private int? HostAwBits(AssignedDevice device, HostPciDevice? function)
    {
        try
        {
            if (device.Realized?.VfioDevice?.HostIommuDevice is { HasGetCap: true } hiod)
            {
                return hiod.GetCap(HostIommuDeviceCap.AwBits);
            }

            return function is { IsAssignable: true } ? SimulatedKernelIovaRanges.ForDevice(_host, function.Address).HostAwBits : null;
        }
        catch (Exception failure) when (failure is QomException or InvalidOperationException)
        {
            return null;
        }
    }

    private string? AssignedAs(PciHostAddress address, AssignedDevice self)
    {
        foreach (AssignedDevice other in _assigned)
        {
            if (other != self && Text(other.Parsed.Properties, "host") is { } text
                && PciHostAddress.TryParse(text, out PciHostAddress? otherAddress) && otherAddress.Value == address)
            {
                return other.Parsed.Id ?? address.ToString();
            }
        }

        return null;
    }

    private static string? Text(List<KeyValuePair<string, QomInput>> properties, string key)
    {
        foreach (var (name, value) in properties)
        {
            if (name == key)
            {
                try
                {
                    return value.ReadString(key);
                }
                catch (QomException)
                {
                    return null;
                }
            }
        }

        return null;
    }

    // Runs an option's step; its failure is reported at the option (at none when null).
    private static void At(ToolOption? option, Action action)
    {
        try
        {
            action();
        }
        catch (QomException failure)
        {
            throw new ToolError(option?.Location, failure.Message, failure.Hint);
        }
        catch (HostFormatException failure)
        {
            throw new ToolError(option?.Location, failure.Message);
        }
    }

}
