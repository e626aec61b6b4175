using System;

namespace QomSharp.Qdev;

/// <summary>QEMU's device categories (<c>DEVICE_CATEGORY_*</c>), in the order help output lists them.</summary>
[Flags]
public enum DeviceCategories
{
    /// <summary>No category: listed under "Uncategorized devices".</summary>
    None = 0,
    /// <summary>Controller/Bridge/Hub devices.</summary>
    Bridge = 1 << 0,
    /// <summary>USB devices.</summary>
    Usb = 1 << 1,
    /// <summary>Storage devices.</summary>
    Storage = 1 << 2,
    /// <summary>Network devices.</summary>
    Network = 1 << 3,
    /// <summary>Input devices.</summary>
    Input = 1 << 4,
    /// <summary>Display devices.</summary>
    Display = 1 << 5,
    /// <summary>Sound devices.</summary>
    Sound = 1 << 6,
    /// <summary>Misc devices.</summary>
    Misc = 1 << 7,
    /// <summary>CPU devices.</summary>
    Cpu = 1 << 8,
    /// <summary>Watchdog devices.</summary>
    Watchdog = 1 << 9,
}
