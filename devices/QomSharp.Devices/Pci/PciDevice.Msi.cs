using System;
using QomSharp.Devices.Pci.Config;

namespace QomSharp.Devices.Pci;

/// <summary>
/// The function's MSI capability at work (QEMU's <c>msi_notify</c> and <c>msi_write_config</c>):
/// a vector's message, or its pending bit while the vector is masked; a configuration write to the
/// enabled capability lowers the INTx pins, clamps the enabled message count and sends the pending
/// vectors it unmasked.
/// </summary>
public abstract partial class PciDevice
{
    private const int MsiFlags64Bit = 0x80;
    private const int MsiFlagsMaskBit = 0x100;
    private const int MsiCapabilityMaxHops = 48;

    /// <summary>Where the MSI capability is, or 0 (the first one in the capability list).</summary>
    private int MsiCapabilityOffset()
    {
        byte[] c = ConfigSpace.Config;
        int offset = c[PciRegisters.CapabilityList];
        for (int hops = 0; offset != 0 && hops < MsiCapabilityMaxHops; hops++)
        {
            if (c[offset] == PciCapabilities.MsiId)
            {
                return offset;
            }

            offset = c[offset + 1];
        }

        return 0;
    }

    private static int MsiDataOffset(int capability, int flags) => capability + ((flags & MsiFlags64Bit) != 0 ? 0x0c : 0x08);

    private static int MsiVectorCount(int flags) => 1 << ((flags & PciCapabilities.MsiQueueSize) >> 4);

    private bool IsMsiVectorMasked(int capability, int flags, int vector) =>
        (flags & MsiFlagsMaskBit) != 0 && (PciConfigSpace.GetLong(ConfigSpace.Config, MsiDataOffset(capability, flags) + 4) & (1u << vector)) != 0;

    /// <summary>
    /// QEMU's <c>msi_notify</c>: vector <paramref name="vector"/>'s message (its data with the vector
    /// in the low bits when several are enabled, a dword write to its address), or its pending bit
    /// while it is masked. The write goes through the function's bus master space (QEMU's
    /// <c>msi_send_message</c>), so a vIOMMU sees it, while the function may master the bus.
    /// </summary>
    protected internal void MsiNotify(int vector)
    {
        int capability = MsiCapabilityOffset();
        if (capability == 0)
        {
            return;
        }

        byte[] c = ConfigSpace.Config;
        int flags = PciConfigSpace.GetWord(c, capability + 2);
        int data = MsiDataOffset(capability, flags);
        if (IsMsiVectorMasked(capability, flags, vector))
        {
            PciConfigSpace.SetLong(c, data + 8, PciConfigSpace.GetLong(c, data + 8) | (1u << vector));
            return;
        }

        ulong address = PciConfigSpace.GetLong(c, capability + 4);
        if ((flags & MsiFlags64Bit) != 0)
        {
            address |= (ulong)PciConfigSpace.GetLong(c, capability + 8) << 32;
        }

        uint message = (uint)PciConfigSpace.GetWord(c, data);
        int vectors = MsiVectorCount(flags);
        if (vectors > 1)
        {
            message = (message & ~(uint)(vectors - 1)) | (uint)vector;
        }

        if ((PciConfigSpace.GetWord(c, PciRegisters.Command) & PciRegisters.CommandMaster) != 0)
        {
            MessageWrite(address, message);
        }
    }

    // The requester id (plus one; 0: none) of the message being written on this thread.
    [ThreadStatic]
    private static int messageSource;

    /// <summary>
    /// The requester id of the MSI or MSI-X message being written now (QEMU's
    /// <c>attrs.requester_id</c> of <c>pci_msi_trigger</c>), or null for other writes (unspecified attributes).
    /// </summary>
    public static ushort? MessageRequester => messageSource == 0 ? null : (ushort)(messageSource - 1);

    /// <summary>QEMU's <c>pci_msi_trigger</c>: the message's 4-byte write through the bus master space, tagged with the function's requester id (<see cref="RequesterId"/>).</summary>
    internal void MessageWrite(ulong address, uint data)
    {
        int saved = messageSource;
        messageSource = RequesterId + 1;
        try
        {
            DmaWrite(address, data, 4);
        }
        finally
        {
            messageSource = saved;
        }
    }

    /// <summary>
    /// QEMU's <c>msi_reset</c> (part of the function's reset): MSI off, one message enabled, the
    /// address, data, mask and pending bits 0.
    /// </summary>
    private void MsiReset()
    {
        if (!IsConfigSpaceBuilt)
        {
            return;
        }

        int capability = MsiCapabilityOffset();
        if (capability == 0)
        {
            return;
        }

        byte[] c = ConfigSpace.Config;
        int flags = PciConfigSpace.GetWord(c, capability + 2) & ~(PciCapabilities.MsiQueueSize | PciCapabilities.MsiEnable);
        PciConfigSpace.SetWord(c, capability + 2, flags);
        int data = MsiDataOffset(capability, flags);
        System.Array.Clear(c, capability + 4, data + 2 - (capability + 4));
        if ((flags & MsiFlagsMaskBit) != 0)
        {
            System.Array.Clear(c, data + 4, 8);
        }
    }

    /// <summary>
    /// QEMU's <c>msi_write_config</c>, after a guest's configuration write of <paramref name="length"/>
    /// bytes at <paramref name="address"/>: when it touched the capability and MSI is enabled, the
    /// INTx pins are lowered, the enabled message count is clamped to the capable one, the pending
    /// bits of vectors not enabled are dropped and each pending vector now unmasked is sent.
    /// </summary>
    protected void MsiWriteConfig(int address, int length)
    {
        int capability = MsiCapabilityOffset();
        if (capability == 0)
        {
            return;
        }

        byte[] c = ConfigSpace.Config;
        int flags = PciConfigSpace.GetWord(c, capability + 2);
        int size = 0x0a + ((flags & MsiFlags64Bit) != 0 ? 4 : 0) + ((flags & MsiFlagsMaskBit) != 0 ? 10 : 0);
        if (!(address < capability + size && capability < address + length) || (flags & PciCapabilities.MsiEnable) == 0)
        {
            return;
        }

        DeassertIntx();
        PciCapabilities.ClampMsiQueueSize(ConfigSpace, capability);
        flags = PciConfigSpace.GetWord(c, capability + 2);
        if ((flags & MsiFlagsMaskBit) == 0)
        {
            return;
        }

        int vectors = MsiVectorCount(flags);
        int pendingAt = MsiDataOffset(capability, flags) + 8;
        uint pending = PciConfigSpace.GetLong(c, pendingAt) & (uint.MaxValue >> (32 - vectors));
        PciConfigSpace.SetLong(c, pendingAt, pending);
        for (int vector = 0; vector < vectors; vector++)
        {
            if (IsMsiVectorMasked(capability, flags, vector) || (pending & (1u << vector)) == 0)
            {
                continue;
            }

            PciConfigSpace.SetLong(c, pendingAt, PciConfigSpace.GetLong(c, pendingAt) & ~(1u << vector));
            MsiNotify(vector);
        }
    }
}
