using System.Collections.Generic;
using QomSharp.Qdev;

namespace QomSharp.Devices.I2c;

/// <summary>
/// QEMU's <c>i2c-bus</c>: an I2C (SMBus) bus, such as ICH9-SMB's <c>i2c</c>. Its transfers as
/// QEMU's I2C core runs them: a start condition picks the devices at the address (every device
/// for the broadcast address 0) and fails when there is none; sends go to each, receives come
/// from the first (all ones when there is none or on a broadcast).
/// </summary>
[QomType("i2c-bus")]
public sealed partial class I2cBus : Bus
{
    private const byte Broadcast = 0;

    private readonly List<I2cSlave> current = [];
    private bool broadcast;

    /// <summary>QEMU's <c>i2c_start_transfer</c>: true when no device answers the address.</summary>
    public bool StartTransfer(byte address, bool receive)
    {
        if (current.Count == 0)
        {
            broadcast = address == Broadcast;
            foreach (Device device in Devices)
            {
                if (device is I2cSlave slave && (broadcast || slave.Address == address))
                {
                    current.Add(slave);
                }
            }
        }

        if (current.Count == 0)
        {
            return true;
        }

        foreach (I2cSlave slave in current)
        {
            slave.Event(receive ? I2cEvent.StartReceive : I2cEvent.StartSend);
        }

        return false;
    }

    /// <summary>QEMU's <c>i2c_end_transfer</c>: the stop condition.</summary>
    public void EndTransfer()
    {
        foreach (I2cSlave slave in current)
        {
            slave.Event(I2cEvent.Finish);
        }

        current.Clear();
        broadcast = false;
    }

    /// <summary>QEMU's <c>i2c_send</c>: a byte to every device of the transfer; true when one refuses it.</summary>
    public bool Send(byte data)
    {
        bool refused = false;
        foreach (I2cSlave slave in current)
        {
            refused |= slave.Send(data);
        }

        return refused || current.Count == 0;
    }

    /// <summary>QEMU's <c>i2c_recv</c>.</summary>
    public byte Receive() => current.Count > 0 && !broadcast ? current[0].Receive() : (byte)0xff;

    /// <summary>QEMU's <c>i2c_nack</c>.</summary>
    public void Nack()
    {
        foreach (I2cSlave slave in current)
        {
            slave.Event(I2cEvent.Nack);
        }
    }
}

/// <summary>QEMU's <c>enum i2c_event</c>.</summary>
public enum I2cEvent
{
    /// <summary>A start condition for the master's reads.</summary>
    StartReceive,

    /// <summary>A start condition for the master's writes.</summary>
    StartSend,

    /// <summary>The stop condition.</summary>
    Finish,

    /// <summary>The master does not acknowledge the last byte read.</summary>
    Nack,
}
