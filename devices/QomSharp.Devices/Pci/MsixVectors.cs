using System;
using QomSharp.Devices.Pci.Config;
using QomSharp.Memory;

namespace QomSharp.Devices.Pci;

/// <summary>
/// QEMU's MSI-X emulation for a function whose table and pending bits share one exclusive BAR
/// (<c>msix_init_exclusive_bar</c>): the table (16 bytes a vector, each vector masked at first) at
/// the BAR's start, the pending bits at <see cref="PendingOffset"/>, the enable and function-mask
/// bits in the capability's message control. A vector notified while masked is left pending and
/// sent when it is unmasked; a message goes out as a dword write of its data to its address in the
/// system address space, while the function may master the bus.
/// </summary>
public sealed class MsixVectors : IMemoryRegionOps
{
    private const int EntrySize = 16;
    private const int VectorControl = 12;
    private const uint VectorMasked = 0x1;
    private const int ControlEnable = 0x8000;
    private const int ControlFunctionMask = 0x4000;

    private readonly PciDevice function;
    private readonly int capability;
    private readonly byte[] table;
    private readonly byte[] pending;
    private bool functionMasked = true;

    /// <summary>The vectors of <paramref name="function"/>, whose MSI-X capability is at <paramref name="capability"/>.</summary>
    public MsixVectors(PciDevice function, int capability, int vectors, ulong pendingOffset)
    {
        this.function = function ?? throw new ArgumentNullException(nameof(function));
        this.capability = capability;
        table = new byte[vectors * EntrySize];
        pending = new byte[Math.Max(8, (vectors + 63) / 64 * 8)];
        PendingOffset = pendingOffset;
        for (int vector = 0; vector < vectors; vector++)
        {
            PciConfigSpace.SetLong(table, vector * EntrySize + VectorControl, VectorMasked);
        }
    }

    /// <summary>Where the pending bits start in the BAR.</summary>
    public ulong PendingOffset { get; }

    /// <summary>QEMU's <c>msix_enabled</c>: the capability's enable bit.</summary>
    public bool Enabled => (Control & ControlEnable) != 0;

    private int Control => PciConfigSpace.GetWord(function.ConfigSpace.Config, capability + 2);

    /// <inheritdoc/>
    public ulong Read(ulong offset, int size)
    {
        byte[]? bytes = Locate(ref offset);
        ulong value = 0;
        for (int i = size - 1; i >= 0; i--)
        {
            ulong at = offset + (ulong)i;
            value = (value << 8) | (bytes is not null && at < (ulong)bytes.Length ? bytes[at] : 0u);
        }

        return value;
    }

    /// <summary>
    /// A write to the table (QEMU's <c>msix_table_mmio_write</c>): a vector unmasked with its bit
    /// pending sends its message; the pending bits ignore writes.
    /// </summary>
    public void Write(ulong offset, ulong value, int size)
    {
        if (offset >= (ulong)table.Length)
        {
            return;
        }

        int vector = (int)offset / EntrySize;
        bool wasMasked = IsMasked(vector);
        for (int i = 0; i < size && offset + (ulong)i < (ulong)table.Length; i++)
        {
            table[offset + (ulong)i] = (byte)(value >> (8 * i));
        }

        MaskUpdate(vector, wasMasked);
    }

    /// <summary>
    /// QEMU's <c>msix_write_config</c>, after a configuration write that covered the message
    /// control's upper byte: a function unmasked (or enabled) sends the pending vectors it unmasks.
    /// </summary>
    public void ControlWritten(int address, int length)
    {
        if (!(address <= capability + 3 && capability + 3 < address + length))
        {
            return;
        }

        bool wasMasked = functionMasked;
        functionMasked = !Enabled || (Control & ControlFunctionMask) != 0;
        if (!Enabled || wasMasked == functionMasked)
        {
            return;
        }

        for (int vector = 0; vector < table.Length / EntrySize; vector++)
        {
            MaskUpdate(vector, wasMasked);
        }
    }

    /// <summary>QEMU's <c>msix_notify</c>: the message, or the pending bit while the vector is masked.</summary>
    public void Notify(int vector)
    {
        if (vector >= table.Length / EntrySize)
        {
            return;
        }

        if (IsMasked(vector))
        {
            pending[vector / 8] |= (byte)(1 << (vector % 8));
            return;
        }

        Send(vector);
    }

    private byte[]? Locate(ref ulong offset)
    {
        if (offset < (ulong)table.Length)
        {
            return table;
        }

        if (offset >= PendingOffset && offset - PendingOffset < (ulong)pending.Length)
        {
            offset -= PendingOffset;
            return pending;
        }

        return null;
    }

    private bool IsMasked(int vector) => functionMasked || (PciConfigSpace.GetLong(table, vector * EntrySize + VectorControl) & VectorMasked) != 0;

    // QEMU's msix_handle_mask_update: a vector just unmasked with its bit pending is sent.
    private void MaskUpdate(int vector, bool wasMasked)
    {
        bool masked = IsMasked(vector);
        if (masked == wasMasked || masked)
        {
            return;
        }

        byte bit = (byte)(1 << (vector % 8));
        if ((pending[vector / 8] & bit) != 0)
        {
            pending[vector / 8] &= (byte)~bit;
            Notify(vector);
        }
    }

    private void Send(int vector)
    {
        if ((PciConfigSpace.GetWord(function.ConfigSpace.Config, PciRegisters.Command) & PciRegisters.CommandMaster) == 0)
        {
            return;
        }

        int entry = vector * EntrySize;
        ulong address = PciConfigSpace.GetLong(table, entry) | ((ulong)PciConfigSpace.GetLong(table, entry + 4) << 32);
        function.MessageWrite(address, PciConfigSpace.GetLong(table, entry + 8));
    }
}
