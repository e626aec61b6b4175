using System.Collections.Generic;
using QomSharp.Devices.Backends;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Tests.Backends;

/// <summary>
/// A VFIO device of the host model attached through a legacy type1 container: the ranges are what
/// VFIO_IOMMU_GET_INFO's IOVA_RANGE capability reports, read once at container setup like QEMU.
/// A test double for vfio-pci's VFIO device, to drive a host IOMMU device without a machine.
/// </summary>
public sealed class SimulatedLegacyVfioAgent : IHostIommuDeviceAgent
{
    public SimulatedLegacyVfioAgent(IHost host, PciHostAddress address)
    {
        DeviceIovaAnswer answer = SimulatedKernelIovaRanges.ForDevice(host, address);
        Name = address.ToString();
        IovaRanges = answer.UsableRanges;
        PageSizeMask = SimulatedKernelIovaRanges.Type1PageSizes(answer.Unit.Capability);
    }

    public string Name { get; }
    public IReadOnlyList<IovaRange> IovaRanges { get; }
    public ulong PageSizeMask { get; }
}

/// <summary>
/// A VFIO cdev device of the host model on an <c>iommufd</c> backend: connects, binds, and (as the
/// first device of a new container) allocates an IOAS, attaches and reads its ranges once.
/// </summary>
public sealed class SimulatedIommufdVfioAgent : IIommufdDeviceAgent
{
    public SimulatedIommufdVfioAgent(IommufdBackend backend, PciHostAddress address)
    {
        Backend = backend;
        Name = address.ToString();
        backend.Connect();
        try
        {
            DeviceId = backend.BindDevice(address);
            IoasId = backend.AllocIoas();
            backend.AttachDevice(DeviceId, IoasId);
            IovaRanges = backend.GetIoasIovaRanges(IoasId);
        }
        catch
        {
            backend.Disconnect();
            throw;
        }
    }

    public IommufdBackend? Backend { get; }
    public uint DeviceId { get; }
    public uint IoasId { get; }
    public string Name { get; }
    public IReadOnlyList<IovaRange> IovaRanges { get; } = [];
    public ulong PageSizeMask => IommufdBackend.IovaAlignment;
}
