using QomSharp.Qdev;

namespace QomSharp.Generated.Tests.Types;

/// <summary>A device whose class init puts it in the bridge category.</summary>
[QomType("e2e-cat-bridge")]
public partial class CategoryBridge : Device
{
    [QomClassInit]
    private static void ClassInit(DeviceClass dc)
    {
        dc.Categories |= DeviceCategories.Bridge;
        dc.Description = "a bridge";
    }
}

/// <summary>A class struct of its own, below device's.</summary>
public class HubClass : DeviceClass
{
    /// <summary>Set by the class init of the type using it.</summary>
    public int Ports;
}

/// <summary>A class struct whose constructor adds a category (as a class factory, before the class has its parent).</summary>
public class StorageHubClass : HubClass
{
    /// <summary>Adds the storage category.</summary>
    public StorageHubClass() => Categories |= DeviceCategories.Storage;
}

/// <summary>
/// A subclass with a class struct of its own (made by a class factory) whose class init adds a
/// category: QEMU's set_bit on the copy of the parent's class keeps the parent's categories.
/// </summary>
[QomType("e2e-cat-usb-hub", ClassType = typeof(HubClass))]
public partial class CategoryUsbHub : CategoryBridge
{
    [QomClassInit]
    private static void ClassInit(HubClass hub)
    {
        hub.Categories |= DeviceCategories.Usb;
        hub.Ports = 4;
    }
}

/// <summary>A subclass whose class struct's constructor adds a category and whose class init adds another.</summary>
[QomType("e2e-cat-storage-hub", ClassType = typeof(StorageHubClass))]
public partial class CategoryStorageHub : CategoryBridge
{
    [QomClassInit]
    private static void ClassInit(StorageHubClass hub) => hub.Categories |= DeviceCategories.Network;
}
