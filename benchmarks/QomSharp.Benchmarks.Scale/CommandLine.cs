using System.Collections.Generic;
using QomSharp.Options;
using QomSharp.Qdev;

namespace QomSharp.Benchmarks.Scale;

/// <summary>
/// What the qomsharp tool does with <c>-machine q35</c> and a list of <c>-device</c> options: each
/// option parsed by QemuOpts (ids checked unique), the machine created, each device added in order,
/// then machine creation done. Printing the tree afterwards is not part of it.
/// </summary>
public static class CommandLine
{
    /// <summary>Runs the command line in a fresh context; returns the machine.</summary>
    public static Machine Run(IReadOnlyList<string> deviceOptions)
    {
        var context = new QomContext();
        var ids = QemuOptsGroup.CreateDevice();
        var parsed = new QemuOptsResult[deviceOptions.Count];
        for (int i = 0; i < parsed.Length; i++)
        {
            parsed[i] = QemuOptsParser.Parse(deviceOptions[i], "driver", ids);
        }

        var machine = Machine.Create(context, Machine.FindMachineClass(context, "q35")!);
        foreach (var result in parsed)
        {
            // As the tool does: the QemuOpts read as keyval inputs when the device is added.
            QdevMonitor.DeviceAdd(context, new QemuOptsInputs(result));
        }

        machine.CreationDone();
        return machine;
    }
}
