using QomSharp.Devices.Backends;
using QomSharp.Devices.Vfio;

namespace QomSharp.Devices.Tests.Vfio;

/// <summary>The VFIO IOMMU classes (QEMU 10.0's VFIOIOMMUClass): QOM names, parents, abstract flags and hiod_typename.</summary>
public class VfioIommuClassTests
{
    [Theory]
    [InlineData("vfio-iommu", "object", true)]
    [InlineData("vfio-iommu-legacy", "vfio-iommu", false)]
    [InlineData("vfio-iommu-iommufd", "vfio-iommu", false)]
    public void ClassesAreObjectsBelowVfioIommu(string name, string parent, bool isAbstract)
    {
        QomClass klass = new QomContext().FindClass(name)!;
        Assert.Equal(parent, klass.Parent!.Name);
        Assert.Equal(isAbstract, klass.IsAbstract);
        Assert.Null(klass.DynamicCast("interface"));
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
