using System;
using QomSharp.Devices.Access;
using QomSharp.Memory;

namespace QomSharp.Devices.Ich9;

/// <summary>
/// The LPC's power-management I/O block as QEMU 10.0 answers it: 128 ports at PMBASE (LPC
/// configuration 0x40, bits 7-15), present only while ACPI_CNTL's ACPI_EN (0x44 bit 7) is set. In
/// it: PM1 status/enable (0x00/0x02), PM1 control (0x04), the PM timer (0x08), GPE0 status/enable
/// (0x20/0x28, 8 bytes each), SMI_EN/SMI_STS (0x30/0x34) and the TCO registers (0x60, 32 bytes,
/// unless <c>enable_tco</c> is off); the ports between them read as unassigned I/O. The virtual
/// clock does not move (the CPU never runs), so the PM timer reads 0 and the TCO timer never
/// expires. A sleep request through SLP_EN asks the machine to suspend or shut down, as QEMU's
/// does; the power button (<c>system_powerdown</c>) and the wake-up set their PM1 status bits; the
/// SCI follows PM1 and GPE0 status and enable on the GSI ACPI_CNTL selects. The SMIs a write
/// would raise are not modelled. The registers keep what QEMU keeps.
/// </summary>
public sealed partial class Ich9Lpc
{
    // ICH9's PM registers (QEMU's ICH9_PMIO_* and ACPI_BITMASK_*).
    private const ulong Pm1EventOffset = 0x00;
    private const ulong Pm1ControlOffset = 0x04;
    private const ulong PmTimerOffset = 0x08;
    private const ulong SmiOffset = 0x30;
    private const ulong TcoOffset = 0x60;
    private const int GpeHalf = 8;
    private const ushort TimerStatus = 0x0001;
    private const ushort SciEnable = 0x0001;
    private const ushort SleepEnable = 0x2000;
    private const ushort PowerButtonStatus = 0x0100;
    private const ushort WakeStatus = 0x8000;

    // QEMU's ACPI_BITMASK_PM1_COMMON_ENABLED: the PM1 enables that raise the SCI (timer, global
    // lock, power button, RTC).
    private const ushort Pm1SciEnables = 0x0001 | 0x0020 | 0x0100 | 0x0400;
    private const uint ApmcEnable = 1u << 5;
    private const uint TcoEnable = 1u << 13;
    private const uint GlobalSmiEnable = 1u << 0;
    private const uint SwsmiStatus = 1u << 6;
    private const uint PeriodicStatus = 1u << 14;
    private const uint PmBaseMask = 0xff80;
    private const byte AcpiEnable = 0x80;
    private const int AcpiControl = 0x44;
    private const byte ApmAcpiEnable = 2;
    private const byte ApmAcpiDisable = 3;

    // The PM timer's clock is the virtual clock, which stays at 0; TMR_STS is set once it reaches
    // the overflow time (0 after reset).
    private const long PmTimerClock = 0;

    private ushort pm1Status;
    private ushort pm1Enable;
    private ushort pm1Control;
    private long pmTimerOverflow;
    private readonly byte[] gpeStatus = new byte[GpeHalf];
    private readonly byte[] gpeEnable = new byte[GpeHalf];
    private uint smiEnable;
    private uint smiStatus;
    private uint smiEnableWriteMask = uint.MaxValue;
    private uint pmIoBase;
    private byte sciInterrupt = 9;
    private bool sciLevel;
    private bool pmStateReset;
    private MemoryRegion? pmBlock;

    /// <summary>QEMU's <c>pm_io_base</c>: where the PM block is mapped, 0 while it is not.</summary>
    public uint PmIoBase => pmIoBase;

    // QEMU 10.0 makes PM1 control ACPI-only when SMM is off: SCI_EN is set at reset and the APM
    // enable/disable commands leave it alone.
    private bool AcpiOnly => !SmmEnabled;

    // QEMU's pm_reset (and acpi_pm1_*_reset, acpi_gpe_reset), done once before the first access.
    private void ResetPowerManagement()
    {
        pmStateReset = true;
        pm1Status = 0;
        pm1Enable = 0;
        pm1Control = AcpiOnly ? SciEnable : (ushort)0;
        pmTimerOverflow = 0;
        Array.Clear(gpeStatus);
        Array.Clear(gpeEnable);
        smiEnable = SmmEnabled ? 0 : ApmcEnable;
        smiStatus = 0;
        smiEnableWriteMask = uint.MaxValue;
        ResetTco();
        UpdateSci();
    }

    // QEMU's pm_reset, a reset handler that runs before the device tree's reset: the registers
    // (and the SCI they raised) back to their reset values, pending ACPI PCI unplugs completed.
    private void ResetPmBlock()
    {
        ResetPowerManagement();
        if (acpiPciHotplugWithBridgeSupport && bselAssigned)
        {
            ResetPciHotplugRegisters();
        }
    }

    private void EnsurePmState()
    {
        if (!pmStateReset)
        {
            ResetPowerManagement();
        }
    }

    // SMI_STS bits a write sets or clears: the software SMI timer's and the periodic timer's, each
    // with its feature on (QEMU 10.0's x-smi-swsmi-timer and x-smi-periodic-timer).
    private uint SmiStatusWriteMask => (SmiSwsmiTimer ? SwsmiStatus : 0) | (SmiPeriodicTimer ? PeriodicStatus : 0);

    // QEMU's acpi_pm1_evt_get_sts: TMR_STS is set once the clock reaches the overflow time.
    private ushort Pm1Status()
    {
        if (PmTimerClock >= pmTimerOverflow)
        {
            pm1Status |= TimerStatus;
        }

        return pm1Status;
    }

    private void WritePm1Status(ushort value)
    {
        if ((Pm1Status() & value & TimerStatus) != 0)
        {
            // Cleared: the next overflow is at the next multiple of 2^23 ticks.
            pmTimerOverflow = (PmTimerClock + 0x800000) & ~0x7fffffL;
        }

        pm1Status &= (ushort)~value;
        UpdateSci();
    }

    private void WritePm1Enable(ushort value)
    {
        pm1Enable = value;
        UpdateSci();
    }

    // QEMU's acpi_update_sci: the SCI is up while an enabled PM1 status bit (of those that raise
    // it) or an enabled GPE0 status bit is set.
    private void UpdateSci()
    {
        bool level = (Pm1Status() & pm1Enable & Pm1SciEnables) != 0;
        for (int i = 0; i < GpeHalf && !level; i++)
        {
            level = (gpeStatus[i] & gpeEnable[i]) != 0;
        }

        SetSci(level);
    }

    // QEMU's ich9_set_sci: a change of level updates the selected GSI, which PCI interrupts routed
    // to the same line share (an ISA IRQ with the PIRQs routed to it, GSI 20/21 with PIRQ E/F).
    private void SetSci(bool level)
    {
        if (level == sciLevel)
        {
            return;
        }

        sciLevel = level;
        if (sciInterrupt < FirstPirqGsi)
        {
            UpdatePicLine(sciInterrupt);
        }
        else
        {
            UpdateApicLine(sciInterrupt);
        }
    }

    private bool SciDrives(int gsi) => sciLevel && gsi == sciInterrupt;

    // QEMU's acpi_send_gpe_event: a hot-plug sets its GPE0 status bit.
    private void SendGpeEvent(byte status)
    {
        EnsurePmState();
        gpeStatus[0] |= status;
        UpdateSci();
    }

    // QEMU's ich9_pm_powerdown_req (acpi_pm1_evt_power_down): with PWRBTN_EN set, PWRBTN_STS and the SCI.
    private void PowerButtonPressed()
    {
        EnsurePmState();
        if ((pm1Enable & PowerButtonStatus) != 0)
        {
            pm1Status |= PowerButtonStatus;
            UpdateSci();
        }
    }

    // QEMU's acpi_notify_wakeup for a wake-up by QMP: WAK_STS, and PWRBTN_STS as if the power
    // button had woken the guest (after the machine reset; the SCI is not updated).
    private void WokenUp()
    {
        EnsurePmState();
        pm1Status |= WakeStatus | PowerButtonStatus;
    }

    // The machine's notifiers the PM device registers (QEMU's ich9_pm_init and acpi_pm1_cnt_init).
    private void RegisterPowerNotifiers()
    {
        Context.Qdev.ResetHandlers += ResetPmBlock;
        Context.Qdev.WakeupSupported = true;
        Context.Qdev.Woken += WokenUp;
        Context.Qdev.PowerdownRequested += PowerButtonPressed;
    }

    /// <summary>
    /// Raised when the guest writes PM1 control with SLP_EN set and a sleep type QEMU acts on
    /// (QEMU's <c>acpi_pm1_cnt_write</c>): type 0 asks for soft-off (QEMU's guest shutdown), type 1
    /// for suspend (S1/S3), the LPC's <c>s4_val</c> for suspend to disk then shutdown; other types
    /// ask nothing. The machine is asked as QEMU asks it (a shutdown with reason
    /// <c>guest-shutdown</c>, a suspend, <c>SUSPEND_DISK</c> then a shutdown); the register keeps the type.
    /// </summary>
    public event Action<Ich9Lpc, AcpiSleepRequest>? SleepRequested;

    // QEMU's acpi_pm1_cnt_write: SLP_EN is never kept.
    private void WritePm1Control(ushort value)
    {
        pm1Control = (ushort)(value & ~SleepEnable);
        if ((value & SleepEnable) == 0)
        {
            return;
        }

        int type = (value >> 10) & 7;
        AcpiSleepRequest? request = type switch
        {
            0 => AcpiSleepRequest.SoftOff,
            1 => AcpiSleepRequest.Suspend,
            _ when type == s4Value => AcpiSleepRequest.SuspendToDisk,
            _ => null,
        };
        if (request is not { } asked)
        {
            return;
        }

        SleepRequested?.Invoke(this, asked);
        var qdev = Context.Qdev;
        switch (asked)
        {
            case AcpiSleepRequest.SoftOff:
                qdev.RequestShutdown(guest: true, "guest-shutdown");
                break;
            case AcpiSleepRequest.Suspend:
                qdev.RequestSuspend();
                break;
            default:
                qdev.RaiseMachineEvent("SUSPEND_DISK");
                qdev.RequestShutdown(guest: true, "guest-shutdown");
                break;
        }
    }

    /// <summary>
    /// QEMU's <c>ich9_apm_ctrl_changed</c>: the APM control port's ACPI enable and disable commands
    /// set and clear SCI_EN (unless PM1 control is ACPI-only); the SMI another command raises with
    /// APMC_EN set is not modelled.
    /// </summary>
    private void ApmControlChanged(byte value)
    {
        EnsurePmState();
        if (AcpiOnly)
        {
            return;
        }

        if (value == ApmAcpiEnable)
        {
            pm1Control |= SciEnable;
        }
        else if (value == ApmAcpiDisable)
        {
            pm1Control &= unchecked((ushort)~SciEnable);
        }
    }

    private void WriteSmiEnable(uint value)
    {
        // Once TCO_LOCK is set, TCO_EN keeps its value.
        if ((tcoControl1 & TcoLock) != 0)
        {
            value = (value & ~TcoEnable) | (smiEnable & TcoEnable);
        }

        smiEnable = (smiEnable & ~smiEnableWriteMask) | (value & smiEnableWriteMask);
    }

    // QEMU's ich9_lpc_pmbase_sci_update: the block at PMBASE while ACPI_EN is set, else unmapped;
    // the SCI's interrupt from ACPI_CNTL's low bits (a reserved choice keeps the last one).
    private void UpdatePmBase(Pci.Config.PciConfigSpace config)
    {
        EnsurePmState();
        uint pmBase = config.Config[PmBase] | ((uint)config.Config[PmBase + 1] << 8);
        byte acpiControl = config.Config[AcpiControl];
        uint address = (acpiControl & AcpiEnable) != 0 ? pmBase & PmBaseMask : 0;
        MovePmBlock(address);
        int? sci = (acpiControl & 7) switch
        {
            0 => 9,
            1 => 10,
            2 => 11,
            4 => 20,
            5 => 21,
            _ => null,
        };
        if (sci is { } irq && irq != sciInterrupt)
        {
            // A raised SCI moves: the old GSI lowered, the new one raised.
            bool raised = sciLevel;
            SetSci(false);
            sciInterrupt = (byte)irq;
            SetSci(raised);
        }
    }

    // QEMU's ich9_pm_iospace_update: the block moves within the I/O space, enabled while its base is not 0.
    private void MovePmBlock(uint address)
    {
        if (pmBlock is null || Context.Qdev.IoSpace.Root is not { } io)
        {
            pmIoBase = address;
            return;
        }

        // Staying where it is, it keeps its place among the regions there (QEMU moves it only to a new address).
        if (address == pmIoBase)
        {
            return;
        }

        if (pmIoBase != 0)
        {
            Context.Qdev.IoSpace.Unmap(pmBlock);
        }
        else
        {
            io.DeleteSubregion(pmBlock);
        }

        pmIoBase = address;
        if (address != 0)
        {
            Context.Qdev.IoSpace.Map(address, pmBlock);
        }
        else
        {
            io.AddSubregion(0, pmBlock);
        }
    }

    // The block's own dispatch (QEMU's flat view of the ich9-pm container): each access goes to the
    // register region under it, cut at that region's end; between the regions is unassigned I/O.
    private sealed class PmBlockDispatch(Ich9Lpc lpc) : IMemoryRegionOps
    {
        private readonly (ulong Offset, ulong Size, IMemoryRegionOps Ops)[] registers = lpc.enableTco
            ? [(Pm1EventOffset, 4, new Pm1EventRegisters(lpc)), (Pm1ControlOffset, 2, new Pm1ControlRegister(lpc)), (PmTimerOffset, 4, new PmTimerRegister()),
               (Gpe0BlockOffset, 16, new Gpe0Registers(lpc)), (SmiOffset, 8, new SmiRegisters(lpc)), (TcoOffset, TcoSize, new TcoRegisters(lpc))]
            : [(Pm1EventOffset, 4, new Pm1EventRegisters(lpc)), (Pm1ControlOffset, 2, new Pm1ControlRegister(lpc)), (PmTimerOffset, 4, new PmTimerRegister()),
               (Gpe0BlockOffset, 16, new Gpe0Registers(lpc)), (SmiOffset, 8, new SmiRegisters(lpc))];

        public ulong Read(ulong offset, int size)
        {
            lpc.EnsurePmState();
            ulong value = 0;
            for (int done = 0; done < size;)
            {
                int length = Piece(offset + (ulong)done, size - done, out var ops, out ulong at);
                ulong piece = ops is null ? ulong.MaxValue : ops.Read(at, length);
                value |= (piece & Mask(length)) << (8 * done);
                done += length;
            }

            return value;
        }

        public void Write(ulong offset, ulong value, int size)
        {
            lpc.EnsurePmState();
            for (int done = 0; done < size;)
            {
                int length = Piece(offset + (ulong)done, size - done, out var ops, out ulong at);
                ops?.Write(at, (value >> (8 * done)) & Mask(length), length);
                done += length;
            }
        }

        // What answers at offset (null: nothing), the offset in it, and how many of the remaining
        // bytes go there: up to its end, or in a gap up to the next register, as a power of two.
        private int Piece(ulong offset, int remaining, out IMemoryRegionOps? ops, out ulong at)
        {
            ulong limit = offset < PmIoSize ? PmIoSize - offset : (ulong)remaining;
            foreach (var (start, length, registerOps) in registers)
            {
                if (offset >= start && offset - start < length)
                {
                    ops = registerOps;
                    at = offset - start;
                    return PowerOfTwo(Math.Min((ulong)remaining, length - at));
                }

                if (start > offset)
                {
                    limit = Math.Min(limit, start - offset);
                }
            }

            ops = null;
            at = offset;
            ulong piece = Math.Min((ulong)remaining, limit);
            ulong alignment = offset & (~offset + 1);
            if (alignment != 0)
            {
                piece = Math.Min(piece, alignment);
            }

            return PowerOfTwo(piece);
        }

        private static int PowerOfTwo(ulong length) => length >= 4 ? 4 : length >= 2 ? 2 : 1;

        private static ulong Mask(int size) => size >= 8 ? ulong.MaxValue : (1UL << (size * 8)) - 1;
    }

    // QEMU's acpi_pm_evt_ops: byte and word accesses, handled as words; status at 0, enable at 2.
    private sealed class Pm1EventRegisters(Ich9Lpc lpc) : AccessRules(validMin: 1, validMax: 2, implMin: 2)
    {
        protected override ulong DeviceRead(ulong offset, int size) => offset switch
        {
            0 => lpc.Pm1Status(),
            2 => lpc.pm1Enable,
            _ => 0,
        };

        protected override void DeviceWrite(ulong offset, ulong value, int size)
        {
            switch (offset)
            {
                case 0:
                    lpc.WritePm1Status((ushort)value);
                    break;
                case 2:
                    lpc.WritePm1Enable((ushort)value);
                    break;
            }
        }
    }

    // QEMU 10.0's acpi_pm_cnt_ops: byte and word accesses, handled as words; the high byte alone
    // reads and writes bits 8-15.
    private sealed class Pm1ControlRegister(Ich9Lpc lpc) : AccessRules(validMin: 1, validMax: 2, implMin: 2)
    {
        protected override ulong DeviceRead(ulong offset, int size) => (ulong)lpc.pm1Control >> (int)(offset * 8);

        protected override void DeviceWrite(ulong offset, ulong value, int size)
        {
            if (offset == 1)
            {
                value = (value << 8) | (lpc.pm1Control & 0xffu);
            }

            lpc.WritePm1Control((ushort)value);
        }
    }

    // QEMU's acpi_pm_tmr_ops: any size, handled as a dword; the 24-bit count of a clock at 0; writes ignored.
    private sealed class PmTimerRegister() : AccessRules(validMin: 1, validMax: 4, implMin: 4)
    {
        protected override ulong DeviceRead(ulong offset, int size) => (ulong)PmTimerClock & 0xffffff;

        protected override void DeviceWrite(ulong offset, ulong value, int size)
        {
        }
    }

    // QEMU's ich9_gpe_ops: bytes; status (write 1 to clear) then enable.
    private sealed class Gpe0Registers(Ich9Lpc lpc) : AccessRules(validMin: 1, validMax: 4, implMin: 1, implMax: 1)
    {
        protected override ulong DeviceRead(ulong offset, int size) =>
            offset < GpeHalf ? lpc.gpeStatus[offset] : lpc.gpeEnable[offset - GpeHalf];

        protected override void DeviceWrite(ulong offset, ulong value, int size)
        {
            if (offset < GpeHalf)
            {
                lpc.gpeStatus[offset] &= (byte)~value;
            }
            else
            {
                lpc.gpeEnable[offset - GpeHalf] = (byte)value;
            }

            lpc.UpdateSci();
        }
    }

    // QEMU's ich9_smi_ops: dwords only; SMI_EN at 0 (bits under the SMI lock and TCO lock kept),
    // SMI_STS at 4 (the timer status bits of the features that are on).
    private sealed class SmiRegisters(Ich9Lpc lpc) : AccessRules(validMin: 4, validMax: 4)
    {
        protected override ulong DeviceRead(ulong offset, int size) => offset switch
        {
            0 => lpc.smiEnable,
            4 => lpc.smiStatus,
            _ => 0,
        };

        protected override void DeviceWrite(ulong offset, ulong value, int size)
        {
            switch (offset)
            {
                case 0:
                    lpc.WriteSmiEnable((uint)value);
                    break;
                case 4:
                    uint mask = lpc.SmiStatusWriteMask;
                    lpc.smiStatus = (lpc.smiStatus & ~mask) | ((uint)value & mask);
                    break;
            }
        }
    }
}

/// <summary>What a guest's PM1 control write with SLP_EN asks of the machine.</summary>
public enum AcpiSleepRequest
{
    /// <summary>Soft-off (sleep type 0): QEMU shuts down (its SHUTDOWN event, reason guest-shutdown).</summary>
    SoftOff,

    /// <summary>Suspend (sleep type 1): QEMU suspends (its SUSPEND event, run state suspended).</summary>
    Suspend,

    /// <summary>Suspend to disk (the LPC's <c>s4_val</c>): QEMU sends SUSPEND_DISK, then shuts down.</summary>
    SuspendToDisk,
}
