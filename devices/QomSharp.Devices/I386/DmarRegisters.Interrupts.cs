using System;

namespace QomSharp.Devices.I386;

/// <summary>
/// Interrupt remapping as QEMU 10.0's <c>vtd_mem_ir_write</c> does it: a message written into the
/// interrupt window is decoded (compatibility format passes as written), its entry read from the
/// interrupt remapping table in guest memory on every message (nothing is cached, so IEC
/// invalidations have nothing to drop), checked, and the remapped message delivered; a failed
/// remap records a fault (unless the entry's FPD suppresses it) and drops the message.
/// </summary>
public sealed partial class DmarRegisters
{
    /// <summary>The source id of a message whose requester is not known (the IOAPIC's): no source validation.</summary>
    public const ushort UnknownSource = 0xffff;

    /// <summary>Interrupt remapping fault reasons.</summary>
    internal const int FaultIrRequestReserved = 0x20, FaultIrIndexOverflow = 0x21, FaultIrEntryNotPresent = 0x22,
        FaultIrRootInvalid = 0x23, FaultIrEntryReserved = 0x24, FaultIrSourceId = 0x26;

    private const ulong IrteReservedLow = 0xff00_7000, IrteReservedHigh = 0xffff_ffff_fff0_0000;

    /// <summary>Where a remapped (or passed) message goes: the APIC's message input (address, data).</summary>
    public Action<ulong, uint>? DeliverInterrupt { get; set; }

    /// <summary>
    /// A 4-byte write of <paramref name="data"/> at <paramref name="offset"/> in the interrupt window
    /// from <paramref name="sourceId"/>: remapped and delivered, or dropped (false).
    /// </summary>
    public bool InterruptWindowWrite(ulong offset, uint data, ushort sourceId)
    {
        ulong address = 0xfee0_0000 + offset;
        if (!RemapInterrupt(address, data, sourceId, out ulong outAddress, out uint outData))
        {
            return false;
        }

        DeliverInterrupt?.Invoke(outAddress, outData);
        return true;
    }

    // QEMU's vtd_interrupt_remap_msi with faults recorded.
    private bool RemapInterrupt(ulong address, uint data, ushort sourceId, out ulong outAddress, out uint outData)
    {
        outAddress = address;
        outData = data;
        if (!InterruptRemappingEnabled || (address & 0x10) == 0)
        {
            return true;
        }

        bool subhandleValid = (address & 8) != 0;
        ushort index = (ushort)((((address >> 2) & 1) << 15) | ((address >> 5) & 0x7fff));
        if (subhandleValid)
        {
            index = (ushort)(index + (data & 0xffff));
        }

        if (!InterruptEntry(index, sourceId, out ulong low, out ulong high))
        {
            return false;
        }

        if (subhandleValid && (data & 0xffff_0000) != 0)
        {
            ReportOnce("vtd_interrupt_remap_msi/data",
                $"vtd_interrupt_remap_msi: invalid IR MSI (sid={sourceId}, address=0x{address:x}, data=0x{data:x})");
            RecordInterruptFault(sourceId, FaultIrRequestReserved, 0);
            return false;
        }

        uint destination = (uint)(low >> 32);
        if (!InterruptRemappingTable.Extended)
        {
            destination = (destination & 0xff00) >> 8;
        }

        ulong vector = (low >> 16) & 0xff, deliveryMode = (low >> 5) & 7, trigger = (low >> 4) & 1;
        ulong redirectionHint = (low >> 3) & 1, destinationMode = (low >> 2) & 1;
        outAddress = 0xfee0_0000UL | ((ulong)(destination & 0xff) << 12) | (redirectionHint << 3) | (destinationMode << 2) | (address & 3)
            | ((ulong)(destination & 0xffff_ff00) << 32);
        outData = (uint)(vector | (deliveryMode << 8) | (1UL << 14) | (trigger << 15));
        return true;
    }

    // QEMU's vtd_irte_get: the entry at the index, checked in QEMU's order.
    private bool InterruptEntry(ushort index, ushort sourceId, out ulong low, out ulong high)
    {
        low = high = 0;
        var table = InterruptRemappingTable;
        if (index >= table.Entries)
        {
            ReportOnce("vtd_irte_get/index", $"vtd_irte_get: index too large: ind=0x{index:x}");
            RecordInterruptFault(sourceId, FaultIrIndexOverflow, index);
            return false;
        }

        ulong at = table.Address + (index * 16UL);
        if (!ReadQuad(at, out low) || !ReadQuad(at + 8, out high))
        {
            ReportOnce("vtd_irte_get/read", $"vtd_irte_get: read failed: ind=0x{index:x} addr=0x{at:x}");
            RecordInterruptFault(sourceId, FaultIrRootInvalid, index);
            return false;
        }

        bool faults = (low & 2) == 0;
        if ((low & 1) == 0)
        {
            ReportOnce("vtd_irte_get/present", $"vtd_irte_get: detected non-present IRTE (index={index}, high=0x{high:x}, low=0x{low:x})");
            return Refused(faults, sourceId, FaultIrEntryNotPresent, index);
        }

        if ((low & IrteReservedLow) != 0 || (high & IrteReservedHigh) != 0)
        {
            ReportOnce("vtd_irte_get/reserved", $"vtd_irte_get: detected non-zero reserved IRTE (index={index}, high=0x{high:x}, low=0x{low:x})");
            return Refused(faults, sourceId, FaultIrEntryReserved, index);
        }

        if (sourceId == UnknownSource)
        {
            return true;
        }

        ushort entrySource = (ushort)high;
        switch ((high >> 18) & 3)
        {
            case 1:
                ushort mask = ((high >> 16) & 3) switch { 0 => 0xffff, 1 => 0xfffb, 2 => 0xfff9, _ => 0xfff8 };
                if ((entrySource & mask) != (sourceId & mask))
                {
                    ReportOnce("vtd_irte_get/sid", $"vtd_irte_get: invalid IRTE SID (index={index}, sid={sourceId}, source_id={entrySource})");
                    return Refused(faults, sourceId, FaultIrSourceId, index);
                }

                break;
            case 2:
                int bus = sourceId >> 8, min = entrySource & 0xff, max = entrySource >> 8;
                if (bus > max || bus < min)
                {
                    ReportOnce("vtd_irte_get/bus", $"vtd_irte_get: invalid SVT_BUS (index={index}, bus={bus}, min={min}, max={max})");
                    return Refused(faults, sourceId, FaultIrSourceId, index);
                }

                break;
            case 3:
                ReportOnce("vtd_irte_get/svt", $"vtd_irte_get: detected invalid IRTE SVT (index={index}, type={(high >> 18) & 3})");
                return Refused(faults, sourceId, FaultIrSourceId, index);
        }

        return true;
    }

    private bool Refused(bool faults, ushort sourceId, int reason, ushort index)
    {
        if (faults)
        {
            RecordInterruptFault(sourceId, reason, index);
        }

        return false;
    }

    // QEMU's vtd_report_ir_fault: the index in the fault info (FI[63:48]), the reason, the source; T, PP, PV 0.
    private void RecordInterruptFault(ushort sourceId, int reason, ushort index) =>
        RecordFault(sourceId, (ulong)index << 48, reason, true, 0);
}
