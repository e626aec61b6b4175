namespace QomSharp.Qdev;

/// <summary>
/// QEMU's <c>hotplug-handler</c> interface: the object (machine or bus owner) that vets and wires up
/// devices plugged into a bus. Each step throws a <see cref="QomException"/> to refuse.
/// </summary>
[QomInterface("hotplug-handler")]
public interface IHotplugHandler
{
    /// <summary>
    /// QEMU's <c>is_hotpluggable_bus</c>: whether devices may be hot-plugged on a bus this object
    /// handles; by default they may.
    /// </summary>
    bool IsHotpluggableBus(Bus bus) => true;

    /// <summary>Checks a device before it is realized.</summary>
    void PrePlug(Device device)
    {
    }

    /// <summary>Wires up a realized device.</summary>
    void Plug(Device device)
    {
    }

    /// <summary>Starts an unplug; the default unplugs at once.</summary>
    void UnplugRequest(Device device) => Unplug(device);

    /// <summary>Completes an unplug: by default unrealizes and removes the device.</summary>
    void Unplug(Device device) => device.Unparent();
}
