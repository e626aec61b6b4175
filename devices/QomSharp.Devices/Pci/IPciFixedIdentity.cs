using System.Collections.Generic;
using QomSharp.Monitor;

namespace QomSharp.Devices.Pci;

/// <summary>
/// A function whose identity after reset is fixed by its type: an Intel function with QEMU's default
/// subsystem ids (the ICH9 functions). The monitor shows it as it shows the other models.
/// </summary>
/// <param name="ClassCode">The class and subclass.</param>
/// <param name="DeviceId">The Intel device id.</param>
/// <param name="InterruptPin">The interrupt pin (0: none, 1: INTA).</param>
/// <param name="Regions">The BARs.</param>
public sealed record PciFixedIdentity(ushort ClassCode, ushort DeviceId, byte InterruptPin, IReadOnlyList<PciRegionInfo> Regions)
{
    /// <summary>Intel's vendor id.</summary>
    public const ushort IntelVendor = 0x8086;

    /// <summary>The function's description at <paramref name="bus"/>:<paramref name="slot"/>.<paramref name="function"/>.</summary>
    public PciFunctionInfo Describe(int bus, int slot, int function, string qdevId) =>
        new(bus, slot, function, ClassCode, new PciIds(IntelVendor, DeviceId, 0x1af4, 0x1100), InterruptPin, qdevId, Regions, null);
}

/// <summary>A PCI model that states its identity itself (<see cref="PciFixedIdentity"/>).</summary>
public interface IPciFixedIdentity
{
    /// <summary>The function's identity after reset.</summary>
    PciFixedIdentity Identity { get; }
}
