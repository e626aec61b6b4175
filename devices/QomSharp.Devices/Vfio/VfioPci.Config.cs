using QomSharp.Devices.Host;
using QomSharp.Devices.Pci.Config;

namespace QomSharp.Devices.Vfio;

/// <summary>
/// The assigned function's configuration space, from what the host model knows of it: the ids
/// (with the <c>x-pci-*-id</c> overrides), class code, revision, subsystem ids and interrupt pin,
/// its BARs with their sizes and types (so BAR sizing reads them back); the ROM BAR and the
/// multifunction bit come from the common PCI code; the capabilities are the host's as QEMU rebuilds
/// them (<c>VfioPci.Capabilities.cs</c>). A mediated device's space is its own description's.
/// </summary>
public partial class VfioPci
{
    /// <inheritdoc/>
    protected override void InitConfig(PciConfigSpace config)
    {
        System.ArgumentNullException.ThrowIfNull(config);
        if (GuestIds is not { } ids)
        {
            return;
        }

        HostPciConfig? host = guestConfig;
        uint classCode = host?.ClassCode ?? 0;
        SetIds(config, ids.Vendor, ids.Device, host?.Revision ?? 0, (ushort)(classCode >> 8), (byte)classCode);
        SetSubsystem(config, ids.SubsystemVendor ?? 0, ids.Subsystem ?? 0);
        config.Config[PciRegisters.InterruptPin] = host?.InterruptPin ?? 0;
        foreach (HostPciBar bar in host?.Bars ?? [])
        {
            PciBarType type = bar.IsIo ? PciBarType.Io
                : (bar.Is64Bit ? PciBarType.Memory64 : PciBarType.Memory32) | (bar.Prefetchable ? PciBarType.Prefetch : 0);
            config.RegisterBar(PciRegisters.BaseAddress0 + (4 * bar.Index), bar.Size, type);
        }

        AddCapabilities(config, string.Empty);
    }
}
