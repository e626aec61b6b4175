using QomSharp.Devices.Pci.Config;

namespace QomSharp.Devices.Pci;

/// <summary>
/// <c>pci-bridge</c>'s configuration space as QEMU 10.0 lays it out: with SHPC, its BAR0 (64-bit,
/// 256 bytes), interrupt pin A, the SHPC capability at 0x40, slot identification at 0x48 and
/// (unless <c>msi=off</c>) MSI at 0x4c; without, slot identification at 0x40. The resource
/// reservation, when set, takes the next free space.
/// </summary>
public sealed partial class PciBridgeDevice
{
    // Where the SHPC capability went (0x40: it is the first).
    private int shpcCapability = 0x40;

    /// <inheritdoc/>
    protected override void InitConfig(PciConfigSpace config)
    {
        base.InitConfig(config);
        SetIds(config, 0x1b36, 0x0001, 0, 0x0604);
        if (Shpc)
        {
            config.Config[PciRegisters.InterruptPin] = 1;
            shpcCapability = PciCapabilities.AddShpc(config, 0);
            config.RegisterBar(PciRegisters.BaseAddress0, 256, PciBarType.Memory64);
        }

        PciCapabilities.AddSlotId(config, 0, 0, ChassisNumber);
        if (Shpc && Msi != QomSharp.Qdev.OnOffAuto.Off)
        {
            PciCapabilities.AddMsi(config, 0, 1, true, true);
        }

        PciCapabilities.AddResourceReserve(config, new PciResourceReserve(BusReserve, IoReserve, MemoryReserve, Prefetchable32Reserve, Prefetchable64Reserve));
    }

    /// <inheritdoc/>
    protected override void WriteConfig(PciConfigSpace config, int address, uint value, int length)
    {
        System.ArgumentNullException.ThrowIfNull(config);
        config.Write(address, value, length);
        if (Shpc && Msi != QomSharp.Qdev.OnOffAuto.Off)
        {
            MsiWriteConfig(address, length);
        }

        if (Shpc)
        {
            ShpcWriteConfig(config, shpcCapability, address, length);
        }
    }
}
