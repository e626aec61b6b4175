namespace QomSharp.Qdev;

/// <summary>
/// The class struct of <c>device</c> (QEMU's <c>DeviceClass</c>): description, categories, whether
/// users may create it (<c>-device</c>) and hot-plug it, and the bus type it sits on. The realize
/// and unrealize methods are the device's C# virtual methods.
/// </summary>
public class DeviceClass : QomClass
{
    /// <summary>The description shown by <c>-device help</c> (QEMU's <c>desc</c>).</summary>
    public string? Description { get; set; }

    /// <summary>The help-output categories.</summary>
    public DeviceCategories Categories { get; set; }

    /// <summary>Whether <c>-device</c>/<c>device_add</c> may create it (default true).</summary>
    public bool UserCreatable { get; set; } = true;

    /// <summary>Whether the device may be hot-plugged (default true).</summary>
    public bool Hotpluggable { get; set; } = true;

    /// <summary>The QOM type of the bus the device plugs into, or null for a bus-less device.</summary>
    public string? BusType { get; set; }

    /// <summary>Another name <c>-device</c> accepts for this type (QEMU's alias table), if any.</summary>
    public string? Alias { get; set; }

    /// <inheritdoc/>
    protected internal override void InheritFrom(QomClass parent)
    {
        base.InheritFrom(parent);
        if (parent is DeviceClass device)
        {
            Description = device.Description;
            Categories = device.Categories;
            UserCreatable = device.UserCreatable;
            Hotpluggable = device.Hotpluggable;
            BusType = device.BusType;
        }
    }
}
