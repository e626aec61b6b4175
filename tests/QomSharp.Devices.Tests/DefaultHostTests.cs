using System;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Tests;

public class DefaultHostTests
{
    private static readonly HostModel Host = DefaultHost.Instance;

    [Fact]
    public void HasSeveralVtdUnitsWithRealXeonRegisters()
    {
        Assert.True(Host.IommuUnits.Count >= 2);
        Assert.All(Host.IommuUnits, unit =>
        {
            Assert.Equal("6:0", unit.Version);
            Assert.Equal(0x9ed008c40780466UL, unit.Capability.Value);
            Assert.Equal(0x3ee9e86f050dfUL, unit.ExtendedCapability.Value);
        });
        Assert.Equal(Host.IommuUnits.Count, Host.IommuUnits.Select(u => u.RegisterBase).Distinct().Count());
    }

    [Fact]
    public void IsConsistent()
    {
        Assert.True(Host.IommuGroups.Count >= 3);
        Assert.All(Host.Devices, device =>
        {
            Assert.NotNull(device.IommuGroup);
            Assert.Contains(device.IommuGroup!.Value, Host.IommuGroups);
            Assert.NotNull(Host.FindIommuUnit(device.IommuUnit!));
            Assert.Same(device, Host.FindDevice(device.Address));
        });
        // Every VT-d group has the interrupt (MSI) window reserved; an mdev's group has no regions.
        Assert.All(Host.IommuGroups.Where(g => Host.MdevDevices.All(m => m.IommuGroup != g)), group => Assert.Contains(
            new ReservedRegion(0xfee00000, 0xfeefffff, ReservedRegionType.Msi), Host.GetReservedRegions(group)));
        // Two functions sharing one group, as without ACS.
        Assert.Contains(Host.IommuGroups, group => Host.DevicesInGroup(group).Count() > 1);
    }

    [Fact]
    public void HasPassthroughCandidates()
    {
        Assert.Contains(Host.Devices, d => d.VendorId == 0x10de && d.IsAssignable); // NVIDIA GPU
        Assert.Contains(Host.Devices, d => d.VendorId == 0x8086 && d.DeviceId == 0x1592); // E810 NIC
    }

    [Fact]
    public void GpuAnswerIs48BitsMinusTheMsiWindow()
    {
        DeviceIovaAnswer answer = SimulatedKernelIovaRanges.ForDevice(Host, PciHostAddress.Parse("0000:98:00.0"));
        Assert.Equal(48, answer.AddressWidth);
        Assert.Equal(new IovaRange(0, 0xffffffffffff), answer.Aperture);
        Assert.Equal([new IovaRange(0, 0xfedfffff), new IovaRange(0xfef00000, 0xffffffffffff)], answer.UsableRanges);
        Assert.Equal(48, answer.HostAwBits);
    }

    [Fact]
    public void DirectRmrrIsCutOutButRelaxableIsNot()
    {
        DeviceIovaAnswer nic = SimulatedKernelIovaRanges.ForDevice(Host, PciHostAddress.Parse("31:00.1"));
        Assert.Equal(3, nic.UsableRanges.Count);
        Assert.Equal(new IovaRange(0, 0x6f7fffff), nic.UsableRanges[0]);
        DeviceIovaAnswer vga = SimulatedKernelIovaRanges.ForDevice(Host, PciHostAddress.Parse("02:00.0"));
        Assert.Equal(2, vga.UsableRanges.Count);
    }

    [Fact]
    public void UnknownDeviceIsReported()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            SimulatedKernelIovaRanges.ForDevice(Host, PciHostAddress.Parse("0000:99:00.0")));
        Assert.Contains("no PCI device 0000:99:00.0", error.Message);
    }

    [Fact]
    public void JsonIsEmbeddedUnderItsDocumentedName() =>
        Assert.Contains(DefaultHost.ResourceName, typeof(DefaultHost).Assembly.GetManifestResourceNames());
}
