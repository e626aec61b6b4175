using QomSharp.Qdev;

namespace QomSharp.Devices.Ide;

/// <summary>QEMU's <c>IDE</c> bus: one port of an IDE or AHCI controller (ich9-ahci has six, <c>ide.0</c> to <c>ide.5</c>). No drive is modelled on it.</summary>
[QomType("IDE")]
public sealed partial class IdeBus : Bus
{
    /// <summary>
    /// Gives <paramref name="controller"/> its <paramref name="count"/> buses, as QEMU's
    /// <c>ide_bus_init</c> names them: <c>&lt;id&gt;.N</c> for a controller with an id, else
    /// <c>ide.N</c> from the bus type's counter.
    /// </summary>
    public static void CreatePorts(Device controller, int count)
    {
        for (int i = 0; i < count; i++)
        {
            Create(controller.Context, QomTypeName, controller, null);
        }
    }
}
