using QomSharp.Qdev;

namespace QomSharp.Devices.Machines;

/// <summary>A device with a reset of its own (QEMU's device reset, or a reset handler it registers).</summary>
public interface IResetDevice
{
    /// <summary>Puts the device's registers back as a machine reset does.</summary>
    void Reset();
}

/// <summary>
/// QEMU's <c>qemu_devices_reset</c> for the PC boards: every device on the main system bus and
/// on the buses below it is reset, the devices on a device's buses before the device itself
/// (the hold phase's order), each bus's devices newest first.
/// </summary>
internal static class SystemReset
{
    public static void ResetTree(Bus bus)
    {
        foreach (var device in bus.Devices)
        {
            ResetDevice(device);
        }
    }

    private static void ResetDevice(Device device)
    {
        foreach (var bus in device.ChildBuses)
        {
            ResetTree(bus);
        }

        if (device is IResetDevice resettable)
        {
            resettable.Reset();
        }
    }
}
