using QomSharp.Qdev;

namespace QomSharp.Devices.Isa;

/// <summary>
/// QEMU's <c>ps2-mouse</c>: the i8042's mouse (its <c>ps2mouse</c> child), answering the guest's
/// commands (reset, identify, status, resolution, scaling, sample rate with the IntelliMouse and
/// Explorer sequences that change its ID, stream and remote modes, read data, wrap mode). Movement
/// input is not modelled: the packets it sends carry no motion.
/// </summary>
[QomType("ps2-mouse")]
public sealed partial class Ps2Mouse : Ps2Device
{
    // QEMU's AUX_* commands of the mouse's own (the shared ones are Ps2Device's) and MOUSE_STATUS_* bits.
    private const byte SetScale11 = 0xe6;
    private const byte SetScale21 = 0xe7;
    private const byte SetResolution = 0xe8;
    private const byte GetScale = 0xe9;
    private const byte SetStream = 0xea;
    private const byte Poll = 0xeb;
    private const byte ResetWrap = 0xec;
    private const byte SetWrap = 0xee;
    private const byte SetRemote = 0xf0;
    private const byte StatusRemote = 0x40;
    private const byte StatusEnabled = 0x20;
    private const byte StatusScale21 = 0x10;

    private byte status;
    private byte resolution;
    private byte sampleRate;
    private bool wrap;
    private byte type;
    private byte detectState;
    private int dx;
    private int dy;
    private int dz;
    private int dw;
    private byte buttons;

    /// <summary>The mouse's ID (QEMU's <c>mouse_type</c>): 0 PS/2, 3 IntelliMouse, 4 IntelliMouse Explorer.</summary>
    public byte MouseType => type;

    // QEMU's ps2_mouse_send_packet: a movement packet (3 bytes, 4 with a wheel), if the queue has room.
    private void SendPacket()
    {
        int needed = type != 0 ? 4 : 3;
        if (!HasRoom(needed))
        {
            return;
        }

        int dx1 = System.Math.Clamp(dx, -127, 127);
        int dy1 = System.Math.Clamp(dy, -127, 127);
        QueueNoIrq((byte)(0x08 | (dx1 < 0 ? 0x10 : 0) | (dy1 < 0 ? 0x20 : 0) | (buttons & 0x07)));
        QueueNoIrq((byte)dx1);
        QueueNoIrq((byte)dy1);
        switch (type)
        {
            case 3:
                int dz1 = System.Math.Clamp(dz, -127, 127);
                QueueNoIrq((byte)dz1);
                dz -= dz1;
                dw = 0;
                break;
            case 4:
                if (dw != 0)
                {
                    int dw1 = System.Math.Clamp(dw, -31, 31);
                    QueueNoIrq((byte)((dw1 & 0x3f) | 0x40));
                    dw -= dw1;
                }
                else
                {
                    int dz4 = System.Math.Clamp(dz, -7, 7);
                    QueueNoIrq((byte)((dz4 & 0x0f) | ((buttons & 0x18) << 1)));
                    dz -= dz4;
                }

                break;
            default:
                dz = 0;
                dw = 0;
                break;
        }

        RaiseIrq();
        dx -= dx1;
        dy -= dy1;
    }

    /// <summary>QEMU's <c>ps2_write_mouse</c>: a byte from the guest (through the controller's 0xd4).</summary>
    internal void Write(byte value)
    {
        switch (WriteCommand)
        {
            case CommandSetRate:
                sampleRate = value;
                DetectSequence(value);
                Queue(ReplyAck);
                WriteCommand = -1;
                return;
            case SetResolution:
                resolution = value;
                Queue(ReplyAck);
                WriteCommand = -1;
                return;
        }

        if (wrap)
        {
            if (value == ResetWrap)
            {
                wrap = false;
                Queue(ReplyAck);
                return;
            }

            if (value != CommandReset)
            {
                Queue(value);
                return;
            }
        }

        switch (value)
        {
            case SetScale11:
                status &= unchecked((byte)~StatusScale21);
                Queue(ReplyAck);
                break;
            case SetScale21:
                status |= StatusScale21;
                Queue(ReplyAck);
                break;
            case SetStream:
                status &= unchecked((byte)~StatusRemote);
                Queue(ReplyAck);
                break;
            case SetWrap:
                wrap = true;
                Queue(ReplyAck);
                break;
            case SetRemote:
                status |= StatusRemote;
                Queue(ReplyAck);
                break;
            case CommandGetId:
                Queue(ReplyAck, type);
                break;
            case SetResolution or CommandSetRate:
                WriteCommand = value;
                Queue(ReplyAck);
                break;
            case GetScale:
                Queue(ReplyAck, status, resolution, sampleRate);
                break;
            case Poll:
                Queue(ReplyAck);
                SendPacket();
                break;
            case CommandEnable:
                status |= StatusEnabled;
                Queue(ReplyAck);
                break;
            case CommandDisable:
                status &= unchecked((byte)~StatusEnabled);
                Queue(ReplyAck);
                break;
            case CommandDefaults:
                sampleRate = 100;
                resolution = 2;
                status = 0;
                Queue(ReplyAck);
                break;
            case CommandReset:
                sampleRate = 100;
                resolution = 2;
                status = 0;
                type = 0;
                ResetQueue();
                Queue(ReplyAck, ReplySelfTestPassed, type);
                break;
        }
    }

    // The sample rates 200, 100, 80 make an IntelliMouse (ID 3); 200, 200, 80 an Explorer (ID 4).
    private void DetectSequence(byte rate)
    {
        switch (detectState)
        {
            case 1:
                detectState = rate switch { 100 => 2, 200 => 3, _ => 0 };
                break;
            case 2:
                if (rate == 80)
                {
                    type = 3;
                }

                detectState = 0;
                break;
            case 3:
                if (rate == 80)
                {
                    type = 4;
                }

                detectState = 0;
                break;
            default:
                if (rate == 200)
                {
                    detectState = 1;
                }

                break;
        }
    }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>ps2_mouse_reset</c>: every setting 0, no movement held.</remarks>
    internal override void ResetDevice()
    {
        base.ResetDevice();
        status = 0;
        resolution = 0;
        sampleRate = 0;
        wrap = false;
        type = 0;
        detectState = 0;
        dx = 0;
        dy = 0;
        dz = 0;
        dw = 0;
        buttons = 0;
    }
}
