using QomSharp;
using QomSharp.Devices.Pci;
using QomSharp.Qdev;

namespace QomSharp.Sample;

/// <summary>A QOM interface: anything that reports a level.</summary>
[QomInterface("sample-leveled")]
public interface ILeveled
{
    /// <summary>The level reported.</summary>
    uint Level { get; }
}

/// <summary>A conventional PCI device of the user's own: a property, a link, an interface and a class init.</summary>
[QomType("sample-pci-dev")]
public sealed partial class SamplePciDevice : PciDevice, IConventionalPciDevice, ILeveled
{
    /// <summary>The level this device reports.</summary>
    [QomProperty("level", Default = 3u, Description = "Level reported to peers")]
    public partial uint Level { get; set; }

    /// <summary>Another sample device this one talks to.</summary>
    [QomLink("peer")]
    public partial SamplePciDevice? Peer { get; set; }

    [QomClassInit]
    private static void InitSampleClass(DeviceClass klass)
    {
        klass.Description = "QomSharp sample PCI device";
        klass.Categories = DeviceCategories.Misc;
    }
}
