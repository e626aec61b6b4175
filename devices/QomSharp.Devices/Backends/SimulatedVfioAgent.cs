using System.Collections.Generic;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Backends;

/// <summary>
/// A VFIO device of the host model attached through a legacy type1 container: the ranges are what
/// VFIO_IOMMU_GET_INFO's IOVA_RANGE capability reports, read once at container setup like QEMU.
/// Stands in for vfio-pci until it exists, and shows what it must provide.
/// </summary>
public sealed class SimulatedLegacyVfioAgent : IHostIommuDeviceAgent
{
    public SimulatedLegacyVfioAgent(IHost host, PciHostAddress address)
    {
        DeviceIovaAnswer answer = SimulatedKernelIovaRanges.ForDevice(host, address);
        Name = address.ToString();
        IovaRanges = answer.UsableRanges;
        // VFIO_IOMMU_INFO_PGSIZES: 4 KiB plus the VT-d second-stage large pages the unit supports.
        VtdCapability cap = answer.Unit.Capability;
        PageSizeMask = 0x1000 | (cap.Supports2MiBPages ? 0x200000UL : 0) | (cap.Supports1GiBPages ? 0x40000000UL : 0);
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

    public IommufdBackend Backend { get; }
    public uint DeviceId { get; }
    public uint IoasId { get; }
    public string Name { get; }
    public IReadOnlyList<IovaRange> IovaRanges { get; } = [];
    public ulong PageSizeMask => IommufdBackend.IovaAlignment;
}
