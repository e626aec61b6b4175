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
    /// <summary>The phases <see cref="Run"/> reports the bytes of, in order.</summary>
    public static readonly string[] Phases = ["options parsed", "machine", "devices added", "creation done"];

    /// <summary>
    /// Runs the command line in a fresh context; returns the machine. With <paramref name="phaseBytes"/>
    /// (as long as <see cref="Phases"/>), the bytes this thread allocated in each phase are added to it.
    /// </summary>
    public static Machine Run(IReadOnlyList<string> deviceOptions, long[]? phaseBytes = null)
    {
        long mark = System.GC.GetAllocatedBytesForCurrentThread();
        void Phase(int index)
        {
            if (phaseBytes is not null)
            {
                long now = System.GC.GetAllocatedBytesForCurrentThread();
                phaseBytes[index] += now - mark;
                mark = now;
            }
        }

        var context = new QomContext();
        var ids = QemuOptsGroup.CreateDevice();
        var parsed = new QemuOptsResult[deviceOptions.Count];
        for (int i = 0; i < parsed.Length; i++)
        {
            parsed[i] = QemuOptsParser.Parse(deviceOptions[i], "driver", ids);
        }

        Phase(0);
        var machine = Machine.Create(context, Machine.FindMachineClass(context, "q35")!);
        Phase(1);
        // As the tool does: room for the devices without an id made once.
        int anonymous = 0;
        foreach (var result in parsed)
        {
            anonymous += result.Id is null ? 1 : 0;
        }

        QdevMonitor.ReserveAnonymous(context, anonymous);
        foreach (var result in parsed)
        {
            // As the tool does: the QemuOpts read as keyval inputs when the device is added.
            QdevMonitor.DeviceAdd(context, new QemuOptsInputs(result));
        }

        Phase(2);
        machine.CreationDone();
        Phase(3);
        return machine;
    }
}
