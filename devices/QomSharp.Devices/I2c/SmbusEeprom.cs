using QomSharp.Qdev;

namespace QomSharp.Devices.I2c;

/// <summary>
/// QEMU's <c>smbus-eeprom</c>: a 256-byte SPD EEPROM on an SMBus; the q35 board puts eight on
/// ICH9-SMB's bus at 0x50 to 0x57 (<see cref="CreateSpdEeproms"/>). Not user-creatable. Its
/// contents are not modelled.
/// </summary>
[QomType("smbus-eeprom")]
public sealed partial class SmbusEeprom : SmbusDevice
{
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
