namespace QomSharp.Tool.Tests;

/// <summary>Help output in QEMU's format and order.</summary>
public class HelpTests
{
    [Fact]
    public void DeviceHelpListsUserCreatableDevicesByCategory()
    {
        var run = ToolRun.Of("-device", "help");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            "Controller/Bridge/Hub devices:\n" +
            "name \"i82801b11-bridge\", bus PCI\n" +
            "name \"pci-bridge\", bus PCI, desc \"Standard PCI Bridge\"\n" +
            "name \"pcie-pci-bridge\", bus PCI\n" +
            "name \"pcie-root-port\", bus PCI, desc \"PCI Express Root Port\"\n" +
            "name \"pxb\", bus PCI, desc \"PCI Expander Bridge\"\n" +
            "name \"pxb-pcie\", bus PCI, desc \"PCI Express Expander Bridge\"\n" +
            "name \"test-bridge\", bus System\n" +
            "\n" +
            "Storage devices:\n" +
            "name \"ich9-ahci\", bus PCI, alias \"ahci\"\n" +
            "\n" +
            "Input devices:\n" +
            "name \"i8042\", bus ISA\n" +
            "name \"vmmouse\", bus ISA\n" +
            "\n" +
            "Misc devices:\n" +
            "name \"intel-iommu\", bus System, desc \"Intel IOMMU (VT-d) DMA Remapping device\"\n" +
            "name \"mc146818rtc\", bus ISA\n" +
            "name \"pci-testdev\", bus PCI, desc \"PCI Test Device\"\n" +
            "name \"test-busless\", desc \"bus-less test device\"\n" +
            "name \"test-leaf\", bus test-bus, desc \"test leaf\"\n" +
            "name \"vfio-pci\", bus PCI, desc \"VFIO-based PCI device assignment\"\n" +
            "name \"vfio-pci-nohotplug\", bus PCI, desc \"VFIO-based PCI device assignment\"\n" +
            "name \"vhost-vdpa-device\", bus virtio-bus, desc \"VDPA-based generic device assignment\"\n" +
            "name \"vhost-vdpa-device-pci\", bus PCI\n" +
            "name \"vhost-vdpa-device-pci-non-transitional\", bus PCI\n" +
            "name \"vhost-vdpa-device-pci-transitional\", bus PCI\n" +
            "name \"virtio-iommu-device\", bus virtio-bus\n" +
            "name \"virtio-iommu-pci\", bus PCI, alias \"virtio-iommu\"\n" +
            "\n" +
            "CPU devices:\n" +
            "name \"qemu64-x86_64-cpu\"\n",
            run.Output);
    }

    [Fact]
    public void DevicePropertyHelpIsSortedAndPadded()
    {
        var run = ToolRun.Of("-device", "test-busless,help");
        Assert.Equal(
            "test-busless options:\n" +
            "  dyn-level=<uint32>\n" +
            "  fail-realize=<bool>    - on/off (default: off)\n" +
            "  label=<str>\n" +
            "  level=<uint8>          -  (default: 3)\n",
            run.Output);
        Assert.Equal("qomsharp: -device device,help: Parameter 'typename' expects a non-abstract device type\n", ToolRun.Of("-device", "device,help").Error);
    }

    [Fact]
    public void ObjectHelp()
    {
        Assert.Equal("List of user creatable objects:\n  iommufd\n  memory-backend-file\n  memory-backend-memfd\n  memory-backend-ram\n  memory-backend-shm\n  test-object\n", ToolRun.Of("-object", "help").Output);
        Assert.Equal("test-object options:\n  size=<size>            -  (default: 0)\n", ToolRun.Of("-object", "test-object,help").Output);
        Assert.Equal("List of user creatable objects:\n  iommufd\n  memory-backend-file\n  memory-backend-memfd\n  memory-backend-ram\n  memory-backend-shm\n  test-object\n", ToolRun.Of("-object", "nope,help").Output);
    }

    [Fact]
    public void MachineHelpPutsFamiliesBeforeStandaloneBoards()
    {
        var lines = ToolRun.Of("-machine", "help").Output.Split('\n');
        Assert.Equal("Supported machines are:", lines[0]);
        Assert.Equal("pc-q35-9.2           Standard PC (Q35 + ICH9, 2009)", lines[1]);
        Assert.Equal(
            "q35                  Standard PC (Q35 + ICH9, 2009) (alias of pc-q35-10.0)\n" +
            "pc-q35-10.0          Standard PC (Q35 + ICH9, 2009) (default)\n" +
            "none                 empty machine\n" +
            "test-board           test board\n",
            string.Join("\n", lines[^5..]));
    }
}
