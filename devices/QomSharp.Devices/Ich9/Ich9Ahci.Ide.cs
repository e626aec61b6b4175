using QomSharp.Devices.Ide;

namespace QomSharp.Devices.Ich9;

/// <summary>The SATA controller's ports (QEMU's <c>ahci_realize</c>): one IDE bus per port, created at realize.</summary>
public sealed partial class Ich9Ahci
{
    /// <summary>How many ports (IDE buses) the ICH9 AHCI controller has.</summary>
    public const int PortCount = 6;

    /// <inheritdoc/>
    protected override void RealizeFunction()
    {
        IdeBus.CreatePorts(this, PortCount);

        // QEMU's hash table lists the ports last to first; this object lists its instance
        // properties in the order they stand, so each later port goes before the earlier ones.
        var buses = ChildBuses;
        for (int i = buses.Count - 2; i >= 0; i--)
        {
            PlaceInstanceProperty(buses[i].Name, null);
        }

        base.RealizeFunction();
    }
}
