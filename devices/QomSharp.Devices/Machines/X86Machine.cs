using QomSharp.Qdev;

namespace QomSharp.Devices.Machines;

/// <summary>QEMU's <c>x86-machine</c> (abstract): the common parent of PC boards.</summary>
[QomType("x86-machine", Abstract = true)]
public abstract partial class X86Machine : Machine;

/// <summary>QEMU's <c>generic-pc-machine</c> (abstract): the parent of the i440FX and Q35 boards.</summary>
[QomType("generic-pc-machine", Abstract = true)]
public abstract partial class PcMachine : X86Machine
{
    /// <summary>The machine's vIOMMU, if one was realized (QEMU allows one per x86 machine).</summary>
    public Devices.I386.X86Iommu? DefaultIommu { get; internal set; }
}
