using QomSharp.Devices.Pci.Config;
using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

public abstract partial class PciDevice : IAddressSpaceRoot
{
    private const string BusMasterContainerName = "bus master container";

    // A function's bus master container and alias are listed from the start (as children, and the
    // space in info mtree's list) but made only when something looks at them: a look-up, qom-list,
    // info mtree, a DMA. Most functions of a large machine are never looked at. Where QEMU makes
    // them, the placeholders take their places, so the order of children and spaces is QEMU's.
    private static readonly BusMasterPlaceholder ContainerPlaceholder = new(BusMasterContainerName + "[0]");
    private static readonly BusMasterPlaceholder AliasPlaceholder = new("bus master[0]");

    private sealed class BusMasterPlaceholder(string name) : QomLazyChild(name, "memory-region")
    {
        protected override void Materialize(QomObject owner) => ((PciDevice)owner).MakeBusMasterRegions();
    }

    /// <summary>
    /// Whether the function's bus master container and alias are made: they are listed from realize
    /// (and the alias from machine-init-done) but made when something first looks at them.
    /// </summary>
    public bool BusMasterRegionsMade => !HasLazyChild(ContainerPlaceholder) && !HasLazyChild(AliasPlaceholder);

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
        if (TryAddLazyChild(ContainerPlaceholder))
        {
            Context.Qdev.AddressSpaces.AddLazy(TypeName, this);
        }
        else
        {
            var container = MemoryRegion.CreateContainer(this, BusMasterContainerName, ulong.MaxValue);
            Context.Qdev.AddressSpaces.Add(TypeName, container);
        }

        if (Context.Qdev.Phase == MachinePhase.MachineReady)
        {
            InitBusMaster();
        }
    }

    // QEMU's pci_init_bus_master: the vIOMMU's address space for the function (made on first
    // use), then the disabled alias of it in the container.
    internal void InitBusMaster()
    {
        if (HasLazyChild(ContainerPlaceholder))
        {
            // Asked for now, as QEMU does (a vIOMMU makes the function's space when first asked);
            // with none, the alias shows the system memory and can wait with its container.
            if (GetIommuAddressSpace() is null && !HasLazyChild(AliasPlaceholder) && TryAddLazyChild(AliasPlaceholder))
            {
                return;
            }

            MakeBusMasterRegions();
        }

        if (GetChild(BusMasterContainerName + "[0]") is not MemoryRegion container || GetChild("bus master[0]") is not null)
        {
            return;
        }

        if (BusMasterTarget() is { } target)
        {
            var alias = MemoryRegion.CreateAlias(this, "bus master", target, 0, target.Size);
            alias.SetEnabled(IsBusMaster);
            container.AddSubregion(0, alias);
        }
    }

    // What the alias shows: the vIOMMU's space for the function, else the system memory.
    private MemoryRegion? BusMasterTarget()
    {
        var space = GetIommuAddressSpace();
        return space as MemoryRegion ?? (space as IIommuAddressSpace)?.Root ?? Context.Qdev.SystemMemory.Root;
    }

    // The container and alias whose placeholders are still listed, made in their places as they
    // would have been: the alias enabled as the command register says now.
    private void MakeBusMasterRegions() => Context.Qdev.MakeRegionsQemuMadeEarlier(MakeBusMasterRegionsNow);

    private void MakeBusMasterRegionsNow()
    {
        MemoryRegion? container = null;
        if (HasLazyChild(ContainerPlaceholder))
        {
            container = MemoryRegion.CreateInPlaceOf(this, ContainerPlaceholder, BusMasterContainerName, ulong.MaxValue, container: true);
        }

        if (HasLazyChild(AliasPlaceholder))
        {
            container ??= GetChild(BusMasterContainerName + "[0]") as MemoryRegion;
            var target = BusMasterTarget()!;
            var alias = MemoryRegion.CreateInPlaceOf(this, AliasPlaceholder, "bus master", target.Size, aliasOf: target);
            alias.SetEnabled(IsBusMaster);
            container?.AddSubregion(0, alias);
        }
    }

    /// <inheritdoc/>
    /// <remarks>The function's bus master container, made if it was not yet.</remarks>
    MemoryRegion IAddressSpaceRoot.Root
    {
        get
        {
            MakeBusMasterRegions();
            return (MemoryRegion)GetChild(BusMasterContainerName + "[0]")!;
        }
    }

    // QEMU's pci_set_master, after a write to the command register or a reset: the bus master
    // alias follows the command register's bus master bit. An alias not made yet reads the bit when
    // made; that the bit changed still counts as the change of a region, as QEMU's alias made it.
    private void UpdateBusMasterEnable(bool wasMaster)
    {
        if (!HasLazyChild(AliasPlaceholder) && GetChild("bus master[0]") is MemoryRegion alias)
        {
            alias.SetEnabled(IsBusMaster);
        }
        else if (IsBusMaster != wasMaster)
        {
            Context.Qdev.CountRegionChangeQemuMakes();
        }
    }

    private bool IsBusMaster => IsConfigSpaceBuilt && (PciConfigSpace.GetWord(ConfigSpace.Config, PciRegisters.Command) & PciRegisters.CommandMaster) != 0;

    // QEMU's address_space_destroy of the bus master space, when the function goes.
    private void RemoveBusMasterSpace()
    {
        // A space listed before its container was made stays listed by the function, made or not.
        Context.Qdev.AddressSpaces.RemoveLazy(this);
        if (!HasLazyChild(ContainerPlaceholder) && GetChild(BusMasterContainerName + "[0]") is MemoryRegion container)
        {
            Context.Qdev.AddressSpaces.Remove(container);
        }
    }
}
