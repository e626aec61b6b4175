using QomSharp.Devices.Access;

namespace QomSharp.Devices.Ich9;

/// <summary>
/// The LPC bridge's fixed ports as QEMU 10.0 answers them: the APM control and status bytes at
/// 0xb2/0xb3 (hw/isa/apm.c; a control write's ACPI enable/disable command sets or clears PM1
/// control's SCI_EN, the SMI another may raise is not modelled) and the reset control register at
/// 0xcf9 (a write with bit 2 set asks for a machine reset and leaves the register as it was; the
/// reset clears it).
/// </summary>
public sealed partial class Ich9Lpc
{
    /// <inheritdoc/>
    /// <remarks>
    /// QEMU's <c>ich9_lpc_reset</c>: the PIRQ routes, ACPI control, PM base and RCBA at their
    /// defaults (written as the guest would, so what follows them is updated), the reset control 0.
    /// The PM block's own reset is a reset handler (see <c>ResetPmBlock</c>).
    /// </remarks>
    protected override void ResetFunction()
    {
        WriteConfigSpace(0x60, 0x80808080, 4);
        WriteConfigSpace(0x68, 0x80808080, 4);
        WriteConfigSpace(0x44, 0, 1);
        WriteConfigSpace(0x40, 1, 4);
        WriteConfigSpace(0xf0, 0, 4);
        resetControl = 0;
    }

    private byte apmControl;
    private byte apmStatus;
    private byte resetControl;

    // ICH9's RST_CNT: bit 2 requests the reset; SYS_RST (bit 1) and FULL_RST (bit 3) are kept.
    private const ulong ResetRequestBit = 0x4;
    private const ulong ResetControlKeptBits = 0xa;

    // QEMU's apm_ops: byte accesses, the port taken modulo 2.
    private sealed class ApmPorts(Ich9Lpc lpc) : AccessRules(implMin: 1, implMax: 1)
    {
        protected override ulong DeviceRead(ulong offset, int size) => (offset & 1) == 0 ? lpc.apmControl : lpc.apmStatus;

        protected override void DeviceWrite(ulong offset, ulong value, int size)
        {
            if ((offset & 1) == 0)
            {
                lpc.apmControl = (byte)value;
                lpc.ApmControlChanged((byte)value);
            }
            else
            {
                lpc.apmStatus = (byte)value;
            }
        }
    }

    // QEMU's ich9_rst_cnt_ops: default access sizes, any offset reads the register.
    private sealed class ResetControlPort(Ich9Lpc lpc) : AccessRules
    {
        protected override ulong DeviceRead(ulong offset, int size) => lpc.resetControl;

        protected override void DeviceWrite(ulong offset, ulong value, int size)
        {
            if ((value & ResetRequestBit) == 0)
            {
                lpc.resetControl = (byte)(value & ResetControlKeptBits);
            }
            else
            {
                lpc.Context.Qdev.RequestReset(guest: true, "guest-reset");
            }
        }
    }
}
