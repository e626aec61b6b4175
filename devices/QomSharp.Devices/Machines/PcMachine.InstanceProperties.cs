using System.Text.Json.Nodes;
using QomSharp.Devices.Block;
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
    // and pc_machine_initfn (the firmware flashes with their drive aliases, the speaker's audiodev
    // alias, cxl, cxl-fmw), stored without a modelled effect. The devices are made in QEMU's order
    // (flash 0, flash 1, speaker: a -global that fails names the first); the properties are added
    // in the order that makes the listing QEMU's (the reverse of its hash order).
    [QomInstanceInit]
    private void AddPcInstanceProperties()
    {
        PflashCfi01? flash0 = null;
        PflashCfi01? flash1 = null;
        try
        {
            flash0 = CreateFlash("system.flash0");
            flash1 = CreateFlash("system.flash1");
            speaker = (IsaPcspk)Context.New(IsaPcspk.QomTypeName);
        }
        catch (QomException)
        {
            // A -global these devices refuse: what was made before it is released.
            flash0?.Unref();
            flash1?.Unref();
            throw;
        }

        AddFlashChild("system.flash1", flash1);
        AddProperty(new QomStringProperty("nvdimm-persistence", static o => ((Machine)o).Options.Get<string?>("nvdimm-persistence", null),
            static (o, v) => ((Machine)o).Options.Set("nvdimm-persistence", CheckNvdimmPersistence(v)),
            description: "Set NVDIMM persistenceValid values are cpu, mem-ctrl", type: "string"));
        AddFlashChild("system.flash0", flash0);
        AddProperty(new MachineValueProperty("cxl-fmw", "CXLFixedMemoryWindow", "CXL Fixed Memory Windows (array)", static _ => new JsonArray()));
        AddBoolOption("hmat", "Set on/off to enable/disable ACPI Heterogeneous Memory Attribute Table (HMAT)");
        AddBoolOption("nvdimm", "Set on/off to enable/disable NVDIMM instantiation");
        AddProperty(new QomAliasProperty("pcspk-audiodev", speaker, "audiodev"));
        AddBoolOption("cxl", "Set on/off to enable/disable CXL instantiation");
        AddProperty(new QomAliasProperty("pflash1", flash1, "drive"));
        AddProperty(new QomAliasProperty("pflash0", flash0, "drive"));
    }

    // QEMU's pc_pflash_create: 4 KiB sectors, one byte wide, named after the child.
    private PflashCfi01 CreateFlash(string name)
    {
        var flash = (PflashCfi01)Context.New(PflashCfi01.QomTypeName);
        flash.SectorLength = 4096;
        flash.Width = 1;
        flash.FlashName = name;
        return flash;
    }

    private void AddFlashChild(string name, PflashCfi01 flash)
    {
        AddChild(name, flash);
        flash.Unref();
    }

    /// <summary>
    /// QEMU's <c>pc_system_flash_cleanup_unused</c>: no block device can back a flash here, so the
    /// board drops both, unrealized, with their <c>pflash0</c>/<c>pflash1</c> aliases.
    /// </summary>
    protected void DropUnusedFlashes()
    {
        for (int i = 0; i < 2; i++)
        {
            DeleteProperty($"pflash{i}");
            GetChild($"system.flash{i}")?.Unparent();
        }
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
