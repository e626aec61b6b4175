using System;

namespace QomSharp.Devices.Pci.Config;

/// <summary>The type bits of a BAR (QEMU's <c>PCI_BASE_ADDRESS_*</c>).</summary>
[Flags]
public enum PciBarType : uint
{
    /// <summary>32-bit memory.</summary>
    Memory32 = 0,

    /// <summary>I/O space.</summary>
    Io = 0x1,

    /// <summary>64-bit memory.</summary>
    Memory64 = 0x4,

    /// <summary>Prefetchable memory.</summary>
    Prefetch = 0x8,
}
