using QomSharp.Qdev;

namespace QomSharp.Devices.I2c;

/// <summary>
/// QEMU's <c>smbus-eeprom</c>: a 256-byte SPD EEPROM on an SMBus; the q35 board puts eight on
/// ICH9-SMB's bus at 0x50 to 0x57 (<see cref="CreateSpdEeproms"/>), all zeros. Not user-creatable.
/// A write sets the offset (its first byte) and stores the rest there on; a read returns the byte
/// at the offset and moves on (wrapping at 256); a reset brings back the initial contents.
/// </summary>
[QomType("smbus-eeprom")]
public sealed partial class SmbusEeprom : SmbusDevice, Machines.IResetDevice
{
    private readonly byte[] data = new byte[256];
    private byte offset;

    /// <inheritdoc/>
    protected override void WriteData(System.ReadOnlySpan<byte> bytes)
    {
        offset = bytes[0];
        foreach (byte b in bytes[1..])
        {
            data[offset++] = b;
        }
    }

    /// <inheritdoc/>
    protected override byte ReceiveByte() => data[offset++];

    /// <summary>QEMU's <c>smbus_eeprom_reset</c>: the initial (zero) contents, offset 0.</summary>
    void Machines.IResetDevice.Reset()
    {
        System.Array.Clear(data);
        offset = 0;
    }

    /// <summary>The address of the first SPD EEPROM (QEMU's <c>smbus_eeprom_init</c>).</summary>
    public const byte FirstSpdAddress = 0x50;

    /// <summary>How many SPD EEPROMs QEMU's PC boards put on the SMBus.</summary>
    public const int SpdCount = 8;

    [QomClassInit]
    private static void InitSmbusEepromClass(DeviceClass klass) => klass.UserCreatable = false;

    /// <summary>QEMU's <c>smbus_eeprom_init</c>: the eight SPD EEPROMs on <paramref name="bus"/>, each in <c>/machine/unattached</c>.</summary>
    public static void CreateSpdEeproms(I2cBus bus)
    {
        for (int i = 0; i < SpdCount; i++)
        {
            var eeprom = (SmbusEeprom)bus.Context.New(QomTypeName);
            eeprom.Address = (byte)(FirstSpdAddress + i);
            eeprom.RealizeOn(bus);
            eeprom.Unref();
        }
    }
}
