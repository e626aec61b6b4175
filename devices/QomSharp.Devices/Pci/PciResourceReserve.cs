namespace QomSharp.Devices.Pci;

/// <summary>
/// The resource-reservation hints a bridge offers the guest's firmware (QEMU's
/// <c>PCIResReserve</c>: <c>bus-reserve</c>, <c>io-reserve</c>, <c>mem-reserve</c>,
/// <c>pref32-reserve</c>, <c>pref64-reserve</c>; all-ones means "not set"), and the checks of
/// QEMU's <c>pci_bridge_qemu_reserve_cap_init</c>.
/// </summary>
public readonly record struct PciResourceReserve(uint Bus, ulong Io, ulong Memory, ulong Prefetchable32, ulong Prefetchable64)
{
    /// <summary>"Not set" for the size fields.</summary>
    public const ulong Unset = ulong.MaxValue;

    private const ulong FourGiB = 4UL * 1024 * 1024 * 1024;

    /// <summary>Throws QEMU's error for a combination it refuses.</summary>
    public void Check()
    {
        if (Prefetchable32 != Unset && Prefetchable64 != Unset)
        {
            throw new QomException("PCI resource reserve cap: PREF32 and PREF64 conflict");
        }

        if (Memory != Unset && Memory >= FourGiB)
        {
            throw new QomException("PCI resource reserve cap: mem-reserve must be less than 4G");
        }

        if (Prefetchable32 != Unset && Prefetchable32 >= FourGiB)
        {
            throw new QomException("PCI resource reserve cap: pref32-reserve  must be less than 4G");
        }
    }
}
