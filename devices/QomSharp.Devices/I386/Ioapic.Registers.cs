using System;
using QomSharp.Devices.Access;

namespace QomSharp.Devices.I386;

/// <summary>
/// The I/O APIC's registers as QEMU 10.0's emulated one keeps them (ioapic.c): the register select
/// at 0x00 and the window at 0x10 (every 256 bytes of the 4 KiB region), through which the ID,
/// version, arbitration and the 24 redirection entries are read and written as dwords, and the EOI
/// register at 0x40 (version 0x20). The input pins set the request register; an unmasked request
/// is sent as an MSI write into system memory (an edge one clears, a level one sets Remote IRR until
/// an EOI for its vector).
/// </summary>
public sealed partial class Ioapic
{
    private const int RegisterSelect = 0x00;
    private const int Window = 0x10;
    private const int EndOfInterrupt = 0x40;
    private const int IdRegister = 0x00;
    private const int VersionRegister = 0x01;
    private const int ArbitrationRegister = 0x02;
    private const int FirstRedirectionRegister = 0x10;
    private const ulong Masked = 1UL << 16;
    private const ulong LevelTriggered = 1UL << 15;
    private const ulong RemoteIrr = 1UL << 14;
    private const ulong DeliveryStatus = 1UL << 12;
    private const ulong ReadOnlyBits = RemoteIrr | DeliveryStatus;
    private const ulong MsiAddressBase = 0xfee0_0000;
    private const ulong ExternalInterrupt = 7;

    // QEMU's SUCCESSIVE_IRQ_MAX_COUNT: EOIs re-serving a still-asserted level request in a row
    // before QEMU defers the next one to a timer (which does not fire while the clock stands still).
    private const int SuccessiveEoiLimit = 10000;

    private readonly ulong[] redirection = new ulong[PinCount];
    private readonly int[] successiveEois = new int[PinCount];
    private byte registerSelect;
    private byte id;
    private uint requests;

    // QEMU's ioapic_reset_common: every entry masked.
    private void ResetRegisters()
    {
        id = 0;
        registerSelect = 0;
        requests = 0;
        for (int i = 0; i < PinCount; i++)
        {
            redirection[i] = Masked;
        }
    }

    private uint ReadRegister(ulong address, int size)
    {
        switch ((int)(address & 0xff))
        {
            case RegisterSelect:
                return registerSelect;
            case Window when size == 4:
                switch (registerSelect)
                {
                    case IdRegister or ArbitrationRegister:
                        return (uint)id << 24;
                    case VersionRegister:
                        return Version | ((uint)(PinCount - 1) << 16);
                    default:
                        int index = (registerSelect - FirstRedirectionRegister) >> 1;
                        if (index is >= 0 and < PinCount)
                        {
                            return (registerSelect & 1) != 0 ? (uint)(redirection[index] >> 32) : (uint)redirection[index];
                        }

                        return 0;
                }

            default:
                return 0;
        }
    }

    private void WriteRegister(ulong address, uint value, int size)
    {
        switch ((int)(address & 0xff))
        {
            case RegisterSelect:
                registerSelect = (byte)value;
                break;
            case Window when size == 4:
                switch (registerSelect)
                {
                    case IdRegister:
                        id = (byte)((value >> 24) & 0xf);
                        break;
                    case VersionRegister or ArbitrationRegister:
                        break;
                    default:
                        int index = (registerSelect - FirstRedirectionRegister) >> 1;
                        if (index is >= 0 and < PinCount)
                        {
                            WriteRedirection(index, (registerSelect & 1) != 0, value);
                        }

                        break;
                }

                break;
            case EndOfInterrupt when size == 4 && Version == 0x20:
                EndOfInterruptBroadcast(value);
                break;
        }
    }

    // A half of an entry written: the read-only bits kept, Remote IRR dropped for an edge entry
    // (as Linux's EOI by switching to edge and back expects), then the requests served.
    private void WriteRedirection(int index, bool high, uint value)
    {
        ulong entry = redirection[index];
        ulong readOnly = entry & ReadOnlyBits;
        entry = high ? (entry & 0xffff_ffffUL) | ((ulong)value << 32) : (entry & ~0xffff_ffffUL) | value;
        entry = (entry & ~ReadOnlyBits) | readOnly;
        if ((entry & LevelTriggered) == 0)
        {
            entry &= ~RemoteIrr;
        }

        redirection[index] = entry;
        successiveEois[index] = 0;
        Serve();
    }

    // QEMU's ioapic_set_irq: GSI 0 is pin 2; a level entry follows the line, an edge one latches
    // a rising level on an unmasked pin.
    private void SetPin(int pin, int level)
    {
        if (pin == 0)
        {
            pin = 2;
        }

        if (pin >= PinCount)
        {
            return;
        }

        uint bit = 1U << pin;
        ulong entry = redirection[pin];
        if ((entry & LevelTriggered) != 0)
        {
            if (level == 0)
            {
                requests &= ~bit;
                return;
            }

            requests |= bit;
            if ((entry & RemoteIrr) == 0)
            {
                Serve();
            }
        }
        else if (level != 0 && (entry & Masked) == 0)
        {
            requests |= bit;
            Serve();
        }
    }

    // QEMU's ioapic_service: each unmasked request sent, unless a level one is still in service.
    private void Serve()
    {
        for (int pin = 0; pin < PinCount; pin++)
        {
            uint bit = 1U << pin;
            ulong entry = redirection[pin];
            if ((requests & bit) == 0 || (entry & Masked) != 0)
            {
                continue;
            }

            if ((entry & LevelTriggered) == 0)
            {
                requests &= ~bit;
            }
            else
            {
                redirection[pin] = entry | RemoteIrr;
                if ((entry & RemoteIrr) != 0)
                {
                    continue;
                }
            }

            SendMessage(entry);
        }
    }

    // The entry as an MSI: destination and mode in the address, vector, trigger and delivery mode
    // in the data, written to system memory (the APIC's MSI window takes it).
    private void SendMessage(ulong entry)
    {
        ulong destination = (entry >> 48) & 0xffff;
        ulong destinationMode = (entry >> 11) & 1;
        ulong deliveryMode = (entry >> 8) & 7;
        ulong vector = deliveryMode == ExternalInterrupt && ReadPicVector is { } acknowledge ? (ulong)acknowledge() & 0xff : entry & 0xff;
        ulong trigger = (entry >> 15) & 1;
        // Bits 63:48 (destination, or the remappable format's index and format bit) into address bits 19:4.
        ulong address = MsiAddressBase | (destination << 4) | (destinationMode << 2);
        ulong data = vector | (trigger << 15) | (deliveryMode << 8);
        if (MessageSink is { } sink)
        {
            sink(address, (uint)data);
        }
        else
        {
            Context.Qdev.SystemMemory.Write(address, data, 4);
        }
    }

    /// <summary>
    /// Where the IOAPIC's messages go instead of the system memory (QEMU's <c>ioapic_as</c>, which
    /// a vIOMMU points at its own space): intel-iommu's interrupt remapping, with no requester id.
    /// </summary>
    public Action<ulong, uint>? MessageSink { get; set; }

    // QEMU's ioapic_eoi_broadcast: each level entry of the vector leaves service, and is served
    // again if its line is still asserted.
    private void EndOfInterruptBroadcast(uint vector)
    {
        for (int pin = 0; pin < PinCount; pin++)
        {
            ulong entry = redirection[pin];
            if ((entry & 0xff) != vector || (entry & LevelTriggered) == 0 || (entry & RemoteIrr) == 0)
            {
                continue;
            }

            redirection[pin] = entry & ~RemoteIrr;
            if ((entry & Masked) == 0 && (requests & (1U << pin)) != 0)
            {
                if (++successiveEois[pin] >= SuccessiveEoiLimit)
                {
                    successiveEois[pin] = 0;
                }
                else
                {
                    Serve();
                }
            }
            else
            {
                successiveEois[pin] = 0;
            }
        }
    }

    // QEMU's ioapic_io_ops: any size; the window takes dwords only.
    private sealed class Registers(Ioapic ioapic) : AccessRules
    {
        protected override ulong DeviceRead(ulong offset, int size) => ioapic.ReadRegister(offset, size);

        protected override void DeviceWrite(ulong offset, ulong value, int size) => ioapic.WriteRegister(offset, (uint)value, size);
    }
}
