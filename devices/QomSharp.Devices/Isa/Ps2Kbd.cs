using QomSharp.Qdev;

namespace QomSharp.Devices.Isa;

/// <summary>
/// QEMU's <c>ps2-kbd</c>: the i8042's keyboard (its <c>ps2kbd</c> child), an MF2 AT keyboard that
/// answers the guest's commands (reset, identify, LEDs, scan code set, typematic rate, enable and
/// disable, echo). Key input is not modelled.
/// </summary>
[QomType("ps2-kbd")]
public sealed partial class Ps2Kbd : Ps2Device
{
    // QEMU's KBD_CMD_* and KBD_REPLY_* of the keyboard's own (the shared ones are Ps2Device's).
    private const byte SetLeds = 0xed;
    private const byte Echo = 0xee;
    private const byte ScanCodeSet = 0xf0;
    private const byte SetTypematic = 0xfa;
    private const byte SetMakeBreak = 0xfc;
    private const byte IdFirst = 0xab;
    private const byte Resend = 0xfe;

    private bool scanEnabled = true;
    private bool translate;
    private int scanCodeSet = 2;
    private byte ledState;

    /// <summary>The LEDs the guest set last (QEMU's <c>ledstate</c>).</summary>
    public byte LedState => ledState;

    /// <summary>Whether the keyboard sends scan codes (QEMU's <c>scan_enabled</c>).</summary>
    public bool ScanEnabled => scanEnabled;

    /// <summary>QEMU's <c>ps2_keyboard_set_translation</c>: the controller translates to set 1 (command byte bit 6).</summary>
    internal void SetTranslation(bool on) => translate = on;

    // QEMU's ps2_reset_keyboard.
    private void ResetKeyboard()
    {
        scanEnabled = true;
        scanCodeSet = 2;
        ResetQueue();
        ledState = 0;
    }

    // The set number as the keyboard reports it: translated to set 1's code for it when the controller translates.
    private byte ScanCodeSetReply => translate ? (byte)(scanCodeSet switch { 1 => 0x43, 2 => 0x41, _ => 0x3f }) : (byte)scanCodeSet;

    /// <summary>QEMU's <c>ps2_write_keyboard</c>: a byte from the guest, a command or a command's argument.</summary>
    internal void Write(byte value)
    {
        DropCommandReplies();
        switch (WriteCommand)
        {
            case SetMakeBreak:
                QueueCommandReply(ReplyAck);
                WriteCommand = -1;
                break;
            case ScanCodeSet:
                if (value == 0)
                {
                    QueueCommandReply(ReplyAck, ScanCodeSetReply);
                }
                else if (value is >= 1 and <= 3)
                {
                    scanCodeSet = value;
                    QueueCommandReply(ReplyAck);
                }
                else
                {
                    QueueCommandReply(Resend);
                }

                WriteCommand = -1;
                break;
            case SetLeds:
                ledState = value;
                QueueCommandReply(ReplyAck);
                WriteCommand = -1;
                break;
            case CommandSetRate:
                QueueCommandReply(ReplyAck);
                WriteCommand = -1;
                break;
            default:
                WriteCommandByte(value);
                break;
        }
    }

    private void WriteCommandByte(byte value)
    {
        switch (value)
        {
            case 0x00:
                QueueCommandReply(ReplyAck);
                break;
            case 0x05:
                QueueCommandReply(Resend);
                break;
            case CommandGetId:
                QueueCommandReply(ReplyAck, IdFirst, translate ? (byte)0x41 : (byte)0x83);
                break;
            case Echo:
                QueueCommandReply(Echo);
                break;
            case CommandEnable:
                scanEnabled = true;
                QueueCommandReply(ReplyAck);
                break;
            case ScanCodeSet or SetLeds or CommandSetRate or SetMakeBreak:
                WriteCommand = value;
                QueueCommandReply(ReplyAck);
                break;
            case CommandDisable:
                ResetKeyboard();
                scanEnabled = false;
                QueueCommandReply(ReplyAck);
                break;
            case CommandDefaults:
                ResetKeyboard();
                scanEnabled = true;
                QueueCommandReply(ReplyAck);
                break;
            case CommandReset:
                ResetKeyboard();
                QueueCommandReply(ReplyAck, ReplySelfTestPassed);
                break;
            case SetTypematic:
                QueueCommandReply(ReplyAck);
                break;
            default:
                QueueCommandReply(Resend);
                break;
        }
    }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>ps2_kbd_reset</c>: scanning on, no translation, scan code set 2.</remarks>
    internal override void ResetDevice()
    {
        base.ResetDevice();
        scanEnabled = true;
        translate = false;
        scanCodeSet = 2;
    }
}
