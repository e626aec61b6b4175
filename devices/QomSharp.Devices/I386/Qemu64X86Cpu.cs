namespace QomSharp.Devices.I386;

/// <summary>
/// QEMU's <c>qemu64-x86_64-cpu</c>: the default CPU of the PC boards, one per <c>-smp</c> CPU at
/// <c>/machine/unattached/device[N]</c>.
/// </summary>
[QomType("qemu64-x86_64-cpu")]
public sealed partial class Qemu64X86Cpu : X86Cpu;
