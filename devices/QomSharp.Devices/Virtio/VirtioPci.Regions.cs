using System.Linq;
using QomSharp.Memory;

namespace QomSharp.Devices.Virtio;

public abstract partial class VirtioPci
{
    // The modern BAR's layout without page-per-vq (QEMU's virtio_pci_realize): four 4 KiB
    // capabilities, the notify area being 4 bytes for each of the 1024 queues.
    private const ulong ModernCapabilitySize = 0x1000;

    /// <summary>
    /// The name of the virtio device behind the proxy (QEMU's <c>vdev->name</c>, such as
    /// <c>virtio-iommu</c>), which names the modern BAR's regions; null when it is not known, and then
    /// those regions are not made.
    /// </summary>
    protected virtual string? VirtioDeviceName => null;

    /// <inheritdoc/>
    /// <remarks>
    /// QEMU's <c>virtio_pci_device_plugged</c> for the modern interface: the <c>virtio-pci</c> BAR
    /// with the common, ISR, device and notify capabilities in it, and the port I/O notify region
    /// (unmapped unless <c>modern-pio-notify</c> maps it); the BAR is not mapped until firmware
    /// programs it.
    /// </remarks>
    protected override void CreateRegions()
    {
        base.CreateRegions();
        if (!ModernEnabled || VirtioDeviceName is not { } name)
        {
            return;
        }

        var bar = MemoryRegion.Create(this, "virtio-pci", 4 * ModernCapabilitySize);
        bool operated = VirtioBackend is not null;
        string[] kinds = ["common", "isr", "device", "notify"];
        for (int i = 0; i < kinds.Length; i++)
        {
            var piece = MemoryRegion.Create(this, $"virtio-pci-{kinds[i]}-{name}", ModernCapabilitySize, operated ? new ModernOps(this, i) : null);
            bar.AddSubregion((ulong)i * ModernCapabilitySize, piece);
            modernPieces.Add(piece);
        }

        RegisterBarRegion(ModernBarIndex, bar, [.. modernPieces.Select(static (piece, i) => ((ulong)i * ModernCapabilitySize, piece))]);
        MemoryRegion.Create(this, "virtio-pci-notify-pio-" + name, 4);
    }
}
