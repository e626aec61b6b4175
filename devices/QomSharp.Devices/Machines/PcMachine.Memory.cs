namespace QomSharp.Devices.Machines;

public abstract partial class PcMachine
{
    /// <summary>The RAM and 64-bit PCI window layout, set when the board is built.</summary>
    public PcMemoryLayout? MemoryLayout { get; protected set; }

    /// <summary>
    /// QEMU's <c>x86_machine_is_smm_enabled</c> without an accelerator model: SMM is on unless the
    /// <c>smm</c> option turns it off.
    /// </summary>
    public bool SmmEnabled => Options.Get("smm", Qdev.OnOffAuto.Auto) != Qdev.OnOffAuto.Off;
}
