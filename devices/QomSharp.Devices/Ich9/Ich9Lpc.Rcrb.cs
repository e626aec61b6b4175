using System;
using QomSharp.Devices.Access;

namespace QomSharp.Devices.Ich9;

/// <summary>
/// The root complex register block (QEMU's chipset configuration registers): 16 KiB of plain
/// little-endian storage mapped in system memory at RCBA (LPC configuration 0xf0, bits 14-31)
/// while its enable bit (bit 0) is set, over what is there (priority 1). At reset it holds the
/// interrupt routing registers D25IR-D31IR (D30IR 0), which map the INTx pins of slots 25 to 31 to
/// PIRQs (see the PIRQ part of this class), and GCS with its no-reboot bit set; QEMU 10.0 gives no
/// other register a meaning a qtest access can see.
/// </summary>
public sealed partial class Ich9Lpc
{
    private const int RootComplexBase = 0xf0;
    private const uint RootComplexEnable = 0x1;
    private const uint RootComplexAddressMask = 0xffffc000;
    private const int GeneralControlStatus = 0x3410;
    private const uint GcsNoReboot = 1u << 5;
    private const uint RoutingDefault = 0x3210;

    private byte[]? chipConfig;
    private bool rootComplexMapped;
    private QomSharp.Memory.MemoryRegion? rootComplexBlock;

    private byte[] ChipConfig => chipConfig ??= ResetChipConfig();

    // QEMU's ich9_cc_reset: each routing register written as a dword, in this order, so that the
    // next one's low half covers the previous one's high half.
    private static byte[] ResetChipConfig()
    {
        var config = new byte[RootComplexRegisterBlockSize];
        foreach (var (offset, value) in new (int, uint)[]
                 {
                     (0x3140, RoutingDefault), (0x3142, 0), (0x3144, RoutingDefault), (0x3146, RoutingDefault), (0x3148, RoutingDefault),
                     (0x314c, RoutingDefault), (0x3150, RoutingDefault), (GeneralControlStatus, GcsNoReboot),
                 })
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(config.AsSpan(offset), value);
        }

        return config;
    }

    // QEMU's ich9_lpc_rcba_update on every write over RCBA: the old mapping goes, the new one (if
    // enabled) comes, ahead of the regions of its priority there.
    private void UpdateRootComplexBase(uint rcba)
    {
        if (rootComplexBlock is not { } region)
        {
            return;
        }

        if (rootComplexMapped)
        {
            Context.Qdev.SystemMemory.Unmap(region);
            rootComplexMapped = false;
        }

        if ((rcba & RootComplexEnable) != 0)
        {
            Context.Qdev.SystemMemory.Map(rcba & RootComplexAddressMask, region, 1);
            rootComplexMapped = true;
        }
    }

    // QEMU's rcrb_mmio_ops: default sizes; the bytes from the offset, cut at the block's end.
    private sealed class RootComplexRegisters(Ich9Lpc lpc) : AccessRules
    {
        protected override ulong DeviceRead(ulong offset, int size)
        {
            var config = lpc.ChipConfig;
            ulong value = 0;
            for (int i = 0; i < size && offset + (ulong)i < (ulong)config.Length; i++)
            {
                value |= (ulong)config[(int)offset + i] << (8 * i);
            }

            return value;
        }

        protected override void DeviceWrite(ulong offset, ulong value, int size)
        {
            var config = lpc.ChipConfig;
            for (int i = 0; i < size && offset + (ulong)i < (ulong)config.Length; i++)
            {
                config[(int)offset + i] = (byte)(value >> (8 * i));
            }
        }
    }
}
