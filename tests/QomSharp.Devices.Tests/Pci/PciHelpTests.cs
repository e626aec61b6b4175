namespace QomSharp.Devices.Tests.Pci;

/// <summary>-device help for the PCI types, line for line against QEMU 7.2's output kept in tests/reference/qemu-7.2.</summary>
public class PciHelpTests
{
    private static readonly string[] UserTypes = ["pci-testdev", "pci-bridge", "pcie-pci-bridge", "pcie-root-port"];

    [Fact]
    public void DeviceHelpLinesAreQemus()
    {
        var reference = Reference.Lines("device-help.txt");
        var lines = ToolRun.Of("-device", "help").Output.Split('\n');
        foreach (var type in UserTypes)
        {
            string line = Assert.Single(lines, l => l.StartsWith($"name \"{type}\"", System.StringComparison.Ordinal));
            Assert.Contains(line, reference);
        }

        Assert.DoesNotContain(lines, l => l.Contains("\"mch\"", System.StringComparison.Ordinal) || l.Contains("q35-pcihost", System.StringComparison.Ordinal));
    }

    [Fact]
    public void DeviceHelpPutsBridgesAndTestdevInQemusCategories()
    {
        string output = ToolRun.Of("-device", "help").Output;
        string bridges = output[..output.IndexOf("\n\n", System.StringComparison.Ordinal)];
        Assert.StartsWith("Controller/Bridge/Hub devices:", bridges);
        Assert.Contains("pcie-root-port", bridges);
        Assert.Contains("Misc devices:\nname \"intel-iommu\", bus System, desc \"Intel IOMMU (VT-d) DMA Remapping device\"\nname \"pci-testdev\"", output);
    }

    [Theory]
    [InlineData("pci-testdev")]
    [InlineData("pci-bridge")]
    [InlineData("pcie-pci-bridge")]
    [InlineData("pcie-root-port")]
    public void PropertyHelpLinesAreQemus(string type)
    {
        var reference = Reference.Lines($"device-{type}-help.txt");
        var lines = ToolRun.Of("-device", $"{type},help").Output.TrimEnd('\n').Split('\n');
        Assert.Equal(reference[0], lines[0]);
        Assert.All(lines, line => Assert.Contains(line, reference));
        Assert.Contains("  addr=<int32>           - Slot and optional function number, example: 06.0 or 06 (default: -1)", lines);
        Assert.Contains("  multifunction=<bool>   - on/off (default: false)", lines);
    }
}
