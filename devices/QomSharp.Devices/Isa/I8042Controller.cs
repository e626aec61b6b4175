using QomSharp.Devices.Access;
using QomSharp.Qdev;

namespace QomSharp.Devices.Isa;

/// <summary>
/// The i8042's own side as QEMU 10.0 models it (pckbd.c, with its extended state): the status
/// register, the command byte (mode), the controller commands that answer through the output
/// buffer (read mode, self tests, input and output ports, writes into the output buffer as if from
/// the keyboard or the mouse), the A20 commands, the reset requests (0xfe, the output port's bit 0)
/// and the keyboard and mouse IRQs. Bytes written to the keyboard (port 0x60) or the mouse (0xd4
/// first) go to the PS/2 devices (Ps2Kbd.cs, Ps2Mouse.cs), whose replies are read back here.
/// </summary>
public sealed partial class I8042
{
    // QEMU's KBD_STAT_*, KBD_MODE_*, KBD_OUT_*, KBD_PENDING_* and KBD_OBSRC_*.
    private const byte StatusOutputFull = 0x01;
    private const byte StatusSelfTest = 0x04;
    private const byte StatusCommand = 0x08;
    private const byte StatusUnlocked = 0x10;
    private const byte StatusMouseOutputFull = 0x20;
    private const byte ModeKbdInt = 0x01;
    private const byte ModeMouseInt = 0x02;
    private const byte ModeDisableKbd = 0x10;
    private const byte ModeDisableMouse = 0x20;
    private const byte ModeTranslate = 0x40;
    private const byte OutReset = 0x01;
    private const byte OutA20 = 0x02;
    private const byte OutOutputFull = 0x10;
    private const byte OutMouseOutputFull = 0x20;
    private const byte OutOnes = 0xcc;
    private const byte PendingCtrlKbd = 0x04;
    private const byte PendingCtrlAux = 0x08;
    private const byte PendingKbd = ModeDisableKbd;
    private const byte PendingAux = ModeDisableMouse;
    private const byte SourceKbd = 0x01;
    private const byte SourceMouse = 0x02;
    private const byte SourceCtrl = 0x04;

    private byte status;
    private byte mode;
    private byte outport;
    private byte pending;
    private byte outputSource;
    private byte outputData;
    private byte controllerData;
    private byte writeCommand;

    // QEMU's kbd_update_kbd_irq and kbd_update_aux_irq: a PS/2 device's line, as a pending bit.
    private void KeyboardLine(int pin, int level) => PendingLine(PendingKbd, level);

    private void MouseLine(int pin, int level) => PendingLine(PendingAux, level);

    private void PendingLine(byte bit, int level)
    {
        if (level != 0)
        {
            pending |= bit;
        }
        else
        {
            pending &= unchecked((byte)~bit);
        }

        SafeUpdateIrq();
    }

    private void RequestReset() => Context.Qdev.RequestReset(guest: true, "guest-reset");

    // QEMU's kbd_reset.
    private void ResetController()
    {
        mode = ModeKbdInt | ModeMouseInt;
        status = StatusCommand | StatusUnlocked;
        outport = OutReset | OutA20 | OutOnes;
        pending = 0;
        DeassertIrq();
    }

    // QEMU's kbd_pending: what the disabled keyboard or mouse would send is held back.
    private byte Pending => ExtendedState ? (byte)(pending & (~mode | ~(PendingKbd | PendingAux))) : pending;

    private void SetLine(int index, int level)
    {
        if (GetPropertyLink($"{UnnamedGpioOut}[{index}]") is Irq line)
        {
            line.Set(level);
        }
    }

    // QEMU's kbd_update_irq_lines.
    private void UpdateIrqLines()
    {
        int kbd = 0;
        int mouse = 0;
        if ((status & StatusOutputFull) != 0)
        {
            if ((status & StatusMouseOutputFull) != 0)
            {
                mouse = (mode & ModeMouseInt) != 0 ? 1 : 0;
            }
            else if ((mode & ModeKbdInt) != 0 && (mode & ModeDisableKbd) == 0)
            {
                kbd = 1;
            }
        }

        SetLine(0, kbd);
        SetLine(1, mouse);
    }

    private void DeassertIrq()
    {
        status &= unchecked((byte)~(StatusOutputFull | StatusMouseOutputFull));
        outport &= unchecked((byte)~(OutOutputFull | OutMouseOutputFull));
        UpdateIrqLines();
    }

    // QEMU's kbd_update_irq: the output buffer filled from what is pending, the controller first.
    private void UpdateIrq()
    {
        byte now = Pending;
        status &= unchecked((byte)~(StatusOutputFull | StatusMouseOutputFull));
        outport &= unchecked((byte)~(OutOutputFull | OutMouseOutputFull));
        if (now != 0)
        {
            status |= StatusOutputFull;
            outport |= OutOutputFull;
            if ((now & PendingCtrlKbd) != 0)
            {
                outputSource = SourceCtrl;
            }
            else if ((now & PendingCtrlAux) != 0)
            {
                status |= StatusMouseOutputFull;
                outport |= OutMouseOutputFull;
                outputSource = SourceCtrl;
            }
            else if ((now & PendingKbd) != 0)
            {
                outputSource = SourceKbd;
            }
            else
            {
                status |= StatusMouseOutputFull;
                outport |= OutMouseOutputFull;
                outputSource = SourceMouse;
            }
        }

        UpdateIrqLines();
    }

    // QEMU's kbd_safe_update_irq: not while the output buffer is full.
    private void SafeUpdateIrq()
    {
        if ((status & StatusOutputFull) == 0 && Pending != 0)
        {
            UpdateIrq();
        }
    }

    // QEMU's kbd_queue: one byte from the controller, as from the keyboard or the mouse (without the
    // extended state, in that device's queue).
    private void Queue(byte value, bool aux)
    {
        if (!ExtendedState)
        {
            ((Ps2Device?)(aux ? Mouse : Keyboard))?.QueueByte(value);
            return;
        }

        controllerData = value;
        pending &= unchecked((byte)~(PendingCtrlKbd | PendingCtrlAux));
        pending |= aux ? PendingCtrlAux : PendingCtrlKbd;
        SafeUpdateIrq();
    }

    private byte Dequeue()
    {
        byte value = controllerData;
        pending &= unchecked((byte)~(PendingCtrlKbd | PendingCtrlAux));
        if (Pending != 0)
        {
            UpdateIrq();
        }

        return value;
    }

    // QEMU's kbd_read_data: a full buffer is emptied into the data latch, which then reads as long as nothing new comes.
    private byte ReadData()
    {
        if ((status & StatusOutputFull) != 0)
        {
            DeassertIrq();
            if ((outputSource & SourceKbd) != 0)
            {
                outputData = Keyboard!.ReadData();
            }
            else if ((outputSource & SourceMouse) != 0)
            {
                outputData = Mouse!.ReadData();
            }
            else if ((outputSource & SourceCtrl) != 0)
            {
                outputData = Dequeue();
            }
        }

        return outputData;
    }

    // QEMU's kbd_write_command.
    private void WriteCommand(byte command)
    {
        // A pulse of output port bits: bit 0 pulsed is a reset, anything else nothing.
        if ((command & 0xf0) == 0xf0)
        {
            command = (command & 1) == 0 ? (byte)0xfe : (byte)0xff;
        }

        switch (command)
        {
            case 0x20:
                Queue(mode, aux: false);
                break;
            case 0x60 or 0xd2 or 0xd3 or 0xd4 or 0xd1:
                writeCommand = command;
                break;
            case 0xa7:
                mode |= ModeDisableMouse;
                break;
            case 0xa8:
                mode &= unchecked((byte)~ModeDisableMouse);
                SafeUpdateIrq();
                break;
            case 0xa9:
                Queue(0x00, aux: false);
                break;
            case 0xaa:
                status |= StatusSelfTest;
                Queue(0x55, aux: false);
                break;
            case 0xab:
                Queue(0x00, aux: false);
                break;
            case 0xad:
                mode |= ModeDisableKbd;
                break;
            case 0xae:
                mode &= unchecked((byte)~ModeDisableKbd);
                SafeUpdateIrq();
                break;
            case 0xc0:
                Queue(0x80, aux: false);
                break;
            case 0xd0:
                Queue(outport, aux: false);
                break;
            case 0xdf:
                SetA20(1);
                outport |= OutA20;
                break;
            case 0xdd:
                SetA20(0);
                outport &= unchecked((byte)~OutA20);
                break;
            case 0xfe:
                RequestReset();
                break;
            default:
                // 0xff and unknown commands: nothing.
                break;
        }
    }

    // QEMU's kbd_write_data: the byte a command waits for, else a byte for the keyboard.
    private void WriteData(byte value)
    {
        switch (writeCommand)
        {
            case 0:
                // To the keyboard, which re-enables it.
                Keyboard!.Write(value);
                mode &= unchecked((byte)~ModeDisableKbd);
                SafeUpdateIrq();
                break;
            case 0x60:
                mode = value;
                Keyboard!.SetTranslation((value & ModeTranslate) != 0);
                UpdateIrq();
                break;
            case 0xd4:
                // To the mouse, which re-enables it.
                Mouse!.Write(value);
                mode &= unchecked((byte)~ModeDisableMouse);
                SafeUpdateIrq();
                break;
            case 0xd2:
                Queue(value, aux: false);
                break;
            case 0xd3:
                Queue(value, aux: true);
                break;
            case 0xd1:
                // QEMU's outport_write: bit 0 clear asks for a reset.
                outport = value;
                SetA20((value >> 1) & 1);
                if ((value & 1) == 0)
                {
                    RequestReset();
                }

                break;
        }

        writeCommand = 0;
    }

    private void SetA20(int level)
    {
        if (GetPropertyLink($"{A20Line}[0]") is Irq line)
        {
            line.Set(level);
        }
    }

    // QEMU's i8042_data_ops and i8042_cmd_ops: byte accesses.
    private sealed class DataPortOps(I8042 controller) : AccessRules(implMin: 1, implMax: 1)
    {
        protected override ulong DeviceRead(ulong offset, int size) => controller.ReadData();

        protected override void DeviceWrite(ulong offset, ulong value, int size) => controller.WriteData((byte)value);
    }

    private sealed class CommandPortOps(I8042 controller) : AccessRules(implMin: 1, implMax: 1)
    {
        protected override ulong DeviceRead(ulong offset, int size) => controller.status;

        protected override void DeviceWrite(ulong offset, ulong value, int size) => controller.WriteCommand((byte)value);
    }
}
