using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.Isa;

/// <summary>QEMU's <c>isa-device</c> (abstract): a device on an <c>ISA</c> bus.</summary>
[QomType("isa-device", Abstract = true)]
public abstract partial class IsaDevice : Device
{
    [QomClassInit]
    private static void InitIsaDeviceClass(DeviceClass klass) => klass.BusType = IsaBus.QomTypeName;

    /// <summary>
    /// QEMU's <c>isa_register_ioport</c>: maps <paramref name="region"/> into the I/O space at
    /// <paramref name="port"/>, where qtest's <c>in</c>/<c>out</c> reach its operations.
    /// </summary>
    protected void RegisterIoPort(MemoryRegion region, ulong port)
    {
        Context.Qdev.IoSpace.Map(port, region);
        (ioPorts ??= []).Add(region);
    }

    // The regions this device mapped, unmapped when it is unrealized.
    private System.Collections.Generic.List<MemoryRegion>? ioPorts;

    /// <inheritdoc/>
    protected override void Unrealize()
    {
        if (ioPorts is not null)
        {
            foreach (var region in ioPorts)
            {
                Context.Qdev.IoSpace.Unmap(region);
            }

            ioPorts = null;
        }

        base.Unrealize();
    }

    /// <summary>QEMU's <c>memory_region_init_io</c> and <c>isa_register_ioport</c>: a region of <paramref name="size"/> ports at <paramref name="port"/>.</summary>
    protected MemoryRegion CreateIoPort(string name, ulong port, ulong size, IMemoryRegionOps? ops = null)
    {
        var region = MemoryRegion.Create(this, name, size, ops);
        RegisterIoPort(region, port);
        return region;
    }
}
