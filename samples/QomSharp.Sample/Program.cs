using System;
using System.Collections.Generic;
using QomSharp;
using QomSharp.Monitor;
using QomSharp.Qdev;
using QomSharp.Sample;

// A q35 machine with two of the sample's devices, each created by its QOM name as -device does.
var context = new QomContext();
var machine = Machine.Create(context, Machine.FindMachineClass(context, "q35")!);
Device Add(params string[] options)
{
    var list = new List<KeyValuePair<string, QomInput>>();
    foreach (string option in options)
    {
        string[] pair = option.Split('=', 2);
        list.Add(new(pair[0], QomInput.FromKeyval(pair[1])));
    }

    return QdevMonitor.DeviceAdd(context, list);
}

Add("driver=sample-pci-dev", "id=s0", "level=7");
var second = Add("driver=sample-pci-dev", "id=s1", "peer=/machine/peripheral/s0");
try
{
    Add("driver=sample-pci-dev", "level=-1");
}
catch (QomException error)
{
    Console.WriteLine($"error: {error.Message}");
}

machine.CreationDone();

Console.Write(HelpText.DeviceHelp(context, "sample-pci-dev"));
Console.WriteLine($"s1.peer = {second.GetPropertyString("peer")}");
Console.WriteLine($"s1 is-a sample-leveled: {second.DynamicCast("sample-leveled") is ILeveled}");
Console.WriteLine($"s0 level = {((ILeveled)context.ResolvePath("/machine/peripheral/s0")!).Level}");

Console.Write(TreePrinter.QomTree(context));
return 0;
