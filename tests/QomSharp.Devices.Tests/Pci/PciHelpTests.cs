namespace QomSharp.Devices.Tests.Pci;

/// <summary>-device help's list lines for the PCI types against QEMU 10.0's (their property help is compared whole in Qemu10.DeviceHelpTests).</summary>
public class PciHelpTests
{
    private static readonly string[] UserTypes = ["pci-testdev", "pci-bridge", "pcie-pci-bridge", "pcie-root-port"];

    [Fact]
    public void DeviceHelpLinesAreQemus()
    {
        var reference = Qemu10.Qemu10Reference.Read("device-help.txt").Split('\n');
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
        Assert.Contains("Misc devices:\nname \"intel-iommu\", bus System, desc \"Intel IOMMU (VT-d) DMA Remapping device\"\nname \"mc146818rtc\", bus ISA\nname \"pci-testdev\"", output);
        Assert.Contains("Input devices:\nname \"i8042\", bus ISA\nname \"vmmouse\", bus ISA\n\n", output);
    }
}
