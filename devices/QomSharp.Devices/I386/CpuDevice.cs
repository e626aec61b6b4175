using QomSharp.Qdev;

namespace QomSharp.Devices.I386;

/// <summary>QEMU's <c>cpu</c> (abstract): a CPU, a bus-less device with its address space link.</summary>
[QomType("cpu", Abstract = true)]
public abstract partial class CpuDevice : Device
{
    private QomObject? memory;
    private bool startPoweredOff;

    [QomClassInit]
    private static void InitCpuClass(DeviceClass klass)
    {
        klass.AddProperty(new QomLinkProperty("memory", "memory-region", static o => ((CpuDevice)o).memory,
            static (o, v) => ((CpuDevice)o).memory = v, AllowSetLinkBeforeRealize, strong: false));

        // The qdev link's legacy property: listed, neither readable nor writable.
        klass.AddProperty(new QomStringProperty("legacy-memory", null, null));
        klass.AddProperty(new QomBoolProperty("start-powered-off", static o => ((CpuDevice)o).startPoweredOff,
            static (o, v) => ((CpuDevice)o).startPoweredOff = v));
        klass.SetPropertyIterationOrder("start-powered-off", "legacy-memory", "memory");
    }

    // QEMU's cpu_exec_initfn: a CPU starts with the system memory as its address space.
    [QomInstanceInit]
    private void InitMemory() => memory = Context.Qdev.SystemMemory.Root;
}
