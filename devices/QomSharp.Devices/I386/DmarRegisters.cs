using System;
using System.Buffers.Binary;
using QomSharp.Memory;

namespace QomSharp.Devices.I386;

/// <summary>
/// intel-iommu's DMAR register block (0x230 bytes) as QEMU 10.0 keeps it: each register's value
/// with its writable, write-1-to-clear and write-only (read-as-zero) bits, accessed in 4 or 8
/// bytes. Narrower accesses read 0 and are dropped; an access not aligned to its size is cut into
/// aligned pieces as QEMU's memory core cuts it (the pieces under 4 bytes read 0). The writes that
/// command something (global command, context and IOTLB invalidation, the invalidation queue, the
/// status and event registers) are <see cref="DmarRegisters"/>' other parts.
/// </summary>
public sealed partial class DmarRegisters : IMemoryRegionOps
{
    /// <summary>The block's size (<c>DMAR_REG_SIZE</c>: fault recording at 0x220, one 128-bit record).</summary>
    public const int Size = 0x230;

    /// <summary>Register offsets.</summary>
    public const int Version = 0x00, Capability = 0x08, ExtendedCapability = 0x10, GlobalCommand = 0x18, GlobalStatus = 0x1c,
        RootTableAddress = 0x20, ContextCommand = 0x28, FaultStatus = 0x34, FaultEventControl = 0x38, FaultEventData = 0x3c,
        FaultEventAddress = 0x40, FaultEventUpperAddress = 0x44, ProtectedMemoryEnable = 0x64, QueueHead = 0x80, QueueTail = 0x88,
        QueueAddress = 0x90, InvalidationCompletionStatus = 0x9c, InvalidationEventControl = 0xa0, InvalidationEventData = 0xa4,
        InvalidationEventAddress = 0xa8, InvalidationEventUpperAddress = 0xac, InterruptRemappingTableAddress = 0xb8,
        InvalidateAddress = 0xf0, IotlbInvalidate = 0xf8, FaultRecording = 0x220;

    private const uint InterruptMask = 0x8000_0000;
    private readonly byte[] csr = new byte[Size];
    private readonly byte[] writable = new byte[Size];
    private readonly byte[] writeOneToClear = new byte[Size];
    private readonly byte[] writeOnly = new byte[Size];
    private readonly ulong capability;
    private readonly ulong extendedCapability;

    /// <summary>The reset state for the given CAP and ECAP, with no engine behind it (legacy mode, 48-bit addresses, no DMA).</summary>
    public DmarRegisters(ulong capability, ulong extendedCapability)
        : this(capability, extendedCapability, new VtdEngineOptions(48, DmaTranslation: true, InterruptRemapping: true), null)
    {
    }

    /// <summary>The reset state for the given CAP and ECAP, the engine's options, and the space its DMA (queue reads, status writes) goes to.</summary>
    public DmarRegisters(ulong capability, ulong extendedCapability, VtdEngineOptions options, AddressSpace? dma)
    {
        this.capability = capability;
        this.extendedCapability = extendedCapability;
        Options = options;
        Dma = dma;
        Reset();
    }

    /// <summary>The options the engine follows.</summary>
    public VtdEngineOptions Options { get; }

    /// <inheritdoc/>
    public int MaxAccessSize => 8;

    /// <summary>QEMU's <c>vtd_init</c>: every register, its masks and the engine's state as at reset.</summary>
    public void Reset()
    {
        Array.Clear(csr);
        Array.Clear(writable);
        Array.Clear(writeOneToClear);
        Array.Clear(writeOnly);
        ResetEngine();
        DefineLong(Version, 0x10, 0, 0);
        DefineQuad(Capability, capability, 0, 0);
        DefineQuad(ExtendedCapability, extendedCapability, 0, 0);
        DefineLong(GlobalCommand, 0, 0xff80_0000, 0);
        SetLong(writeOnly, GlobalCommand, 0xff80_0000);
        DefineQuad(RootTableAddress, 0, 0xffff_ffff_ffff_fc00, 0);
        DefineQuad(ContextCommand, 0, 0xe000_0003_ffff_ffff, 0);
        SetQuad(writeOnly, ContextCommand, 0x3_ffff_0000);
        DefineLong(FaultStatus, 0, 0, 0x11);
        DefineLong(FaultEventControl, InterruptMask, InterruptMask, 0);
        DefineLong(FaultEventData, 0, 0xffff, 0);
        DefineLong(FaultEventAddress, 0, 0xffff_fffc, 0);
        DefineQuad(QueueTail, 0, 0x7fff0, 0);
        DefineQuad(QueueAddress, 0, 0xffff_ffff_ffff_f807, 0);
        DefineLong(InvalidationCompletionStatus, 0, 0, 1);
        DefineLong(InvalidationEventControl, InterruptMask, InterruptMask, 0);
        DefineLong(InvalidationEventData, 0, 0xffff_ffff, 0);
        DefineLong(InvalidationEventAddress, 0, 0xffff_fffc, 0);
        DefineQuad(IotlbInvalidate, 0, 0xb003_ffff_0000_0000, 0);
        DefineQuad(InvalidateAddress, 0, 0xffff_ffff_ffff_f07f, 0);
        SetQuad(writeOnly, InvalidateAddress, 0xffff_ffff_ffff_f07f);
        DefineQuad(FaultRecording + 8, 0, 0, 0x8000_0000_0000_0000);
        DefineQuad(InterruptRemappingTableAddress, 0, 0xffff_ffff_ffff_f80f, 0);
    }

    /// <inheritdoc/>
    public ulong Read(ulong offset, int size)
    {
        ulong value = 0;
        foreach (var (at, length) in Pieces(offset, size))
        {
            value |= (length < 4 ? 0 : ReadRegister((int)at, length)) << (8 * (int)(at - offset));
        }

        return value;
    }

    /// <inheritdoc/>
    public void Write(ulong offset, ulong value, int size)
    {
        foreach (var (at, length) in Pieces(offset, size))
        {
            if (length >= 4)
            {
                ulong piece = value >> (8 * (int)(at - offset));
                WriteRegister((int)at, length == 8 ? piece : piece & 0xffff_ffff, length);
            }
        }
    }

    // QEMU's memory core: an access cut at its address's alignment (the region takes up to 8 bytes, aligned).
    private static PieceList Pieces(ulong offset, int size) => new(offset, size);

    private readonly struct PieceList(ulong offset, int size)
    {
        public PieceEnumerator GetEnumerator() => new(offset, size);
    }

    private struct PieceEnumerator(ulong offset, int size)
    {
        private int done;

        public (ulong At, int Length) Current { get; private set; }

        public bool MoveNext()
        {
            if (done >= size)
            {
                return false;
            }

            ulong at = offset + (ulong)done;
            int length = size - done;
            ulong alignment = at & (~at + 1);
            if (alignment != 0 && alignment < (ulong)length)
            {
                length = (int)alignment;
            }

            length = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)length + 1) / 2;
            Current = (at, length);
            done += length;
            return true;
        }
    }

    // QEMU's vtd_mem_read for an aligned access of 4 or 8 bytes.
    private ulong ReadRegister(int offset, int size)
    {
        if (offset + size > Size)
        {
            return ulong.MaxValue;
        }

        switch (offset)
        {
            case RootTableAddress:
                return size == 4 ? RawLong(RootTableAddress) : RawQuad(RootTableAddress);
            case RootTableAddress + 4:
                return RawQuad(RootTableAddress) >> 32;
            case QueueAddress:
                ulong value = queueBase | (RawQuad(QueueAddress) & ~GetQuad(writeOnly, QueueAddress) & (QueueSizeMask | QueueDescriptorWidth));
                return size == 4 ? value & 0xffff_ffff : value;
            case QueueAddress + 4:
                return queueBase >> 32;
            default:
                return size == 4 ? RawLong(offset) & ~GetLong(writeOnly, offset) : RawQuad(offset) & ~GetQuad(writeOnly, offset);
        }
    }

    // QEMU's vtd_mem_write for an aligned access of 4 or 8 bytes. The 8-byte writes QEMU 10.0
    // asserts on (a 32-bit register at an 8-aligned offset) are dropped.
    private void WriteRegister(int offset, ulong value, int size)
    {
        if (offset + size > Size)
        {
            return;
        }

        switch (offset)
        {
            case GlobalCommand:
                StoreLong(offset, (uint)value);
                GlobalCommandWritten();
                return;
            case ContextCommand or IotlbInvalidate:
                Store(offset, value, size);
                if (size == 8)
                {
                    InvalidationRequested(offset);
                }

                return;
            case ContextCommand + 4 or IotlbInvalidate + 4:
                StoreLong(offset, (uint)value);
                InvalidationRequested(offset - 4);
                return;
            case FaultStatus or FaultEventControl or InvalidationCompletionStatus or InvalidationEventControl
                or InvalidationEventAddress when size == 8:
                return;
            case FaultStatus:
                StoreLong(offset, (uint)value);
                FaultStatusWritten();
                return;
            case FaultEventControl:
                StoreLong(offset, (uint)value);
                FaultEventControlWritten();
                return;
            case QueueTail:
                Store(offset, value, size);
                QueueTailWritten();
                return;
            case FaultRecording + 8 when size == 8:
            case FaultRecording + 12:
                Store(offset, value, size);
                UpdatePendingFault();
                return;
            case QueueAddress:
                Store(offset, value, size);
                UpdateDescriptorWidth();
                return;
            case InvalidationCompletionStatus:
                StoreLong(offset, (uint)value);
                CompletionStatusWritten();
                return;
            case InvalidationEventControl:
                StoreLong(offset, (uint)value);
                InvalidationEventControlWritten();
                return;
            default:
                Store(offset, value, size);
                return;
        }
    }

    private void Store(int offset, ulong value, int size)
    {
        if (size == 4)
        {
            StoreLong(offset, (uint)value);
        }
        else
        {
            StoreQuad(offset, value);
        }
    }

    // QEMU's vtd_set_long / vtd_set_quad: the writable bits taken, the write-1-to-clear bits written 1 cleared.
    private void StoreLong(int offset, uint value)
    {
        uint old = GetLong(csr, offset), mask = GetLong(writable, offset), clear = GetLong(writeOneToClear, offset);
        SetLong(csr, offset, ((old & ~mask) | (value & mask)) & ~(clear & value));
    }

    private void StoreQuad(int offset, ulong value)
    {
        ulong old = GetQuad(csr, offset), mask = GetQuad(writable, offset), clear = GetQuad(writeOneToClear, offset);
        SetQuad(csr, offset, ((old & ~mask) | (value & mask)) & ~(clear & value));
    }

    private void DefineLong(int offset, uint value, uint writableBits, uint clearBits)
    {
        SetLong(csr, offset, value);
        SetLong(writable, offset, writableBits);
        SetLong(writeOneToClear, offset, clearBits);
    }

    private void DefineQuad(int offset, ulong value, ulong writableBits, ulong clearBits)
    {
        SetQuad(csr, offset, value);
        SetQuad(writable, offset, writableBits);
        SetQuad(writeOneToClear, offset, clearBits);
    }

    private uint RawLong(int offset) => GetLong(csr, offset);

    private ulong RawQuad(int offset) => GetQuad(csr, offset);

    private void SetRawQuad(int offset, ulong value) => SetQuad(csr, offset, value);

    // QEMU's vtd_set_clear_mask_long/quad.
    private void ChangeLong(int offset, uint clear, uint set) => SetLong(csr, offset, (RawLong(offset) & ~clear) | set);

    private void ChangeQuad(int offset, ulong clear, ulong set) => SetQuad(csr, offset, (RawQuad(offset) & ~clear) | set);

    private static uint GetLong(byte[] bytes, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset));

    private static ulong GetQuad(byte[] bytes, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset));

    private static void SetLong(byte[] bytes, int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), value);

    private static void SetQuad(byte[] bytes, int offset, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(offset), value);
}
