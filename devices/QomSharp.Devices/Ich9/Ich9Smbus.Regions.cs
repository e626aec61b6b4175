using QomSharp.Memory;

namespace QomSharp.Devices.Ich9;

public sealed partial class Ich9Smbus
{
    /// <inheritdoc/>
    /// <remarks>QEMU's <c>ich9_smbus_realize</c> (<c>pm_smbus_init</c>): the SMBus host registers as BAR4, unmapped until firmware programs it.</remarks>
    protected override void CreateRegions()
    {
        base.CreateRegions();
        RegisterBarRegion(4, MemoryRegion.Create(this, "pm-smbus", 0x40, new SmbusOps(this)));
    }
}
