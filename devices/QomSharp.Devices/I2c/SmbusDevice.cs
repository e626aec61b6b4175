namespace QomSharp.Devices.I2c;

/// <summary>QEMU's <c>smbus-device</c> (abstract): an I2C device that speaks SMBus commands.</summary>
[QomType("smbus-device", Abstract = true)]
public abstract partial class SmbusDevice : I2cSlave;
