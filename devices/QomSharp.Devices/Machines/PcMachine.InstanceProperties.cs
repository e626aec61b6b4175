using System.Text.Json.Nodes;
using QomSharp.Devices.Isa;
using QomSharp.Qdev;

namespace QomSharp.Devices.Machines;

public abstract partial class PcMachine
{
    // QEMU's pcms->pcspk: made with the machine so that pcspk-audiodev reaches it, realized by the
    // board when it has a PIT; held here until then.
    private IsaPcspk? speaker;

    /// <summary>
    /// The PC speaker made with the machine, handed over once to the board that realizes it (the
    /// caller takes the reference); null after that.
    /// </summary>
    internal IsaPcspk? TakeSpeaker()
    {
        var taken = speaker;
        speaker = null;
        return taken;
    }

    // QEMU's machine_initfn (nvdimm, nvdimm-persistence, hmat: a PC machine supports NVDIMMs and NUMA)
    // and pc_machine_initfn (the speaker's audiodev alias, cxl, cxl-fmw), stored without a modelled
    // effect; added in the order that makes the listing QEMU's (the reverse of its hash order).
    [QomInstanceInit]
    private void AddPcInstanceProperties()
    {
        AddProperty(new QomStringProperty("nvdimm-persistence", static o => ((Machine)o).Options.Get<string?>("nvdimm-persistence", null),
            static (o, v) => ((Machine)o).Options.Set("nvdimm-persistence", CheckNvdimmPersistence(v)),
            description: "Set NVDIMM persistenceValid values are cpu, mem-ctrl", type: "string"));
        AddProperty(new MachineValueProperty("cxl-fmw", "CXLFixedMemoryWindow", "CXL Fixed Memory Windows (array)", static _ => new JsonArray()));
        AddBoolOption("hmat", "Set on/off to enable/disable ACPI Heterogeneous Memory Attribute Table (HMAT)");
        AddBoolOption("nvdimm", "Set on/off to enable/disable NVDIMM instantiation");
        speaker = (IsaPcspk)Context.New(IsaPcspk.QomTypeName);
        AddProperty(new QomAliasProperty("pcspk-audiodev", speaker, "audiodev"));
        AddBoolOption("cxl", "Set on/off to enable/disable CXL instantiation");
    }

    private void AddBoolOption(string name, string description) =>
        AddProperty(new QomBoolProperty(name, o => ((Machine)o).Options.Get(name, false), (o, v) => ((Machine)o).Options.Set(name, v), description: description));

    private static string? CheckNvdimmPersistence(string? value) => value is "cpu" or "mem-ctrl"
        ? value
        : throw new QomException($"-machine nvdimm-persistence={value}: unsupported option");

    // A speaker the board never realized (pit=off, or a machine only listed) goes with the machine.
    [QomInstanceFinalize]
    private void DropSpeaker()
    {
        speaker?.Unref();
        speaker = null;
    }
}
