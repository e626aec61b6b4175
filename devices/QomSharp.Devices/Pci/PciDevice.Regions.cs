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
        MemoryRegion.Create(this, BusMasterContainerName, ulong.MaxValue);
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

        _ = GetIommuAddressSpace();
        if (Context.Qdev.SystemMemory.Root is { } system)
        {
            container.AddSubregion(0, MemoryRegion.CreateAlias(this, "bus master", system, 0, system.Size));
        }
    }
}
