using QomSharp.Devices.Pci.Config;

namespace QomSharp.Devices.Pci;

/// <summary>
/// The root port's configuration space as QEMU 10.0's <c>pcie-root-port</c> lays it out: the
/// bridge subsystem ids at 0x40, MSI-X (one vector in BAR0) at 0x48, the PCI Express capability
/// with its slot and root registers at 0x54, the resource reservation (when set) after it; AER at
/// 0x100 and ACS at 0x148 (unless <c>disable-acs</c>). Reset closes the windows.
/// </summary>
public sealed partial class PcieRootPort
{
    private const int ExpressOffset = 0x54;
    private const int MsixOffset = 0x48;
    private const int AerOffset = 0x100;

    /// <inheritdoc/>
    protected override int ExpressCapabilityOffset => ExpressOffset;
    private const ushort RedHat = 0x1b36;

    /// <inheritdoc/>
    protected override bool HasExpressConfig => true;

    /// <inheritdoc/>
    protected override void InitConfig(PciConfigSpace config)
    {
        System.ArgumentNullException.ThrowIfNull(config);
        SetIds(config, RedHat, 0x000c, 0, 0x0604);
        byte[] c = config.Config;

        // pcie_port_init_reg: no 66 MHz or fast back-to-back, and the conventional-only bridge controls are fixed.
        PciConfigSpace.SetWord(config.WMask, PciRegisters.BridgeControl, 0x005f);
        PciConfigSpace.SetWord(config.W1cMask, PciRegisters.BridgeControl, 0);
        PciConfigSpace.SetWord(c, PciRegisters.SecondaryStatus, 0);
        if (!PciExpressWriteableSltBug)
        {
            config.WMask[PciRegisters.SecondaryBus + 2] = 0;
        }

        c[PciRegisters.InterruptPin] = 1;
        config.RegisterBar(PciRegisters.BaseAddress0, 4096, PciBarType.Memory32);
        PciCapabilities.AddBridgeSubsystem(config, 0x40, RedHat, 0);
        PciCapabilities.AddMsix(config, MsixOffset, 1, 0, 0, 0, 0x800);
        PciExpressCapabilities.AddExpress(config, ExpressOffset, PciExpressCapabilities.TypeRootPort, Port, (int)Speed + 1, WidthLanes(Width), PcieExtTag);
        PciExpressCapabilities.AddSlot(config, ExpressOffset, Slot, Hotplug && !HideNativeHotplugCap, PowerControllerPresent, IsPopulatedAtReset);
        if (ColdPluggedPresence(out bool linkActive))
        {
            PciExpressCapabilities.SetPresent(config, ExpressOffset, linkActive);
        }

        PciExpressCapabilities.InitRoot(config, ExpressOffset);
        PciCapabilities.AddResourceReserve(config, new PciResourceReserve(BusReserve, IoReserve, MemoryReserve, Prefetchable32Reserve, Prefetchable64Reserve));
        PciExpressCapabilities.AddAer(config, AerOffset, AerLogMax > 1, PcieErrUncMask, root: true);
        if (!DisableAcs)
        {
            PciExpressCapabilities.AddAcs(config, 0x148);
        }

        // pci_bridge_reset: the windows are closed (base above limit).
        c[PciRegisters.IoBase] = 0xf0;
        PciConfigSpace.SetWord(c, PciRegisters.MemoryBase, 0xfff0);
        PciConfigSpace.SetWord(c, PciRegisters.PrefMemoryBase, 0xfff1);
    }

    /// <inheritdoc/>
    protected override void WriteConfig(PciConfigSpace config, int address, uint value, int length)
    {
        System.ArgumentNullException.ThrowIfNull(config);
        int oldControl = PciConfigSpace.GetWord(config.Config, ExpressOffset + PciExpressCapabilities.SlotControl);
        int oldStatus = PciConfigSpace.GetWord(config.Config, ExpressOffset + PciExpressCapabilities.SlotStatus);
        config.Write(address, value, length);
        msix?.ControlWritten(address, length);
        SlotWriteConfig(config, oldControl, oldStatus, address, value, length);
        UpdateAerRootInterrupt(config);
    }

    private static int WidthLanes(PcieLinkWidth width) => width switch
    {
        PcieLinkWidth.X1 => 1,
        PcieLinkWidth.X2 => 2,
        PcieLinkWidth.X4 => 4,
        PcieLinkWidth.X8 => 8,
        PcieLinkWidth.X12 => 12,
        PcieLinkWidth.X16 => 16,
        _ => 32,
    };
}
