using QomSharp.Qdev;

namespace QomSharp.Devices.I2c;

/// <summary>QEMU's <c>i2c-bus</c>: an I2C (SMBus) bus, such as ICH9-SMB's <c>i2c</c>.</summary>
[QomType("i2c-bus")]
public sealed partial class I2cBus : Bus;
