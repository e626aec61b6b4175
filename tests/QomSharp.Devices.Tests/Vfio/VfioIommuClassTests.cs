using QomSharp.Devices.Backends;
using QomSharp.Devices.Vfio;

namespace QomSharp.Devices.Tests.Vfio;

/// <summary>The VFIO IOMMU classes (M-9.1 VFIOIOMMUClass): QOM names, parents and hiod_typename.</summary>
public class VfioIommuClassTests
{
    [Theory]
    [InlineData("vfio-iommu", "interface")]
    [InlineData("vfio-iommu-legacy", "vfio-iommu")]
    [InlineData("vfio-iommu-iommufd", "vfio-iommu")]
    public void ClassesAreInterfacesBelowVfioIommu(string name, string parent)
    {
        QomClass klass = new QomContext().FindClass(name)!;
        Assert.Equal(parent, klass.Parent!.Name);
        Assert.NotNull(klass.DynamicCast("interface"));
    }

    [Fact]
    public void EachBackendCreatesItsHostIommuDeviceType()
    {
        Assert.Equal(("vfio-iommu-legacy", "host-iommu-device-legacy-vfio"), (VfioIommuBackend.Legacy.QomTypeName, VfioIommuBackend.Legacy.HiodTypeName));
        Assert.Equal(("vfio-iommu-iommufd", "host-iommu-device-iommufd-vfio"), (VfioIommuBackend.Iommufd.QomTypeName, VfioIommuBackend.Iommufd.HiodTypeName));

        var context = new QomContext();
        foreach (VfioIommuBackend backend in new[] { VfioIommuBackend.Legacy, VfioIommuBackend.Iommufd })
        {
            Assert.NotNull(context.FindClass(backend.QomTypeName));
            Assert.NotNull(context.FindClass(backend.HiodTypeName)!.DynamicCast(HostIommuDevice.QomTypeName));
        }
    }
}
