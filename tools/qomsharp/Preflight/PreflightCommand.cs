using System;
using System.Collections.Generic;
using System.IO;
using QomSharp.Devices.Host;
using QomSharp.Tool.Verdicts;

namespace QomSharp.Tool.Preflight;

/// <summary>
/// <c>qomsharp -preflight [-verdict text|json] [-host H] QEMU-OPTIONS...</c>: a whole QEMU command
/// line (or, with <c>-domain-xml</c>, a libvirt domain) checked against a host, printed as a verdict
/// per assigned device. Exit status: 0 fits, 1 does not fit, 2 could not check.
/// </summary>
internal sealed class PreflightCommand(TextReader input, TextWriter output, TextWriter error)
{
    /// <summary>Runs the preflight command line; returns the exit status.</summary>
    public int Run(string[] args)
    {
        List<ToolOption> options;
        try
        {
            options = ToolArguments.Parse(args, preflight: true);
        }
        catch (ToolError failure)
        {
            // QEMU would refuse this command line.
            error.Write(failure.Location is null ? $"qomsharp: {failure.Message}\n" : $"qomsharp: {failure.Location}: {failure.Message}\n");
            return (int)Verdict.DoesNotFit;
        }

        string format = "text";
        string hostSpec = "default";
        string? domainXml = null;
        bool printQemu = false;
        foreach (ToolOption option in options)
        {
            switch (option.Name)
            {
                case "-verdict" when option.Value is "text" or "json":
                    format = option.Value;
                    break;
                case "-verdict":
                    return CouldNotCheck($"{option.Location}: expected text or json");
                case "-host":
                    hostSpec = option.Value!;
                    break;
                case "-domain-xml":
                    domainXml = option.Value;
                    break;
                case "-print-qemu":
                    printQemu = true;
                    break;
                case "-qmp" or "-qtest" or "-host-info" or "-host-capture":
                    // Nothing is served or listed in a preflight: these are skipped like any option outside the model.
                    break;
            }
        }

        IReadOnlyList<string>? commandLine = null;
        IReadOnlyList<string>? untranslated = null;
        if (domainXml is not null)
        {
            try
            {
                string text = domainXml == "-" ? input.ReadToEnd() : File.ReadAllText(domainXml);
                var domain = Libvirt.LibvirtDomain.Parse(text, domainXml == "-" ? "<stdin>" : domainXml);
                commandLine = domain.QemuArguments();
                untranslated = domain.Untranslated;
                var translated = ToolArguments.Parse([.. commandLine], preflight: true);
                translated.AddRange(options);
                options = translated;
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or Libvirt.DomainXmlException or ToolError)
            {
                return CouldNotCheck($"-domain-xml {domainXml}: {failure.Message}");
            }
        }

        if (printQemu && commandLine is not null)
        {
            output.Write(ShellWords.Join(["qemu-system-x86_64", .. commandLine]) + "\n");
        }

        if (Directory.Exists(hostSpec) && !hostSpec.StartsWith("sysfs:", StringComparison.Ordinal))
        {
            return new FleetCommand(output).Run(options, hostSpec, format, domainXml is not null, untranslated);
        }

        IHost host;
        try
        {
            host = HostSelection.Load(hostSpec);
        }
        catch (HostFormatException failure)
        {
            return CouldNotCheck($"-host {hostSpec}: {failure.Message}");
        }

        PreflightReport report = PreflightRunner.Run(options, host, domainXml is not null, untranslated);
        output.Write(format == "json" ? VerdictJson.Format(report, commandLine) : VerdictText.Format(report));
        return (int)report.Verdict;
    }

    private int CouldNotCheck(string message)
    {
        error.Write($"qomsharp: {message}\n");
        return (int)Verdict.CouldNotCheck;
    }
}
