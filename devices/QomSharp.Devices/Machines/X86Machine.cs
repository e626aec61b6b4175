using QomSharp.Qdev;

namespace QomSharp.Devices.Machines;

/// <summary>QEMU's <c>x86-machine</c> (abstract): the common parent of PC boards.</summary>
[QomType("x86-machine", Abstract = true)]
public abstract partial class X86Machine : Machine;

/// <summary>QEMU's <c>generic-pc-machine</c> (abstract): the parent of the i440FX and Q35 boards.</summary>
[QomType("generic-pc-machine", Abstract = true)]
public abstract partial class PcMachine : X86Machine
{
    /// <summary>The machine's vIOMMU, if one was realized (QEMU allows one per x86 machine).</summary>
    public Devices.I386.X86Iommu? DefaultIommu { get; internal set; }

    /// <summary>
    /// QEMU's <c>pc_hotplug_allowed</c> (M): without caching mode, intel-iommu cannot follow the guest's
    /// mappings, so assigned devices may not be hot-plugged.
    /// </summary>
    public override void CheckHotplugAllowed(Device device)
    {
        if (DefaultIommu is Devices.I386.IntelIommu { CachingMode: false } && device is Devices.Vfio.VfioPci)
        {
            throw new QomException("Device assignment is not allowed without enabling caching-mode=on for Intel IOMMU.");
        }
    }
}
