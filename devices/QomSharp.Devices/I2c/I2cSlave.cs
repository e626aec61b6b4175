using QomSharp.Qdev;

namespace QomSharp.Devices.I2c;

/// <summary>QEMU's <c>i2c-slave</c> (abstract): a device on an <c>i2c-bus</c> at a 7-bit address.</summary>
[QomType("i2c-slave", Abstract = true)]
public abstract partial class I2cSlave : Device
{
    /// <summary>QEMU's <c>address</c>: the device's bus address.</summary>
    [QomProperty("address", Default = (byte)0)]
    public partial byte Address { get; set; }

    [QomClassInit]
    private static void InitI2cSlaveClass(DeviceClass klass) => klass.BusType = I2cBus.QomTypeName;

    /// <summary>QEMU's <c>I2CSlaveClass.event</c>.</summary>
    public virtual void Event(I2cEvent i2cEvent)
    {
    }

    /// <summary>QEMU's <c>I2CSlaveClass.send</c>: true when the device refuses the byte.</summary>
    public virtual bool Send(byte data) => false;

    /// <summary>QEMU's <c>I2CSlaveClass.recv</c>.</summary>
    public virtual byte Receive() => 0xff;
}
