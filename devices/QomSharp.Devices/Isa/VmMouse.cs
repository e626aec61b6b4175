using QomSharp.Qdev;

namespace QomSharp.Devices.Isa;

/// <summary>QEMU's <c>vmmouse</c>: VMware's absolute pointer behind vmport, bound to an i8042 (its <c>i8042</c> link, which realize requires); the board creates one with vmport, and users may add more.</summary>
[QomType("vmmouse")]
public sealed partial class VmMouse : IsaDevice
{
    /// <summary>QEMU's <c>i8042</c>: the keyboard controller whose mouse this one takes over.</summary>
    [QomLink("i8042")]
    public partial I8042? I8042 { get; set; }

    [QomClassInit]
    private static void InitVmMouseClass(DeviceClass klass)
    {
        klass.Categories = DeviceCategories.Input;

        // QEMU's legacy property of the qdev link: listed, but neither readable nor writable.
        klass.AddProperty(new QomStringProperty("legacy-i8042", null, null));
        klass.SetPropertyIterationOrder("legacy-i8042", "i8042");
    }

    /// <inheritdoc/>
    protected override void Realize()
    {
        if (I8042 is null)
        {
            throw new QomException("'i8042' link is not set");
        }
    }
}
