using QomSharp.Devices.Pci;
using QomSharp.Qdev;

namespace QomSharp.Devices.Machines;

/// <summary>
/// QEMU 10.0's <c>pc-q35-10.0-machine</c> (alias <c>q35</c>), reduced to what this project models:
/// the board object, its containers and main system bus, and the PCIe host bridge
/// <c>/machine/q35</c> with its root bus <c>pcie.0</c>. It is the default machine here, since the
/// i440FX board is not modelled. The older versions (<c>pc-q35-9.1</c>, ...) build the same board
/// with their compatibility properties (<see cref="Q35Versions"/>).
/// </summary>
[QomType("pc-q35-10.0-machine")]
public sealed partial class Q35Machine : PcMachine
{
    [QomClassInit]
    private static void InitQ35MachineClass(MachineClass klass)
    {
        Q35Versions.InitClass(klass, 0);
        klass.Alias = "q35";
        klass.IsDefault = true;
    }

    /// <inheritdoc/>
    public override bool AllowsDynamicSysBusDevice(string typeName) => typeName == Devices.I386.IntelIommu.QomTypeName;

    /// <inheritdoc/>
    /// <remarks>
    /// QEMU's <c>pc_q35_init</c> for the devices modelled here, in its order: the SGX EPC sections,
    /// the CPUs, the RAM layout from
    /// <c>-m</c>, the host bridge with the layout, SMM and IOMMU bypass set, then the ICH9 functions
    /// at 00:1f.
    /// </remarks>
    protected override void InitBoard()
    {
        InitSgxEpc();
        Q35BoardFunctions.CreateCpus(this);
        DropUnusedFlashes();
        var host = (Q35PciHost)Context.New(Q35PciHost.QomTypeName);
        var memory = Memory;
        if (memory.Size < memory.MaxSize && memory.Slots > PcMemoryLayout.MaxRamSlots)
        {
            host.Unref();
            throw new QomException(System.FormattableString.Invariant($"unsupported amount of memory slots: {memory.Slots}"));
        }

        try
        {
            MemoryLayout = PcMemoryLayout.ForQ35(memory, Options.Get("max-ram-below-4g", 0UL), host.PciHole64Size, Q35Versions.EnforcesAmd1TbHole(MachineClass));
        }
        catch (QomException)
        {
            host.Unref();
            throw;
        }

        CreateMemoryRegions(MemoryLayout);
        AddChild("q35", host);
        host.Unref();
        host.BelowFourGMemSize = MemoryLayout.BelowFourG;
        host.AboveFourGMemSize = MemoryLayout.AboveFourG;
        host.BypassIommu = Options.Get("default-bus-bypass-iommu", false);
        host.SmmRanges = SmmEnabled;
        host.SetPropertyLink("ram-mem", Ram);
        host.SetPropertyLink("pci-mem", PciMemory);
        host.SetPropertyLink("system-mem", Context.Qdev.SystemMemory.Root);
        host.SetPropertyLink("io-mem", Context.Qdev.IoSpace.Root);
        host.RealizeOn(MainSystemBus);
        CreateBoardLines();
        var isa = Q35BoardFunctions.CreateLpc(this, host.RootBus!);

        // pc_q35_init: the machine's acpi-device link to the LPC, its ACPI device.
        var acpiDevice = QomLinkProperty.CreateInstanceLink("acpi-device", "hotplug-handler", QomLinkProperty.AllowSet, strong: true);
        AddProperty(acpiDevice);
        SetPropertyValue(acpiDevice, QomInput.FromStr(isa.ParentDevice!.CanonicalPath!));
        CreateIoapic(host);
        Q35BoardFunctions.CreateSouthBridge(this, host.RootBus!, isa);
        if ((isa.ParentDevice as Devices.Ich9.Ich9Lpc)?.Rtc is { } rtc)
        {
            InitCmos(rtc);
        }

        base.InitBoard();
    }
}
