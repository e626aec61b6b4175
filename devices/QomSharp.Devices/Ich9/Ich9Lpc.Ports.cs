using QomSharp.Devices.Access;

namespace QomSharp.Devices.Ich9;

/// <summary>
/// The LPC bridge's APM control and status bytes at 0xb2/0xb3 as QEMU 10.0 answers them
/// (hw/isa/apm.c; the SMI a control write may raise is not modelled).
/// </summary>
public sealed partial class Ich9Lpc
{
    private byte apmControl;
    private byte apmStatus;

    // QEMU's apm_ops: byte accesses, the port taken modulo 2.
    private sealed class ApmPorts(Ich9Lpc lpc) : AccessRules(implMin: 1, implMax: 1)
    {
        protected override ulong DeviceRead(ulong offset, int size) => (offset & 1) == 0 ? lpc.apmControl : lpc.apmStatus;

        protected override void DeviceWrite(ulong offset, ulong value, int size)
        {
            if ((offset & 1) == 0)
            {
                lpc.apmControl = (byte)value;
            }
            else
            {
                lpc.apmStatus = (byte)value;
            }
        }
    }
}
