using System;
using System.Buffers.Binary;
using QomSharp.Devices.Pci.Config;
using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.Pci;

/// <summary>
/// The Standard Hot-Plug Controller of <c>pci-bridge</c> (with <c>shpc=on</c>) and <c>pcie-pci-bridge</c>
/// as QEMU 10.0 models it: 31 slots (PCI slots 1 to 31; slot 0 cannot be hot-plugged), the
/// controller's working register set (read and written through the bridge's BAR0, or read through
/// the capability's DWORD select/data window), the guest's slot commands (state, power and attention
/// indicators; a slot the guest turns off, disabled with its power indicator off, loses its
/// functions) and the events that device_add and device_del latch for the guest (attention button,
/// MRL, presence). The interrupt goes out on the bridge's INTx pin, or as its MSI (vector 0)
/// when the guest enabled that and the level changed.
/// </summary>
public sealed class ShpcController : IMemoryRegionOps
{
    /// <summary>Slots the controller has (QEMU's <c>SHPC_MAX_SLOTS</c>).</summary>
    public const int SlotCount = 31;

    /// <summary>Bytes of registers: the fixed ones and a dword per slot.</summary>
    public const int Size = SlotRegisters + SlotCount * 4;

    // The working register set (offsets into the controller's registers).
    private const int BaseOffset = 0x00;
    private const int Slots33 = 0x04;
    private const int Slots66 = 0x08;
    private const int SlotCountRegister = 0x0c;
    private const int FirstDevice = 0x0d;
    private const int PhysicalSlot = 0x0e;
    private const int SecondaryBus = 0x10;
    private const int ProgrammingInterface = 0x13;
    private const int CommandCode = 0x14;
    private const int CommandTarget = 0x15;
    private const int CommandStatus = 0x16;
    private const int InterruptLocator = 0x18;
    private const int SerrInterrupt = 0x20;
    private const int SlotRegisters = 0x24;

    // Physical slot register: slot 1 first, numbers going up, MRL sensors and attention buttons.
    private const int PhysicalSlotValue = 0x0001 | 0x2000 | 0x4000 | 0x8000;

    // Command status bits.
    private const int StatusInvalidCommand = 0x4;
    private const int StatusInvalidMode = 0x8;
    private const int CommandStatusBits = 0x1 | 0x2 | StatusInvalidCommand | StatusInvalidMode;

    // SERR/interrupt register.
    private const uint InterruptDisable = 0x1;
    private const uint CommandInterruptDisable = 0x4;
    private const uint SerrInterruptMasks = 0xf;
    private const uint CommandDetected = 0x10000;
    private const uint ArbiterDetected = 0x20000;

    // Slot status fields (the command code uses the same layout for state and indicators).
    private const int StateMask = 0x03;
    private const int PowerLedMask = 0x0c;
    private const int AttentionLedMask = 0x30;
    private const int StatusMrlOpen = 0x100;
    private const int Status66 = 0x200;
    private const int PresenceMask = 0xc00;

    private const int StateNone = 0;
    private const int StatePowerOnly = 1;
    private const int StateEnabled = 2;
    private const int StateDisabled = 3;
    private const int LedNone = 0;
    private const int LedOn = 1;
    private const int LedBlink = 2;
    private const int LedOff = 3;
    private const int PresenceEmpty = 3;
    private const int Presence7_5W = 0;

    // Slot event latch and mask bits.
    private const byte EventPresence = 0x01;
    private const byte EventIsolatedFault = 0x02;
    private const byte EventButton = 0x04;
    private const byte EventMrl = 0x08;
    private const byte EventConnectedFault = 0x10;
    private const byte EventLatchBits = EventPresence | EventIsolatedFault | EventButton | EventMrl | EventConnectedFault;
    private const byte EventMaskBits = EventLatchBits | 0x20 | 0x40;

    private readonly PciBridge bridge;
    private readonly byte[] registers = new byte[Size];
    private readonly byte[] writeMask = new byte[Size];
    private readonly byte[] clearMask = new byte[Size];

    /// <summary>A controller for <paramref name="bridge"/>'s secondary bus.</summary>
    public ShpcController(PciBridge bridge)
    {
        this.bridge = bridge ?? throw new ArgumentNullException(nameof(bridge));
        writeMask[CommandCode] = 0xff;
        writeMask[CommandTarget] = 0x1f;
        BinaryPrimitives.WriteUInt32LittleEndian(writeMask.AsSpan(SerrInterrupt), SerrInterruptMasks);
        BinaryPrimitives.WriteUInt32LittleEndian(clearMask.AsSpan(SerrInterrupt), CommandDetected | ArbiterDetected);
        for (int slot = 0; slot < SlotCount; slot++)
        {
            writeMask[SlotRegister(slot) + 3] = EventMaskBits;
            clearMask[SlotRegister(slot) + 2] = EventLatchBits;
        }
    }

    /// <summary>Whether the controller's interrupt is asserted.</summary>
    public bool InterruptLevel { get; private set; }

    // QEMU's msi_requested: the level the last notification carried.
    private bool msiRequested;

    /// <summary>Whether the registers were put in their reset state yet (they are at the machine's reset).</summary>
    public bool IsReset { get; private set; }

    /// <summary>
    /// QEMU's <c>shpc_reset</c>: every slot with a function 0 is enabled with its power indicator on,
    /// every other one disabled, empty and with its MRL open; every event masked, interrupts off.
    /// </summary>
    public void Reset()
    {
        Array.Clear(registers);
        registers[SlotCountRegister] = SlotCount;
        SetLong(Slots33, SlotCount);
        SetLong(Slots66, 0);
        registers[FirstDevice] = 1;
        SetWord(PhysicalSlot, PhysicalSlotValue);
        SetLong(SerrInterrupt, SerrInterruptMasks);
        registers[ProgrammingInterface] = 1;
        SetWord(SecondaryBus, 0);
        for (int slot = 0; slot < SlotCount; slot++)
        {
            registers[SlotRegister(slot) + 3] = EventMaskBits;
            if (bridge.SecondaryBus?[PciDevfn(slot, 0)] is not null)
            {
                SetStatus(slot, StateEnabled, StateMask);
                SetStatus(slot, 0, StatusMrlOpen);
                SetStatus(slot, Presence7_5W, PresenceMask);
                SetStatus(slot, LedOn, PowerLedMask);
            }
            else
            {
                SetStatus(slot, StateDisabled, StateMask);
                SetStatus(slot, 1, StatusMrlOpen);
                SetStatus(slot, PresenceEmpty, PresenceMask);
                SetStatus(slot, LedOff, PowerLedMask);
            }

            SetStatus(slot, LedOff, AttentionLedMask);
            SetStatus(slot, 0, Status66);
        }

        // The base offset: the registers sit at the start of the BAR.
        SetLong(BaseOffset, 0);
        IsReset = true;
        UpdateInterrupt();
    }

    /// <summary>QEMU's <c>shpc_read</c>: <paramref name="size"/> bytes at <paramref name="offset"/>, 0 past the registers.</summary>
    public ulong Read(ulong offset, int size)
    {
        if (offset >= Size)
        {
            return 0;
        }

        int length = Math.Min(size, Size - (int)offset);
        ulong value = 0;
        for (int i = length - 1; i >= 0; i--)
        {
            value = (value << 8) | registers[(int)offset + i];
        }

        return value;
    }

    /// <summary>
    /// QEMU's <c>shpc_write</c>: the masked write (write-1-to-clear for the event latches and the
    /// detected bits), then the command when the code or target was written, then the interrupt.
    /// </summary>
    public void Write(ulong offset, ulong value, int size)
    {
        if (offset >= Size)
        {
            return;
        }

        int address = (int)offset;
        int length = Math.Min(size, Size - address);
        for (int i = 0; i < length; i++, value >>= 8)
        {
            int at = address + i;
            byte v = (byte)value;
            registers[at] = (byte)((registers[at] & ~writeMask[at]) | (v & writeMask[at]));
            registers[at] &= (byte)~(v & clearMask[at]);
        }

        if (address < CommandCode + 2 && CommandCode < address + length)
        {
            Command();
        }

        UpdateInterrupt();
    }

    /// <summary>
    /// QEMU's plug callback: the function's slot must be one the controller has. A cold-plugged
    /// function needs nothing more (the machine's reset sets the slot up); a hot-plugged one closes
    /// the MRL and shows the slot present (or, with the MRL closed, presses the attention button).
    /// </summary>
    public void Plug(PciDevice function)
    {
        ArgumentNullException.ThrowIfNull(function);
        int slot = SlotOf(function);
        if (!function.IsHotplugged || !IsReset)
        {
            if (IsReset)
            {
                SetStatus(slot, 0, StatusMrlOpen);
                SetStatus(slot, Presence7_5W, PresenceMask);
            }

            return;
        }

        if (GetStatus(slot, StatusMrlOpen) != 0)
        {
            SetStatus(slot, 0, StatusMrlOpen);
            SetStatus(slot, Presence7_5W, PresenceMask);
            registers[EventLatch(slot)] |= EventButton | EventMrl | EventPresence;
        }
        else
        {
            registers[EventLatch(slot)] |= EventButton;
        }

        SetStatus(slot, 0, Status66);
        UpdateInterrupt();
    }

    /// <summary>
    /// QEMU's unplug-request callback: refused while the guest blinks the power indicator; a slot
    /// the guest disabled with its indicator off is emptied at once; otherwise the attention button
    /// is pressed and the guest decides (the device stays, and device_del may be repeated).
    /// </summary>
    public void UnplugRequest(PciDevice function)
    {
        ArgumentNullException.ThrowIfNull(function);
        int slot = SlotOf(function);
        EnsureReset();
        int state = GetStatus(slot, StateMask);
        int led = GetStatus(slot, PowerLedMask);
        if (led == LedBlink)
        {
            throw new QomException("Hot-unplug failed: guest is busy (power indicator blinking)");
        }

        if (IsOff(state, led))
        {
            EmptySlot(slot);
        }
        else
        {
            registers[EventLatch(slot)] |= EventButton;
        }

        SetStatus(slot, 0, Status66);
        UpdateInterrupt();
    }

    /// <summary>Puts the registers in their reset state if the machine's reset has not yet.</summary>
    public void EnsureReset()
    {
        if (!IsReset)
        {
            Reset();
        }
    }

    private int SlotOf(PciDevice function)
    {
        int pciSlot = function.Devfn >> 3;
        if (pciSlot < 1 || pciSlot - 1 >= SlotCount)
        {
            throw new QomException($"Unsupported PCI slot {pciSlot} for standard hotplug controller. Valid slots are between 1 and {SlotCount}.");
        }

        return pciSlot - 1;
    }

    private static int PciDevfn(int slot, int function) => ((slot + 1) << 3) | function;

    private static int SlotRegister(int slot) => SlotRegisters + slot * 4;

    private static int EventLatch(int slot) => SlotRegister(slot) + 2;

    private int GetStatus(int slot, int mask) =>
        (BinaryPrimitives.ReadUInt16LittleEndian(registers.AsSpan(SlotRegister(slot))) & mask) >> System.Numerics.BitOperations.TrailingZeroCount(mask);

    private void SetStatus(int slot, int value, int mask)
    {
        int word = BinaryPrimitives.ReadUInt16LittleEndian(registers.AsSpan(SlotRegister(slot)));
        word = (word & ~mask) | (value << System.Numerics.BitOperations.TrailingZeroCount(mask));
        SetWord(SlotRegister(slot), word);
    }

    private void SetWord(int at, int value) => BinaryPrimitives.WriteUInt16LittleEndian(registers.AsSpan(at), (ushort)value);

    private void SetLong(int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(registers.AsSpan(at), value);

    private uint GetLong(int at) => BinaryPrimitives.ReadUInt32LittleEndian(registers.AsSpan(at));

    private void InvalidCommand() => SetWord(CommandStatus, BinaryPrimitives.ReadUInt16LittleEndian(registers.AsSpan(CommandStatus)) | StatusInvalidCommand);

    // QEMU's shpc_command: the previous command's status cleared, the command run, "detected" set.
    private void Command()
    {
        int code = registers[CommandCode];
        SetWord(CommandStatus, BinaryPrimitives.ReadUInt16LittleEndian(registers.AsSpan(CommandStatus)) & ~CommandStatusBits);
        if (code <= 0x3f)
        {
            SlotCommand(registers[CommandTarget] & 0x1f, code & StateMask, (code & PowerLedMask) >> 2, (code & AttentionLedMask) >> 4);
        }
        else if (code <= 0x47)
        {
            SetBusSpeed(code & 0x7);
        }
        else if (code is 0x48 or 0x49)
        {
            AllSlots(code == 0x48 ? StatePowerOnly : StateEnabled);
        }
        else
        {
            InvalidCommand();
        }

        SetLong(SerrInterrupt, GetLong(SerrInterrupt) | CommandDetected);
    }

    // Power-only all slots (0x48) or enable all slots (0x49): refused while any slot is enabled;
    // a slot with its MRL closed gets the state and its power indicator on, the others the indicator off.
    private void AllSlots(int state)
    {
        for (int slot = 0; slot < SlotCount; slot++)
        {
            if (GetStatus(slot, StateMask) == StateEnabled)
            {
                InvalidCommand();
                return;
            }
        }

        for (int slot = 0; slot < SlotCount; slot++)
        {
            if (GetStatus(slot, StatusMrlOpen) == 0)
            {
                SlotCommand(slot + 1, state, LedOn, LedNone);
            }
            else
            {
                SlotCommand(slot + 1, StateNone, LedOff, LedNone);
            }
        }
    }

    private void SetBusSpeed(int speed)
    {
        // Only 33 MHz conventional PCI is supported.
        if (speed == 0)
        {
            registers[SecondaryBus] &= 0xf8;
        }
        else
        {
            SetWord(CommandStatus, BinaryPrimitives.ReadUInt16LittleEndian(registers.AsSpan(CommandStatus)) | StatusInvalidMode);
        }
    }

    // QEMU's shpc_slot_command: indicators and state as asked; a slot that was not off (disabled
    // with its power indicator off) and now is, in whatever order the guest got there, is emptied.
    private void SlotCommand(int target, int state, int power, int attention)
    {
        int slot = target - 1;
        if (target < 1 || slot >= SlotCount)
        {
            InvalidCommand();
            return;
        }

        int oldState = GetStatus(slot, StateMask);
        int oldPower = GetStatus(slot, PowerLedMask);
        if (oldState == StateEnabled && state == StatePowerOnly)
        {
            InvalidCommand();
            return;
        }

        if (power == LedNone)
        {
            power = oldPower;
        }
        else
        {
            SetStatus(slot, power, PowerLedMask);
        }

        if (attention != LedNone)
        {
            SetStatus(slot, attention, AttentionLedMask);
        }

        if (state == StateNone)
        {
            state = oldState;
        }
        else
        {
            SetStatus(slot, state, StateMask);
        }

        if (!IsOff(oldState, oldPower) && IsOff(state, power))
        {
            EmptySlot(slot);
        }
    }

    private static bool IsOff(int state, int power) => state == StateDisabled && power == LedOff;

    // QEMU's shpc_free_devices_in_slot, then the MRL open and the slot empty, both latched.
    private void EmptySlot(int slot)
    {
        if (bridge.SecondaryBus is { } bus)
        {
            for (int function = 0; function < 8; function++)
            {
                if (bus[PciDevfn(slot, function)] is { } device)
                {
                    if (device.HotplugHandler is { } handler)
                    {
                        handler.Unplug(device);
                    }
                    else
                    {
                        device.Unparent();
                    }
                }
            }
        }

        SetStatus(slot, 1, StatusMrlOpen);
        SetStatus(slot, PresenceEmpty, PresenceMask);
        registers[EventLatch(slot)] |= EventMrl | EventPresence;
    }

    // QEMU's shpc_interrupt_update: the interrupt locator (a bit per slot with an unmasked event,
    // bit 0 for a detected command with its interrupt on) and the line's level.
    private void UpdateInterrupt()
    {
        uint locator = 0;
        for (int slot = 0; slot < SlotCount; slot++)
        {
            int at = SlotRegister(slot);
            if ((registers[at + 2] & ~registers[at + 3]) != 0)
            {
                locator |= 1u << (slot + 1);
            }
        }

        uint serr = GetLong(SerrInterrupt);
        if ((serr & CommandDetected) != 0 && (serr & CommandInterruptDisable) == 0)
        {
            locator |= 1;
        }

        SetLong(InterruptLocator, locator);
        bool level = (serr & InterruptDisable) == 0 && locator != 0;
        InterruptLevel = level;

        // An MSI when enabled and the level changed (going up or down alike), else the INTx pin,
        // set even when the level stays (QEMU calls pci_set_irq then too, with MSI enabled or not).
        bool sendsMsi = level != msiRequested && PciCapabilities.IsMsiEnabled(bridge.ConfigSpace);
        if (sendsMsi)
        {
            bridge.MsiNotify(0);
        }
        else if (level || bridge.IsIntxAsserted)
        {
            bridge.SetIntx(level);
        }

        msiRequested = level;
    }
}
