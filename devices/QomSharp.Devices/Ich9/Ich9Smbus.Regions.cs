using QomSharp.Memory;

namespace QomSharp.Devices.Ich9;

public sealed partial class Ich9Smbus
{
    /// <inheritdoc/>
    /// <remarks>QEMU's <c>ich9_smbus_realize</c> (<c>pm_smbus_init</c>): the SMBus host registers, unmapped until firmware programs the BAR.</remarks>
    protected override void CreateRegions()
    {
        base.CreateRegions();
        MemoryRegion.Create(this, "pm-smbus", 0x40);
    }
}
