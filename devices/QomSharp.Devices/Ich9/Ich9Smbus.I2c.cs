using QomSharp.Devices.I2c;
using QomSharp.Qdev;

namespace QomSharp.Devices.Ich9;

/// <summary>The SMBus controller's bus (QEMU's <c>pm_smbus_init</c>): the <c>i2c</c> bus, created at realize.</summary>
public sealed partial class Ich9Smbus
{
    /// <summary>The controller's SMBus (<c>i2c</c>), once realized.</summary>
    public I2cBus? I2cBus { get; private set; }

    /// <inheritdoc/>
    protected override void RealizeFunction()
    {
        I2cBus = (I2cBus)Bus.Create(Context, I2c.I2cBus.QomTypeName, this, "i2c");
        base.RealizeFunction();
    }
}
