using QomSharp.Devices.Pci.Config;
using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

public abstract partial class PciDevice
{
    private const string BusMasterContainerName = "bus master container";

    /// <summary>
    /// The function's own memory regions, made at realize once its devfn is taken (QEMU's
    /// <c>pc->realize</c> for the regions it initialises); the base makes none. A region QEMU's model
    /// makes at instance init belongs in the class's instance init instead.
    /// </summary>
    protected virtual void CreateRegions()
    {
    }

    // QEMU's do_pci_register_device: the bus master container; the "bus master" alias of the DMA
    // address space goes in when the machine is ready (pci_init_bus_master; for a cold-plugged
    // function, when its bus's machine-init-done notifier runs: PciBus.InitBusMasters).
    private void CreateBusMasterRegions()
    {
        var container = MemoryRegion.CreateContainer(this, BusMasterContainerName, ulong.MaxValue);
        Context.Qdev.AddressSpaces.Add(TypeName, container);
        if (Context.Qdev.Phase == MachinePhase.MachineReady)
        {
            InitBusMaster();
        }
    }

    // QEMU's pci_init_bus_master: the vIOMMU's address space for the function (made on first
    // use), then the disabled alias of it in the container.
    internal void InitBusMaster()
    {
        if (GetChild(BusMasterContainerName + "[0]") is not MemoryRegion container || GetChild("bus master[0]") is not null)
        {
            return;
        }

        var space = GetIommuAddressSpace();
        if ((space as MemoryRegion ?? (space as IIommuAddressSpace)?.Root ?? Context.Qdev.SystemMemory.Root) is { } target)
        {
            var alias = MemoryRegion.CreateAlias(this, "bus master", target, 0, target.Size);
            alias.SetEnabled(IsBusMaster);
            container.AddSubregion(0, alias);
        }
    }

    // QEMU's pci_set_master, after a write to the command register or a reset: the bus master
    // alias follows the command register's bus master bit.
    private void UpdateBusMasterEnable()
    {
        if (GetChild("bus master[0]") is MemoryRegion alias)
        {
            alias.SetEnabled(IsBusMaster);
        }
    }

    private bool IsBusMaster => IsConfigSpaceBuilt && (PciConfigSpace.GetWord(ConfigSpace.Config, PciRegisters.Command) & PciRegisters.CommandMaster) != 0;

    // QEMU's address_space_destroy of the bus master space, when the function goes.
    private void RemoveBusMasterSpace()
    {
        if (GetChild(BusMasterContainerName + "[0]") is MemoryRegion container)
        {
            Context.Qdev.AddressSpaces.Remove(container);
        }
    }
}
