using QomSharp.Generated.Tests.Types;
using QomSharp.Monitor;
using QomSharp.Qdev;

namespace QomSharp.Generated.Tests;

/// <summary>
/// A class's categories start as its parent's (QEMU's class_init sets bits in the copy of the
/// parent's class), also for a type whose class struct is made by a class factory.
/// </summary>
public sealed class CategoryTests
{
    [Fact]
    public void AClassInitOfAClassFactoryTypeAddsToTheParentsCategories()
    {
        var context = new QomContext();
        var hub = (HubClass)context.GetClass("e2e-cat-usb-hub");
        Assert.Equal(DeviceCategories.Bridge | DeviceCategories.Usb, hub.Categories);
        Assert.Equal(4, hub.Ports);
        Assert.Equal("a bridge", hub.Description);
        Assert.Equal(DeviceCategories.Bridge, ((DeviceClass)context.GetClass("e2e-cat-bridge")).Categories);
    }

    [Fact]
    public void AClassStructsConstructorAddsToTheParentsCategories()
    {
        var context = new QomContext();
        var hub = (StorageHubClass)context.GetClass("e2e-cat-storage-hub");
        Assert.Equal(DeviceCategories.Bridge | DeviceCategories.Storage | DeviceCategories.Network, hub.Categories);
        Assert.Equal("a bridge", hub.Description);
    }

    [Fact]
    public void DeviceHelpListsASubclassInItsParentsCategoryAndItsOwn()
    {
        string help = HelpText.DeviceList(new QomContext());
        string Section(string header)
        {
            int start = help.IndexOf(header + " devices:\n", System.StringComparison.Ordinal);
            Assert.True(start >= 0, $"no {header} section in:\n{help}");
            int end = help.IndexOf("\n\n", start, System.StringComparison.Ordinal);
            return end < 0 ? help[start..] : help[start..end];
        }

        string bridges = Section("Controller/Bridge/Hub");
        Assert.Contains("name \"e2e-cat-bridge\", desc \"a bridge\"\n", bridges);
        Assert.Contains("name \"e2e-cat-storage-hub\", desc \"a bridge\"\n", bridges);
        Assert.Contains("name \"e2e-cat-usb-hub\", desc \"a bridge\"", bridges);
        Assert.Contains("name \"e2e-cat-usb-hub\", desc \"a bridge\"", Section("USB"));
        Assert.DoesNotContain("e2e-cat-bridge", Section("USB"));
        Assert.Contains("name \"e2e-cat-storage-hub\", desc \"a bridge\"", Section("Storage"));
        Assert.Contains("name \"e2e-cat-storage-hub\", desc \"a bridge\"", Section("Network"));
    }
}
