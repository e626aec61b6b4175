using System;
using QomSharp.Qdev;

namespace QomSharp.Devices.I2c;

/// <summary>
/// QEMU's <c>smbus-device</c> (abstract): an I2C device that speaks SMBus commands. The bytes a
/// master writes are gathered and handed over at a repeated start or the stop condition (QEMU's
/// <c>smbus_i2c_event</c>, <c>smbus_i2c_send</c>, <c>smbus_i2c_recv</c>).
/// </summary>
[QomType("smbus-device", Abstract = true)]
public abstract partial class SmbusDevice : I2cSlave
{
    private const int DataMax = 34;

    private readonly byte[] buffer = new byte[DataMax];
    private int length;
    private Mode mode;

    private enum Mode
    {
        Idle,
        WriteData,
        ReadData,
        Done,
        Confused,
    }

    /// <summary>QEMU's <c>quick_cmd</c>: a transfer without data.</summary>
    protected virtual void QuickCommand(bool read)
    {
    }

    /// <summary>QEMU's <c>write_data</c>: the bytes a master wrote (the command byte first).</summary>
    protected virtual void WriteData(ReadOnlySpan<byte> data)
    {
    }

    /// <summary>QEMU's <c>receive_byte</c>.</summary>
    protected virtual byte ReceiveByte() => 0xff;

    /// <inheritdoc/>
    public override void Event(I2cEvent i2cEvent)
    {
        switch (i2cEvent)
        {
            case I2cEvent.StartSend:
                if (mode == Mode.Idle)
                {
                    mode = Mode.WriteData;
                    length = 0;
                }
                else
                {
                    mode = Mode.Confused;
                }

                break;
            case I2cEvent.StartReceive:
                if (mode == Mode.Idle)
                {
                    mode = Mode.ReadData;
                }
                else if (mode == Mode.WriteData && length > 0)
                {
                    WriteData(buffer.AsSpan(0, length));
                    mode = Mode.ReadData;
                }
                else
                {
                    mode = Mode.Confused;
                }

                break;
            case I2cEvent.Finish:
                if (length == 0)
                {
                    if (mode is Mode.WriteData or Mode.ReadData)
                    {
                        QuickCommand(mode == Mode.ReadData);
                    }
                }
                else if (mode == Mode.WriteData)
                {
                    WriteData(buffer.AsSpan(0, length));
                }

                mode = Mode.Idle;
                length = 0;
                break;
            case I2cEvent.Nack:
                mode = mode is Mode.Done or Mode.ReadData ? Mode.Done : Mode.Confused;
                break;
        }
    }

    /// <inheritdoc/>
    public override bool Send(byte data)
    {
        if (mode == Mode.WriteData && length < DataMax)
        {
            buffer[length++] = data;
        }

        return false;
    }

    /// <inheritdoc/>
    public override byte Receive()
    {
        if (mode == Mode.ReadData)
        {
            return ReceiveByte();
        }

        mode = Mode.Confused;
        return 0xff;
    }
}
