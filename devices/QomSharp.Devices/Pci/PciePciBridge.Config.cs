using QomSharp.Devices.Pci.Config;

namespace QomSharp.Devices.Pci;

/// <summary>
/// <c>pcie-pci-bridge</c>'s configuration space as QEMU 10.0 lays it out: the SHPC BAR0 (64-bit,
/// 256 bytes), interrupt pin A, SHPC at 0x40, the PCI Express capability (PCIe-to-PCI bridge,
/// 2.5 GT/s x1) at 0x48, power management at 0x84, MSI (unless <c>msi=off</c>) at 0x8c, AER at 0x100.
/// </summary>
public sealed partial class PciePciBridge
{
    private const int MsiOffset = 0x8c;
    private const int ShpcOffset = 0x40;

    /// <inheritdoc/>
    protected override bool HasExpressConfig => true;

    /// <inheritdoc/>
    protected override void InitConfig(PciConfigSpace config)
    {
        base.InitConfig(config);
        SetIds(config, 0x1b36, 0x000e, 0, 0x0604);
        config.Config[PciRegisters.InterruptPin] = 1;
        PciCapabilities.AddShpc(config, ShpcOffset);
        config.RegisterBar(PciRegisters.BaseAddress0, 256, PciBarType.Memory64);
        PciExpressCapabilities.AddExpress(config, 0x48, PciExpressCapabilities.TypePciBridge, 0, 1, 1, PcieExtTag);
        PciCapabilities.AddPowerManagement(config, 0x84);
        if (Msi != QomSharp.Qdev.OnOffAuto.Off)
        {
            PciCapabilities.AddMsi(config, MsiOffset, 1, true, true);
        }

        PciExpressCapabilities.AddAer(config, 0x100, false, PcieErrUncMask, root: false);
    }

    /// <inheritdoc/>
    protected override void WriteConfig(PciConfigSpace config, int address, uint value, int length)
    {
        System.ArgumentNullException.ThrowIfNull(config);
        config.Write(address, value, length);
        if (Msi != QomSharp.Qdev.OnOffAuto.Off)
        {
            MsiWriteConfig(address, length);
        }

        ShpcWriteConfig(config, ShpcOffset, address, length);
    }
}
