using QomSharp.Devices.Machines;
using QomSharp.Qdev;

namespace QomSharp.Devices.I386;

/// <summary>
/// QEMU's <c>x86-iommu</c> (abstract dynamic sysbus device): the interrupt-remapping switch shared
/// by the Intel and AMD IOMMUs, the one-vIOMMU-per-machine rule and the machine check.
/// </summary>
[QomType("x86-iommu", Abstract = true)]
public abstract partial class X86Iommu : DynamicSysBusDevice
{
    /// <summary>QEMU's <c>intremap</c>; <c>auto</c> is resolved (and reads back resolved) at realize.</summary>
    [QomProperty("intremap", Default = OnOffAuto.Auto, Description = "on/off/auto")]
    public partial OnOffAuto InterruptRemapping { get; set; }

    /// <summary>QEMU's <c>device-iotlb</c>: device TLBs (ATS) offered to the guest.</summary>
    [QomProperty("device-iotlb", Default = false)]
    public partial bool DeviceIotlb { get; set; }

    /// <summary>QEMU's <c>pt</c>: pass-through translation offered to the guest.</summary>
    [QomProperty("pt", Default = true)]
    public partial bool PassThrough { get; set; }

    /// <summary>Interrupt remapping as resolved at realize (auto → on: no in-kernel irqchip is modelled).</summary>
    public bool InterruptRemappingEnabled { get; private set; }

    [QomClassInit]
    private static void InitX86IommuClass(DeviceClass klass) => klass.Hotpluggable = false;

    /// <summary>The subclass's own checks and set-up, before the machine takes this IOMMU as its one.</summary>
    protected abstract void RealizeIommu();

    /// <summary>Starts operation once the machine has accepted this IOMMU (maps registers, ...).</summary>
    protected abstract void Activate();

    /// <inheritdoc/>
    protected override void Realize()
    {
        var board = Context.ResolvePath("/machine") as Machine;

        // The PC machine's pre-plug check comes before the device's own realize.
        if (board is PcMachine { DefaultIommu: not null })
        {
            throw new QomException(PcMachine.MultipleIommusMessage);
        }

        if (board is not PcMachine machine)
        {
            throw new QomException($"Machine-type '{(board?.Class as MachineClass)?.MachineName}' not supported by IOMMU");
        }

        // Without an in-kernel irqchip (none is modelled), interrupt remapping defaults to on; QEMU stores the choice.
        if (InterruptRemapping == OnOffAuto.Auto)
        {
            InterruptRemapping = OnOffAuto.On;
        }

        InterruptRemappingEnabled = InterruptRemapping == OnOffAuto.On;
        RealizeIommu();
        machine.DefaultIommu = this;
        Activate();
        base.Realize();
    }

    /// <inheritdoc/>
    protected override void Unrealize()
    {
        if (Context.ResolvePath("/machine") is PcMachine machine && ReferenceEquals(machine.DefaultIommu, this))
        {
            machine.DefaultIommu = null;
        }

        base.Unrealize();
    }
}
