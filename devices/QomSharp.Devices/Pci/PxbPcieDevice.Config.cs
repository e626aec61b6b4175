namespace QomSharp.Devices.Pci;

/// <summary>The PCI Express expander's function id.</summary>
public sealed partial class PxbPcieDevice
{
    /// <inheritdoc/>
    protected override ushort ConfigDeviceId => 0x000b;
}
