using QomSharp.Devices.Access;

namespace QomSharp.Devices.Ich9;

/// <summary>
/// The TCO watchdog registers at PMBASE+0x60 as QEMU 10.0 answers them (hw/acpi/ich9_tco.c): each
/// register is reached only at its own offset, a byte access there handled as the whole register.
/// The timer counts 0.6 s ticks of the virtual clock, which stays at 0 here: running, TCO_RLD
/// reads the ticks left (all of TCO_TMR's) and it never expires, so the reboot it would ask for
/// (or not, with GCS's no-reboot bit) and the SMIs it and a TCO_DAT_IN write raise are not modelled.
/// </summary>
public sealed partial class Ich9Lpc
{
    private const ulong TcoSize = 0x20;
    private const ushort TcoLock = 1 << 12;
    private const ushort TcoTimerHalt = 1 << 11;
    private const ushort SwTcoSmi = 1 << 1;
    private const ushort TcoInterruptStatus = 1 << 2;
    private const ushort TcoReloadMask = 0x3ff;
    private const ushort TcoTimerMask = 0x3ff;
    private const ushort Tco1StatusMask = 0xe870;
    private const ushort Tco2StatusMask = 0xfff8;
    private const ushort Tco1ControlMask = 0xfeff;

    private ushort tcoReload;
    private byte tcoDataIn;
    private byte tcoDataOut;
    private ushort tcoStatus1;
    private ushort tcoStatus2;
    private ushort tcoControl1;
    private ushort tcoControl2;
    private byte tcoMessage1;
    private byte tcoMessage2;
    private byte tcoWatchdogControl;
    private ushort tcoTimer;
    private byte tcoSoftwareIrq;

    // The ticks left when the timer runs (QEMU's expire_time relative to the clock at 0), null when stopped.
    private int? tcoTicksLeft;

    // QEMU's acpi_pm_tco_init values.
    private void ResetTco()
    {
        tcoReload = 0;
        tcoDataIn = 0;
        tcoDataOut = 0;
        tcoStatus1 = 0;
        tcoStatus2 = 0;
        tcoControl1 = 0;
        tcoControl2 = 0x0008;
        tcoMessage1 = 0;
        tcoMessage2 = 0;
        tcoWatchdogControl = 0;
        tcoTimer = 0x0004;
        tcoSoftwareIrq = 0x03;
        tcoTicksLeft = null;
    }

    // ICH9 ignores a timer value of 0 or 1; a halted timer does not start.
    private bool TcoCanStart => (tcoControl1 & TcoTimerHalt) == 0 && tcoTimer > 1;

    private void ReloadTcoTimer()
    {
        tcoReload = tcoTimer;
        tcoTicksLeft = tcoTimer & TcoTimerMask;
    }

    // QEMU's tco_io_ops: any size up to a dword, handled in bytes or words at the register offsets.
    private sealed class TcoRegisters(Ich9Lpc lpc) : AccessRules(validMin: 1, validMax: 4, implMin: 1, implMax: 2)
    {
        protected override ulong DeviceRead(ulong offset, int size) => offset switch
        {
            0x00 => lpc.tcoTicksLeft is { } ticks ? (ushort)((ushort)ticks | (lpc.tcoReload & ~TcoReloadMask)) : lpc.tcoReload,
            0x02 => lpc.tcoDataIn,
            0x03 => lpc.tcoDataOut,
            0x04 => lpc.tcoStatus1,
            0x06 => lpc.tcoStatus2,
            0x08 => lpc.tcoControl1,
            0x0a => lpc.tcoControl2,
            0x0c => lpc.tcoMessage1,
            0x0d => lpc.tcoMessage2,
            0x0e => lpc.tcoWatchdogControl,
            0x10 => lpc.tcoSoftwareIrq,
            0x12 => lpc.tcoTimer,
            _ => 0,
        };

        protected override void DeviceWrite(ulong offset, ulong value, int size)
        {
            switch (offset)
            {
                case 0x00:
                    if (lpc.TcoCanStart)
                    {
                        lpc.ReloadTcoTimer();
                    }
                    else
                    {
                        lpc.tcoReload = (ushort)value;
                    }

                    break;
                case 0x02:
                    lpc.tcoDataIn = (byte)value;
                    lpc.tcoStatus1 |= SwTcoSmi;
                    break;
                case 0x03:
                    lpc.tcoDataOut = (byte)value;
                    lpc.tcoStatus1 |= TcoInterruptStatus;
                    break;
                case 0x04:
                    lpc.tcoStatus1 = (ushort)(value & Tco1StatusMask);
                    break;
                case 0x06:
                    lpc.tcoStatus2 = (ushort)(value & Tco2StatusMask);
                    break;
                case 0x08:
                    // TCO_LOCK, once set, stays until reset.
                    lpc.tcoControl1 = (ushort)((value & Tco1ControlMask) | (uint)(lpc.tcoControl1 & TcoLock));
                    if (lpc.TcoCanStart)
                    {
                        lpc.ReloadTcoTimer();
                    }
                    else
                    {
                        lpc.tcoTicksLeft = null;
                    }

                    break;
                case 0x0a:
                    lpc.tcoControl2 = (ushort)value;
                    break;
                case 0x0c:
                    lpc.tcoMessage1 = (byte)value;
                    break;
                case 0x0d:
                    lpc.tcoMessage2 = (byte)value;
                    break;
                case 0x0e:
                    lpc.tcoWatchdogControl = (byte)value;
                    break;
                case 0x10:
                    lpc.tcoSoftwareIrq = (byte)value;
                    break;
                case 0x12:
                    lpc.tcoTimer = (ushort)value;
                    break;
            }
        }
    }
}
