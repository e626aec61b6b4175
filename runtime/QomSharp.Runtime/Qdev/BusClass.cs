namespace QomSharp.Qdev;

/// <summary>
/// The class struct of <c>bus</c> (QEMU's <c>BusClass</c>): the maximum number of devices
/// (0 = unlimited) and the counter that names buses created without a name or a parent id.
/// </summary>
public class BusClass : QomClass
{
    /// <summary>The most devices the bus takes; 0 means no limit.</summary>
    public int MaxDevices { get; set; }

    /// <summary>The next automatic id of this bus class (<c>&lt;type&gt;.&lt;n&gt;</c> names).</summary>
    public int AutomaticIds { get; set; }

    /// <inheritdoc/>
    protected internal override void InheritFrom(QomClass parent)
    {
        base.InheritFrom(parent);
        if (parent is BusClass bus)
        {
            MaxDevices = bus.MaxDevices;
            AutomaticIds = bus.AutomaticIds;
        }
    }
}
