using System.Text.Json.Nodes;
using QomSharp.Devices.Pci;

namespace QomSharp.Devices.Tests.Pci;

/// <summary>Unplug through a native PCI Express slot, with the guest's part written for it.</summary>
internal static class NativeSlot
{
    // The root port's slot control (PCI Express capability at 0x54): indicator and power off.
    private const int SlotControl = 0x54 + 0x18;
    private const uint IndicatorAndPowerOff = 0x7c0;

    /// <summary>
    /// QMP's device_del of <paramref name="id"/>, then what a guest does when the slot's attention
    /// button is pressed: it turns the power indicator and the power off, and the function goes.
    /// </summary>
    public static JsonObject Delete(QomContext context, string id)
    {
        var device = (PciDevice)context.ResolvePath($"/machine/peripheral/{id}")!;
        var port = (PciDevice)device.PciBus!.ParentBridge!;
        var reply = QmpTranscript.Run(context, $$$"""{"execute":"device_del","arguments":{"id":"{{{id}}}"}}""")[0];
        port.WriteConfigSpace(SlotControl, IndicatorAndPowerOff, 2);
        return reply;
    }
}
