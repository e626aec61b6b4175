using System;
using System.Buffers.Binary;

namespace QomSharp.Devices.Pci.Config;

/// <summary>
/// A PCI function's configuration space with QEMU's four byte arrays: the values (<c>config</c>),
/// the bits a guest may write (<c>wmask</c>), the bits a guest clears by writing 1
/// (<c>w1cmask</c>) and the bits checked on migration (<c>cmask</c>). It is 256 bytes, or 4 KiB for
/// a PCI Express function. The header starts as QEMU's <c>pci_config_alloc</c> and
/// <c>pci_init_wmask</c>/<c>pci_init_w1cmask</c>/<c>pci_init_cmask</c> leave it; capabilities are
/// placed with <see cref="AddCapability"/> and <see cref="AddExtendedCapability"/>.
/// </summary>
public sealed class PciConfigSpace
{
    /// <summary>The size of a conventional configuration space (and of the part reached through 0xcf8/0xcfc).</summary>
    public const int ConventionalSize = 256;

    /// <summary>The size of a PCI Express configuration space.</summary>
    public const int ExpressSize = 4096;

    /// <summary>Where the capability area begins (QEMU's <c>PCI_CONFIG_HEADER_SIZE</c>).</summary>
    public const int HeaderSize = 0x40;

    private readonly byte[] used;

    /// <summary>Creates a space of <paramref name="size"/> bytes with QEMU's header masks.</summary>
    public PciConfigSpace(int size)
    {
        if (size is not (ConventionalSize or ExpressSize))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "a configuration space is 256 or 4096 bytes");
        }

        Size = size;
        Config = new byte[size];
        WMask = new byte[size];
        W1cMask = new byte[size];
        CMask = new byte[size];
        used = new byte[size];
        Array.Fill(used, (byte)0xff, 0, HeaderSize);

        // pci_init_cmask: ids, class, revision and header type are checked; so is the capability flag.
        SetWord(CMask, PciRegisters.VendorId, 0xffff);
        SetWord(CMask, PciRegisters.DeviceId, 0xffff);
        CMask[PciRegisters.Status] = (byte)PciRegisters.StatusCapList;
        Array.Fill(CMask, (byte)0xff, PciRegisters.Revision, 4);
        CMask[PciRegisters.HeaderType] = 0xff;

        // pci_init_wmask: cache line, interrupt line, the command bits and everything past the header.
        WMask[PciRegisters.CacheLineSize] = 0xff;
        WMask[PciRegisters.InterruptLine] = 0xff;
        SetWord(WMask, PciRegisters.Command, PciRegisters.CommandIo | PciRegisters.CommandMemory | PciRegisters.CommandMaster
            | PciRegisters.CommandSerr | PciRegisters.CommandIntxDisable);
        Array.Fill(WMask, (byte)0xff, HeaderSize, size - HeaderSize);

        // pci_init_w1cmask: the error bits of the status register.
        SetWord(W1cMask, PciRegisters.Status, PciRegisters.StatusW1c);
    }

    /// <summary>The size: 256 or 4096 bytes.</summary>
    public int Size { get; }

    /// <summary>The register values.</summary>
    public byte[] Config { get; }

    /// <summary>The bits a guest write changes.</summary>
    public byte[] WMask { get; }

    /// <summary>The bits a guest write of 1 clears.</summary>
    public byte[] W1cMask { get; }

    /// <summary>The bits compared on migration.</summary>
    public byte[] CMask { get; }

    /// <summary>Whether the function is PCI Express (its space is 4 KiB).</summary>
    public bool IsExpress => Size == ExpressSize;

    /// <summary>Reads <paramref name="length"/> (1, 2 or 4) bytes at <paramref name="address"/>, little endian.</summary>
    public uint Read(int address, int length)
    {
        uint value = 0;
        for (int i = 0; i < length; i++)
        {
            value |= (uint)Config[address + i] << (8 * i);
        }

        return value;
    }

    /// <summary>QEMU's <c>pci_default_write_config</c> on the bytes: writable bits take the value, write-1-to-clear bits written 1 clear.</summary>
    public void Write(int address, uint value, int length)
    {
        for (int i = 0; i < length; i++, value >>= 8)
        {
            byte b = (byte)value;
            int at = address + i;
            Config[at] = (byte)((Config[at] & ~WMask[at]) | (b & WMask[at]));
            Config[at] &= (byte)~(b & W1cMask[at]);
        }
    }

    /// <summary>
    /// QEMU's <c>pci_add_capability</c>: links a capability of <paramref name="size"/> bytes at the
    /// head of the list, at <paramref name="offset"/> or (0) the first free space past the header;
    /// its bytes become read-only and checked. Returns the offset.
    /// </summary>
    public int AddCapability(byte id, int offset, int size)
    {
        if (offset == 0)
        {
            offset = FindSpace(size);
        }

        Config[offset] = id;
        Config[offset + 1] = Config[PciRegisters.CapabilityList];
        Config[PciRegisters.CapabilityList] = (byte)offset;
        Config[PciRegisters.Status] |= (byte)PciRegisters.StatusCapList;
        Array.Fill(used, (byte)0xff, offset, Math.Min((size + 3) & ~3, Size - offset));
        Array.Clear(WMask, offset, size);
        Array.Fill(CMask, (byte)0xff, offset, size);
        return offset;
    }

    /// <summary>
    /// QEMU's <c>pcie_add_capability</c>: an extended capability at <paramref name="offset"/>
    /// (the first one sits at 0x100), appended to the end of the list; read-only and checked.
    /// </summary>
    public void AddExtendedCapability(ushort id, byte version, int offset, int size)
    {
        if (offset == ExpressHeader)
        {
            SetLong(Config, offset, ExtendedHeader(id, version, 0));
        }
        else
        {
            int last = ExpressHeader;
            uint header;
            while (((header = GetLong(Config, last)) >> 20) != 0)
            {
                last = (int)(header >> 20);
            }

            SetLong(Config, last, (header & 0xfffff) | ((uint)offset << 20));
            SetLong(Config, offset, ExtendedHeader(id, version, 0));
        }

        Array.Clear(WMask, offset, size);
        Array.Clear(W1cMask, offset, size);
        Array.Fill(CMask, (byte)0xff, offset, size);
    }

    /// <summary>
    /// QEMU's <c>pci_register_bar</c> on the registers: the BAR at <paramref name="register"/> reads
    /// its type bits and its address bits above the size are writable (both dwords of a 64-bit BAR).
    /// </summary>
    public void RegisterBar(int register, ulong size, PciBarType type)
    {
        ulong mask = ~(size - 1);
        if (register == PciRegisters.RomAddress || register == PciRegisters.BridgeRomAddress)
        {
            mask |= PciRegisters.RomEnable;
        }

        SetLong(Config, register, (uint)type);
        if ((type & (PciBarType.Io | PciBarType.Memory64)) == PciBarType.Memory64)
        {
            SetQuad(WMask, register, mask);
            SetQuad(CMask, register, ulong.MaxValue);
        }
        else
        {
            SetLong(WMask, register, (uint)mask);
            SetLong(CMask, register, uint.MaxValue);
        }
    }

    /// <summary>Reads a little-endian 16-bit value.</summary>
    public static ushort GetWord(byte[] bytes, int at) => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at));

    /// <summary>Reads a little-endian 32-bit value.</summary>
    public static uint GetLong(byte[] bytes, int at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));

    /// <summary>Writes a little-endian 16-bit value.</summary>
    public static void SetWord(byte[] bytes, int at, int value) => BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), (ushort)value);

    /// <summary>Writes a little-endian 32-bit value.</summary>
    public static void SetLong(byte[] bytes, int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), value);

    /// <summary>Writes a little-endian 64-bit value.</summary>
    public static void SetQuad(byte[] bytes, int at, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), value);

    // PCI_CONFIG_SPACE_SIZE: where extended capabilities begin.
    private const int ExpressHeader = 0x100;

    private static uint ExtendedHeader(ushort id, byte version, int next) => id | ((uint)version << 16) | ((uint)next << 20);

    // QEMU's pci_find_space: the first run of free bytes past the header long enough.
    private int FindSpace(int size)
    {
        int offset = HeaderSize;
        for (int i = HeaderSize; i < ConventionalSize; i++)
        {
            if (used[i] != 0)
            {
                offset = i + 1;
            }
            else if (i - offset + 1 == size)
            {
                return offset;
            }
        }

        throw new InvalidOperationException($"no room for a {size}-byte capability");
    }
}
