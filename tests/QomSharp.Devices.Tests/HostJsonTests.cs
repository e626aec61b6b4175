using System.IO;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Tests;

public class HostJsonTests
{
    private const string Minimal = """
        {
          "iommus": [ { "name": "dmar0", "version": "1:0", "address": "0xfed90000", "cap": "0x8d2078c106f0466", "ecap": "0xf020df" } ],
          "groups": [ { "id": 7, "reserved_regions": [ { "start": "0xfee00000", "end": "0xfeefffff", "type": "msi" } ] } ],
          "devices": [ { "address": "0000:01:00.0", "vendor": "0x8086", "device": "0x1572", "group": 7, "iommu": "dmar0" } ]
        }
        """;

    [Fact]
    public void ParsesAMinimalHost()
    {
        HostModel host = HostJson.Parse(Minimal, "test.json");
        IommuUnit unit = Assert.Single(host.IommuUnits);
        Assert.Equal(("dmar0", 1, 0, 0xfed90000UL), (unit.Name, unit.VersionMajor, unit.VersionMinor, unit.RegisterBase));
        Assert.Equal(48, unit.Capability.MaximumGuestAddressWidth);
        HostPciDevice device = Assert.Single(host.Devices);
        Assert.Equal((0x8086, 0x1572, 7), (device.VendorId, device.DeviceId, device.IommuGroup!.Value));
        Assert.Equal([new ReservedRegion(0xfee00000, 0xfeefffff, ReservedRegionType.Msi)], host.GetReservedRegions(7));
        Assert.Equal("test.json", host.Origin);
    }

    [Fact]
    public void DefaultHostRoundTripsThroughWriteAndParse()
    {
        HostModel original = DefaultHost.Instance;
        string written = HostJson.Write(original);
        HostModel reread = HostJson.Parse(written);
        Assert.Equal(original.IommuUnits, reread.IommuUnits);
        Assert.Equal(original.Devices, reread.Devices);
        Assert.Equal(original.IommuGroups, reread.IommuGroups);
        Assert.All(original.IommuGroups, g => Assert.Equal(original.GetReservedRegions(g), reread.GetReservedRegions(g)));
        // Writing is stable: a second round gives the same values again.
        Assert.Equal(reread.Devices, HostJson.Parse(HostJson.Write(reread)).Devices);
    }

    [Fact]
    public void LoadsFromAFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"qomsharp-host-{System.Guid.NewGuid():N}.json");
        File.WriteAllText(path, Minimal);
        try
        {
            Assert.Single(HostJson.LoadFile(path).Devices);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MissingFileNamesTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), "qomsharp-no-such-host.json");
        var error = Assert.Throws<HostFormatException>(() => HostJson.LoadFile(path));
        Assert.Equal(path, error.Source);
    }

    [Theory]
    [InlineData("{", "invalid JSON at line")]
    [InlineData("[]", "$: expected an object, got an array")]
    [InlineData("""{ "groups": [], "devices": [] }""", "$: missing property \"iommus\"")]
    [InlineData("""{ "iommus": {}, "groups": [], "devices": [] }""", "$.iommus: expected an array, got an object")]
    public void StructuralErrorsSayWhere(string json, string expected)
    {
        var error = Assert.Throws<HostFormatException>(() => HostJson.Parse(json, "bad.json"));
        Assert.StartsWith("bad.json: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("\"cap\": \"0x8d2078c106f0466\"", "\"cap\": \"8d2078c106f0466\"", "$.iommus[0].cap: \"8d2078c106f0466\" is not a 64-bit hex number written 0x...")]
    [InlineData("\"cap\": \"0x8d2078c106f0466\"", "\"cap\": 5", "$.iommus[0].cap: expected a hex string such as \"0x1f\", got the number 5")]
    [InlineData("\"cap\": \"0x8d2078c106f0466\"", "\"cap\": \"0x1ffffffffffffffff\"", "$.iommus[0].cap: \"0x1ffffffffffffffff\" is not a 64-bit hex number")]
    [InlineData("\"version\": \"1:0\"", "\"version\": \"1.0\"", "$.iommus[0].version: expected \"major:minor\"")]
    [InlineData("\"type\": \"msi\"", "\"type\": \"weird\"", "$.groups[0].reserved_regions[0].type: unknown reserved region type \"weird\"")]
    [InlineData("\"end\": \"0xfeefffff\"", "\"end\": \"0x1\"", "$.groups[0].reserved_regions[0].end: 0x1 is below start 0xfee00000")]
    [InlineData("\"address\": \"0000:01:00.0\"", "\"address\": \"0000:01:00.9\"", "$.devices[0].address: \"0000:01:00.9\" is not a PCI address")]
    [InlineData("\"vendor\": \"0x8086\"", "\"vendor\": \"0x18086\"", "$.devices[0].vendor: 0x18086 does not fit 16 bits")]
    [InlineData("\"group\": 7,", "\"group\": -1,", "$.devices[0].group: expected a non-negative integer, got the number -1")]
    [InlineData("\"group\": 7,", "\"group\": 8,", "PCI device 0000:01:00.0 is in IOMMU group 8, which is not described")]
    [InlineData("\"iommu\": \"dmar0\"", "\"iommu\": \"dmar9\"", "PCI device 0000:01:00.0 names IOMMU unit 'dmar9', which is not described")]
    [InlineData("\"group\": 7,", "", "must have both an IOMMU group and an IOMMU unit, or neither")]
    public void ValueErrorsNameThePathAndTheProblem(string good, string bad, string expected)
    {
        string json = Minimal.Replace(good, bad);
        Assert.NotEqual(Minimal, json);
        var error = Assert.Throws<HostFormatException>(() => HostJson.Parse(json, "bad.json"));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void DuplicatesAreRejected()
    {
        string twoUnits = Minimal.Replace("\"iommus\": [ {", "\"iommus\": [ { \"name\": \"dmar0\", \"version\": \"1:0\", \"address\": \"0x1\", \"cap\": \"0xd2008c40660462\", \"ecap\": \"0x0\" }, {");
        Assert.Contains("IOMMU unit 'dmar0' is described twice",
            Assert.Throws<HostFormatException>(() => HostJson.Parse(twoUnits)).Message);
        string twoGroups = Minimal.Replace("\"groups\": [ {", "\"groups\": [ { \"id\": 7 }, {");
        Assert.Contains("$.groups[1].id: IOMMU group 7 is described twice",
            Assert.Throws<HostFormatException>(() => HostJson.Parse(twoGroups)).Message);
    }
}
