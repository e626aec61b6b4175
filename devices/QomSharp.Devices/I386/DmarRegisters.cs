using System;
using System.Buffers.Binary;
using QomSharp.Memory;

namespace QomSharp.Devices.I386;

/// <summary>
/// intel-iommu's DMAR register block (0x230 bytes) in its reset state: VER 0x10, CAP, ECAP, and the
/// interrupt-mask bits of FECTL and IECTL set; every other register reads 0, as QEMU 7.2's do.
/// Registers are read in any aligned width. The remapping engine itself is not modelled: writes
/// are ignored.
/// </summary>
public sealed class DmarRegisters : IMemoryRegionOps
{
    /// <summary>The block's size (<c>DMAR_REG_SIZE</c>: fault recording at 0x220, one 128-bit record).</summary>
    public const int Size = 0x230;

    /// <summary>Register offsets.</summary>
    public const int Version = 0x00, Capability = 0x08, ExtendedCapability = 0x10, FaultEventControl = 0x38, InvalidationEventControl = 0xa0;

    private const uint InterruptMask = 0x8000_0000;
    private readonly byte[] bytes = new byte[Size];

    /// <summary>The reset state for the given CAP and ECAP.</summary>
    public DmarRegisters(ulong capability, ulong extendedCapability)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(Version), 0x10);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(Capability), capability);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(ExtendedCapability), extendedCapability);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(FaultEventControl), InterruptMask);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(InvalidationEventControl), InterruptMask);
    }

    /// <inheritdoc/>
    public ulong Read(ulong offset, int size)
    {
        var span = bytes.AsSpan((int)offset, size);
        return size switch
        {
            1 => span[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(span),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(span),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(span),
        };
    }

    /// <inheritdoc/>
    public void Write(ulong offset, ulong value, int size)
    {
    }
}
