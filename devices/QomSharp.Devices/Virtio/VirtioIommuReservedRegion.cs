using QomSharp.Devices.Host;

namespace QomSharp.Devices.Virtio;

/// <summary>
/// QEMU's <c>ReservedRegion</c> as virtio-iommu reports it to the guest in a PROBE reply: an
/// inclusive range and a virtio-iommu subtype (<see cref="Reserved"/> or <see cref="Msi"/>).
/// </summary>
/// <param name="Range">The addresses covered.</param>
/// <param name="Type">The subtype: 0 reserved, 1 MSI; other values are refused at realize.</param>
public sealed record VirtioIommuReservedRegion(IovaRange Range, uint Type)
{
    /// <summary><c>VIRTIO_IOMMU_RESV_MEM_T_RESERVED</c>: the guest must not map it.</summary>
    public const uint Reserved = 0;

    /// <summary><c>VIRTIO_IOMMU_RESV_MEM_T_MSI</c>: an MSI doorbell, translated by the platform.</summary>
    public const uint Msi = 1;

    /// <summary>QEMU's text form, <c>0xSTART:0xEND:TYPE</c> (what <c>qom-get</c> answers).</summary>
    public override string ToString() => $"0x{Range.Start:x}:0x{Range.Last:x}:{Type}";
}
