using QomSharp.Devices.Pci.Config;

namespace QomSharp.Devices.Pci;

/// <summary>The function's configuration space, built on first access after realize.</summary>
public abstract partial class PciDevice
{
    // QEMU's default subsystem ids for a type 0 header (pci_init_default_subsystem_id).
    private const ushort DefaultSubsystemVendor = 0x1af4;
    private const ushort DefaultSubsystem = 0x1100;

    // Built lazily: creating and destroying an unrealized device allocates nothing for it.
    private PciConfigSpace? configSpace;

    /// <summary>
    /// The configuration space as QEMU 10.0 leaves it after realize and reset: the header from the
    /// model's ids and BARs, then its capabilities (<see cref="InitConfig"/>), then the ROM BAR.
    /// </summary>
    public PciConfigSpace ConfigSpace => configSpace ??= BuildConfigSpace();

    /// <summary>Whether the configuration space was built (read, written or changed by the model) yet.</summary>
    protected bool IsConfigSpaceBuilt => configSpace is not null;

    /// <summary>Whether the configuration space was built yet (reading it before then shows its state after reset).</summary>
    internal bool HasConfigSpace => configSpace is not null;

    /// <summary>Whether the function has a 4 KiB (PCI Express) configuration space.</summary>
    protected virtual bool HasExpressConfig => false;

    /// <summary>Whether the function has a type 1 (bridge) header.</summary>
    protected virtual bool HasBridgeHeader => false;

    /// <summary>Fills the model's registers, masks and capabilities into a fresh space.</summary>
    protected virtual void InitConfig(PciConfigSpace config)
    {
    }

    /// <summary>
    /// A guest's configuration write of <paramref name="length"/> bytes (QEMU's <c>config_write</c>):
    /// by default the masked write; a model adds its side effects.
    /// </summary>
    protected virtual void WriteConfig(PciConfigSpace config, int address, uint value, int length) => config.Write(address, value, length);

    /// <summary>
    /// A guest's configuration read of <paramref name="length"/> bytes (QEMU's <c>config_read</c>):
    /// by default the bytes; a model adds its side effects.
    /// </summary>
    protected virtual uint ReadConfig(PciConfigSpace config, int address, int length) => config.Read(address, length);

    /// <summary>A guest's configuration read (QEMU's <c>pci_host_config_read_common</c> below the space's size), through the model's side effects.</summary>
    public uint ReadConfigSpace(int address, int length) => ReadConfig(ConfigSpace, address, length);

    /// <summary>
    /// QEMU's <c>has_power</c>: whether the function is powered. The slot it sits in turns it off
    /// when the guest switches the slot's power controller off; an unpowered function answers
    /// configuration reads with all ones and ignores writes.
    /// </summary>
    public bool HasPower { get; private set; } = true;

    /// <summary>
    /// Whether configuration cycles reach the function (QEMU's <c>pci_host_config_read_common</c>
    /// and <c>_write_common</c>): not while it is unpowered, nor while it is a hot-plugged function
    /// whose function 0 is absent.
    /// </summary>
    public bool IsConfigVisible => HasPower && !(IsHotplugged && PciBus?.FunctionZeroOf(Devfn) is null);

    /// <summary>
    /// QEMU's <c>pci_set_power</c>: a function that loses power is reset (here: its configuration
    /// space is made anew, as after realize, on the next access).
    /// </summary>
    public void SetPower(bool on)
    {
        if (HasPower == on)
        {
            return;
        }

        bool wasMaster = IsBusMaster;
        HasPower = on;
        if (!on)
        {
            // The function's own reset, then its configuration space back to its state after
            // realize (QEMU resets the header's registers; rebuilding covers them).
            ResetFunction();
            DeassertIntx();
            configSpace = null;
            intxDisabledApplied = false;
            UpdateBusMasterEnable(wasMaster);
            }

        // QEMU's pci_set_power: the BARs follow the function's power.
        if (!on)
        {
            UnmapBars();
        }
    }

    /// <summary>A guest's configuration write, through the model's side effects.</summary>
    /// <remarks>
    /// A write to a BAR or the command register moves the BARs (QEMU's <c>pci_update_mappings</c>
    /// from <c>pci_default_write_config</c>), then <c>pci_update_irq_disabled</c>; a bridge then
    /// updates its windows.
    /// </remarks>
    public void WriteConfigSpace(int address, uint value, int length)
    {
        int oldBridgeControl = HasBridgeHeader ? PciConfigSpace.GetWord(ConfigSpace.Config, PciRegisters.BridgeControl) : 0;
        bool wasMaster = IsBusMaster;
        WriteConfig(ConfigSpace, address, value, length);
        if (TouchesMappings(address, length))
        {
            UpdateMappings();
        }

        SyncIntxDisabled();
        if (address <= PciRegisters.Command && PciRegisters.Command < address + length)
        {
            UpdateBusMasterEnable(wasMaster);
        }

        ConfigWritten(address, length);
        if (HasBridgeHeader)
        {
            BridgeControlWritten(oldBridgeControl);
        }
    }

    /// <summary>After a guest's configuration write to a function with a type 1 header: the bridge control register's value before it.</summary>
    private protected virtual void BridgeControlWritten(int oldControl)
    {
    }

    /// <summary>After a guest's configuration write and the BARs' update: a bridge's windows (QEMU's <c>pci_bridge_write_config</c>).</summary>
    private protected virtual void ConfigWritten(int address, int length)
    {
    }

    /// <summary>Writes the ids, class and revision (QEMU's class fields) into the header.</summary>
    protected static void SetIds(PciConfigSpace config, ushort vendor, ushort device, byte revision, ushort classCode, byte progIf = 0)
    {
        System.ArgumentNullException.ThrowIfNull(config);
        PciConfigSpace.SetWord(config.Config, PciRegisters.VendorId, vendor);
        PciConfigSpace.SetWord(config.Config, PciRegisters.DeviceId, device);
        config.Config[PciRegisters.Revision] = revision;
        config.Config[PciRegisters.ProgIf] = progIf;
        PciConfigSpace.SetWord(config.Config, PciRegisters.ClassDevice, classCode);
    }

    /// <summary>Sets the subsystem ids of a type 0 header.</summary>
    protected static void SetSubsystem(PciConfigSpace config, ushort vendor, ushort subsystem)
    {
        System.ArgumentNullException.ThrowIfNull(config);
        PciConfigSpace.SetWord(config.Config, PciRegisters.SubsystemVendorId, vendor);
        PciConfigSpace.SetWord(config.Config, PciRegisters.SubsystemId, subsystem);
    }

    // do_pci_register_device's order: the masks, the header type with the multifunction bit, the
    // default subsystem of a type 0 header, then the model's realize.
    private PciConfigSpace BuildConfigSpace()
    {
        var config = new PciConfigSpace(HasExpressConfig ? PciConfigSpace.ExpressSize : PciConfigSpace.ConventionalSize);
        config.Config[PciRegisters.HeaderType] = (byte)((HasBridgeHeader ? 1 : 0) | (Multifunction ? 0x80 : 0));
        if (HasBridgeHeader)
        {
            PciCapabilities.InitBridgeHeader(config);
        }
        else
        {
            SetSubsystem(config, DefaultSubsystemVendor, DefaultSubsystem);
        }

        InitConfig(config);

        // pci_add_option_rom: the ROM BAR, a 32-bit memory BAR with its enable bit writable.
        if (RomBarSize > 0)
        {
            config.RegisterBar(HasBridgeHeader ? PciRegisters.BridgeRomAddress : PciRegisters.RomAddress, RomBarSize, PciBarType.Memory32);
        }

        return config;
    }
}
