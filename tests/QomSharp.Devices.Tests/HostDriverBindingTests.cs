using System.IO;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Tests;

/// <summary>The host driver bound to each PCI function: JSON field <c>driver</c> and sysfs <c>driver</c> link.</summary>
public sealed class HostDriverBindingTests : System.IDisposable
{
    private const string OneDevice = """
        {
          "iommus": [ { "name": "dmar0", "version": "1:0", "address": "0xfed90000", "cap": "0x8d2078c106f0466", "ecap": "0xf020df" } ],
          "groups": [ { "id": 7 } ],
          "devices": [ { "address": "0000:01:00.0", "vendor": "0x8086", "device": "0x1572", "group": 7, "iommu": "dmar0" DRIVER } ]
        }
        """;

    private readonly FakeSysfsTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private static HostModel Json(string driverField) => HostJson.Parse(OneDevice.Replace(" DRIVER", driverField), "d.json");

    [Fact]
    public void JsonDriverIsReadAndAbsentMeansUnbound()
    {
        Assert.Equal("i40e", Assert.Single(Json(", \"driver\": \"i40e\"").Devices).Driver);
        Assert.Null(Assert.Single(Json("").Devices).Driver);
    }

    [Fact]
    public void JsonDriverIsWrittenOnlyWhenBound()
    {
        string bound = HostJson.Write(Json(", \"driver\": \"pci-stub\""));
        Assert.Contains("\"driver\": \"pci-stub\"", bound);
        Assert.Equal("pci-stub", Assert.Single(HostJson.Parse(bound).Devices).Driver);
        Assert.DoesNotContain("\"driver\"", HostJson.Write(Json("")));
    }

    [Theory]
    [InlineData(", \"driver\": \"\"", "d.json: $.devices[0].driver: is empty")]
    [InlineData(", \"driver\": \"../vfio-pci\"", "d.json: $.devices[0].driver: \"../vfio-pci\" is not a driver name")]
    [InlineData(", \"driver\": \"vfio pci\"", "d.json: $.devices[0].driver: \"vfio pci\" is not a driver name")]
    [InlineData(", \"driver\": 5", "d.json: $.devices[0].driver: expected a string, got the number 5")]
    public void JsonDriverErrorsNameThePath(string field, string expected) =>
        Assert.Equal(expected, Assert.Throws<HostFormatException>(() => Json(field)).Message);

    [Fact]
    public void DefaultHostBindsEveryFunctionButTheMdevParentToVfioPci()
    {
        HostModel host = DefaultHost.Instance;
        var parents = host.MdevDevices.Select(m => m.Parent).ToHashSet();
        Assert.All(host.Devices.Where(d => !parents.Contains(d.Address)), d => Assert.Equal("vfio-pci", d.Driver));
        Assert.Equal("nvidia", host.FindDevice(Assert.Single(parents))!.Driver);
    }

    private void Device(string address)
    {
        _tree.Write($"bus/pci/devices/{address}/vendor", "0x8086\n");
        _tree.Write($"bus/pci/devices/{address}/device", "0x1572\n");
    }

    [Fact]
    public void SysfsDriverLinkNamesTheDriver()
    {
        Device("0000:31:00.0");
        Device("0000:31:00.1");
        Device("0000:31:00.2");
        _tree.Link("bus/pci/devices/0000:31:00.0/driver", "../../../bus/pci/drivers/i40e");
        // A tree copied without links keeps the target as text.
        _tree.Write("bus/pci/devices/0000:31:00.1/driver", "../../../bus/pci/drivers/vfio-pci\n");
        HostModel host = SysfsHost.Read(_tree.Root);
        Assert.Equal(["i40e", "vfio-pci", null], host.Devices.Select(d => d.Driver));
    }

    [Fact]
    public void SysfsEmptyDriverFileIsNamed()
    {
        Device("0000:31:00.0");
        string driver = _tree.Write("bus/pci/devices/0000:31:00.0/driver", "\n");
        Assert.Equal($"{driver}: is empty", Assert.Throws<HostFormatException>(() => SysfsHost.Read(_tree.Root)).Message);
    }
}
