using System.Text.Json.Nodes;

namespace QomSharp.Qdev;

public abstract partial class Machine
{
    private QomObject? confidentialGuestSupport;

    private BootConfiguration? boot;

    /// <summary>
    /// The boot configuration (<c>boot</c>, <c>-machine boot.order=...</c>): until one is given, the
    /// machine type's default order (<see cref="MachineClass.DefaultBootOrder"/>) alone.
    /// </summary>
    public BootConfiguration Boot => boot ?? new BootConfiguration { Order = MachineClass.DefaultBootOrder };

    // QEMU's machine_class_init: the properties of every machine that this model stores or reports
    // without a modelled effect.
    private static void AddConfigurationProperties(MachineClass klass)
    {
        klass.AddProperty(new MachineValueProperty("boot", "BootConfiguration", "Boot configuration", static m => m.Boot.ToJson(),
            static (m, input) => m.boot = BootConfiguration.Read(input, "boot", m.MachineClass.DefaultBootOrder)));
        klass.AddProperty(new MachineValueProperty("memory", "MemorySizeConfiguration", "Memory size configuration", static m => MemoryJson(m.Memory),
            static (m, input) => m.Memory = MachineMemory.Read(input, "memory", m.MachineClass.DefaultRamSize)));
        klass.AddProperty(new QomLinkProperty("confidential-guest-support", "confidential-guest-support", static o => ((Machine)o).confidentialGuestSupport,
            static (o, v) => QomLinkProperty.ExchangeStrong(ref ((Machine)o).confidentialGuestSupport, v), QomLinkProperty.AllowSet, strong: true,
            description: "Set confidential guest scheme to support"));
        klass.AddProperty(new QomStringProperty("firmware", static o => ((Machine)o).Options.Get("firmware", ((Machine)o).MachineClass.DefaultFirmware),
            static (o, v) => ((Machine)o).Options.Set("firmware", v), description: "Firmware image", type: "string"));
        klass.AddProperty(new QomStringProperty("memory-encryption", static o => ((Machine)o).confidentialGuestSupport?.CanonicalPathComponent,
            static (o, v) => ((Machine)o).SetMemoryEncryption(v), description: "Set memory encryption object to use", type: "string"));
        MachineOptionProperties.AddString(klass, "shim", "shim.efi file");
        klass.AddProperty(new MachineValueProperty("smp-cache", "SmpCachePropertiesWrapper", "Cache properties list for SMP machine", static m => m.SmpCacheJson(),
            static (m, input) => m.SetSmpCache(input)));
        klass.AddProperty(new MachineValueProperty("phandle-start", "int", "The first phandle ID we may generate dynamically",
            static m => JsonValue.Create(m.Options.Get("phandle-start", 0L)), static (m, input) => m.Options.Set("phandle-start", input.ReadInt64("phandle-start"))));
    }

    // QEMU's machine_set_memory_encryption: the object of that id under /objects, set as the
    // confidential-guest-support link (whose type check then applies); read back as the link's id.
    private void SetMemoryEncryption(string? id)
    {
        var target = QomContext.ResolvePathComponent(Context.GetRootContainer("objects"), id ?? string.Empty)
            ?? throw new QomException($"No such memory encryption object '{id}'");
        SetPropertyLink("confidential-guest-support", target);
    }

    // QEMU's machine_get_mem: the slots and the maximum only when there are slots.
    private static JsonObject MemoryJson(MachineMemory memory)
    {
        var json = new JsonObject { ["size"] = memory.Size };
        if (memory.Slots != 0)
        {
            json["slots"] = memory.Slots;
            json["max-size"] = memory.MaxSize;
        }

        return json;
    }
}
