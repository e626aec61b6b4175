using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.Isa;

/// <summary>
/// QEMU's <c>isa-pcspk</c>: the PC speaker at port 0x61, driven by the PIT's channel 2 (its <c>pit</c>
/// link); not user-creatable. The port is modelled (channel 2's gate, the speaker data bit, the
/// refresh bit that toggles on every read, channel 2's output); no sound is.
/// </summary>
[QomType("isa-pcspk")]
public sealed partial class IsaPcspk : IsaDevice
{
    /// <summary>
    /// QEMU's <c>audiodev</c>: the audio backend's id. No audio backend (<c>-audiodev</c>) is
    /// modelled, so every id is refused as QEMU refuses one it does not know.
    /// </summary>
    [QomProperty("audiodev", Description = "ID of an audiodev to use as a backend")]
    public string? AudioDev
    {
        get => null;
        set => throw new QomException($"audiodev '{value}' not found");
    }

    /// <summary>QEMU's <c>iobase</c>.</summary>
    [QomProperty("iobase", Default = 0x61U)]
    public partial uint IoBase { get; set; }

    /// <summary>QEMU's <c>migrate</c>: the speaker's state migrates.</summary>
    [QomProperty("migrate", Default = true)]
    public partial bool Migrate { get; set; }

    /// <summary>QEMU's <c>pit</c>: the timer whose channel 2 drives the speaker.</summary>
    public PitCommon? Pit { get; set; }

    [QomClassInit]
    private static void InitIsaPcspkClass(DeviceClass klass)
    {
        klass.UserCreatable = false;

        // A plain class link, not a qdev property: info qtree does not show it.
        klass.AddProperty(new QomLinkProperty("pit", PitCommon.QomTypeName, static o => ((IsaPcspk)o).Pit,
            static (o, v) => ((IsaPcspk)o).Pit = (PitCommon?)v, AllowSetBeforeRealize, strong: false));
        klass.SetPropertyIterationOrder("pit", "iobase", "migrate", "audiodev");
    }

    private MemoryRegion? port;

    // QEMU's pcspk_initfn: the port region, mapped at realize.
    [QomInstanceInit]
    private void CreatePort() => port = MemoryRegion.Create(this, "pcspk", 1, new SpeakerPort(this));

    private int dataOn;
    private int refreshClock;

    // QEMU's pcspk_io_read: channel 2's gate (bit 0), the speaker data (bit 1), the dummy refresh
    // clock (bit 4, toggled by every read) and channel 2's output (bit 5).
    private byte ReadPort()
    {
        var (gate, output) = Pit?.ChannelState(2) ?? (0, 0);
        refreshClock ^= 1 << 4;
        return (byte)(gate | (dataOn << 1) | refreshClock | (output << 5));
    }

    // QEMU's pcspk_io_write: bit 1 the speaker data, bit 0 channel 2's gate.
    private void WritePort(byte value)
    {
        dataOn = (value >> 1) & 1;
        Pit?.SetGate(2, value & 1);
    }

    // QEMU's pcspk_io_ops: byte accesses.
    private sealed class SpeakerPort(IsaPcspk speaker) : Access.AccessRules(implMin: 1, implMax: 1)
    {
        protected override ulong DeviceRead(ulong offset, int size) => speaker.ReadPort();

        protected override void DeviceWrite(ulong offset, ulong value, int size) => speaker.WritePort((byte)value);
    }

    /// <inheritdoc/>
    protected override void Realize()
    {
        RegisterIoPort(port!, IoBase);
        base.Realize();
    }

    // QEMU's qdev_prop_allow_set_link_before_realize.
    private static void AllowSetBeforeRealize(QomObject obj, string name, QomObject? target)
    {
        var device = (Device)obj;
        if (device.IsRealized)
        {
            throw new QomException($"Attempt to set link property '{name}' on device '{device.Id ?? "(null)"}' (type '{device.TypeName}') after it was realized");
        }
    }
}
