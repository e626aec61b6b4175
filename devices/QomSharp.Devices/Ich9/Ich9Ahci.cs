using QomSharp.Devices.Pci;
using QomSharp.Qdev;

namespace QomSharp.Devices.Ich9;

/// <summary>
/// QEMU's <c>ich9-ahci</c> (alias <c>ahci</c>): the ICH9 SATA controller, which the q35 board puts at
/// 00:1f.2 (unless <c>sata=off</c>) and users may add elsewhere: its BARs (the index/data pair,
/// the ABAR), its AHCI registers with nothing on its six ports and their (empty) IDE buses.
/// </summary>
[QomType("ich9-ahci")]
public sealed partial class Ich9Ahci : PciDevice, IConventionalPciDevice, IPciFixedIdentity
{
    /// <summary>Where the q35 board puts it.</summary>
    public static readonly int BoardDevfn = PciDevfn.Of(0x1f, 2);

    [QomClassInit]
    private static void InitIch9AhciClass(DeviceClass klass)
    {
        klass.Alias = "ahci";
        klass.Categories = DeviceCategories.Storage;
    }

    /// <inheritdoc/>
    /// <remarks>The AHCI class with BAR4 (legacy index/data, I/O) and BAR5 (ABAR, 32-bit memory), interrupt pin A.</remarks>
    public PciFixedIdentity Identity { get; } = new(0x0106, 0x2922, 1, [new(4, true, 32, false, false), new(5, false, 4096, false, false)]);
}
