using System.Collections.Generic;
using QomSharp.Memory;

namespace QomSharp.Qdev;

/// <summary>QEMU's <c>System</c> bus: the main system bus, where sysbus devices sit. It takes hot-plugs only where a machine allows.</summary>
[QomType("System")]
public sealed partial class SystemBus : Bus;

/// <summary>
/// QEMU's <c>sys-bus-device</c> (abstract): a device on the system bus with MMIO regions that the
/// machine (or the device's realize) maps into the system address space.
/// </summary>
[QomType("sys-bus-device", Abstract = true)]
public abstract partial class SysBusDevice : Device
{
    private readonly List<MemoryRegion> mmio = [];

    /// <summary>The device's MMIO regions, in the order they were initialised.</summary>
    public IReadOnlyList<MemoryRegion> MmioRegions => mmio;

    [QomClassInit]
    private static void InitSysBusDeviceClass(DeviceClass klass) => klass.BusType = "System";

    /// <summary>QEMU's <c>sysbus_init_mmio</c>.</summary>
    protected void InitMmio(MemoryRegion region) => mmio.Add(region);

    /// <summary>QEMU's <c>sysbus_mmio_map</c>: maps region <paramref name="index"/> into the system address space.</summary>
    public void MapMmio(int index, ulong address) => Context.Qdev.SystemMemory.Map(address, mmio[index]);

    /// <inheritdoc/>
    protected override void Unrealize()
    {
        foreach (var region in mmio)
        {
            Context.Qdev.SystemMemory.Unmap(region);
        }

        base.Unrealize();
    }
}
