using System;
using QomSharp.Memory;

namespace QomSharp.Devices.I386;

public sealed partial class DmarRegisters
{
    private const ulong QueueSizeMask = 7, QueueDescriptorWidth = 0x800;
    private const ulong QueueHeadMask = 0x7fff0;
    private const ulong TailReserved256 = 0x10;
    private const uint InvalidationQueueError = 1u << 4, PendingPrimaryFault = 1u << 1, PrimaryFaultOverflow = 1;
    private const uint InterruptPending = 1u << 30;
    private const uint WaitCompletion = 1;

    // Descriptor types (bits 3:0, and 11:9 above them).
    private const int ContextCacheType = 1, IotlbType = 2, DeviceIotlbType = 3, InterruptEntryCacheType = 4, WaitType = 5,
        PasidIotlbType = 6, PasidCacheType = 7, DevicePasidIotlbType = 8;

    // Reserved bits of each descriptor's first two quadwords (QEMU 10.0's VTD_INV_DESC_*_RSVD*).
    private const ulong ContextCacheReserved = 0xfffc_0000_0000_ffc0;
    private const ulong IotlbReservedLow = 0xffff_ffff_0000_f100, IotlbReservedHigh = 0xf80;
    private const ulong DeviceIotlbReservedLow = 0xffff_0000_ffe0_fff8, DeviceIotlbReservedHigh = 0xffe;
    private const ulong InterruptEntryCacheReserved = 0xffff_0000_07ff_f1e0;
    private const ulong WaitReservedLow = 0xffff_ff80, WaitReservedHigh = 3;
    private const ulong PasidIotlbReservedLow = 0xfff0_0000_0000_f1c0, PasidIotlbReservedHigh = 0xf80;
    private const ulong DevicePasidIotlbReservedLow = 0xfff0_0000_0000_f000, DevicePasidIotlbReservedHigh = 0x7fe;
    private const ulong WaitInterrupt = 1UL << 4, WaitStatusWrite = 1UL << 5;

    private AddressSpace? Dma { get; }

    private bool queuedInvalidation;
    private bool wideDescriptors;
    private ulong queueBase;
    private uint queueHead, queueTail, queueEntries;
    private int lastDescriptorType;

    /// <summary>Whether queued invalidation is enabled (GSTS.QIES).</summary>
    public bool QueuedInvalidationEnabled => queuedInvalidation;

    private void ResetEngine()
    {
        TranslationEnabled = false;
        InterruptRemappingEnabled = false;
        RootTable = 0;
        RootScalable = false;
        queuedInvalidation = false;
        wideDescriptors = false;
        queueBase = 0;
        queueHead = queueTail = queueEntries = 0;
        lastDescriptorType = 0;
        nextFaultRecord = 0;
        ResetCaches();
        SwitchAllSpaces();
    }

    // QEMU's vtd_update_iq_dw: 256-bit descriptors when scalable mode offers them and IQA.DW asks.
    private void UpdateDescriptorWidth() =>
        wideDescriptors = Options.ScalableMode && (RawQuad(QueueAddress) & QueueDescriptorWidth) != 0;

    private int HeadShift => wideDescriptors ? 5 : 4;

    // QEMU's vtd_handle_gcmd_qie.
    private void QueuedInvalidationCommand(bool enable)
    {
        if (enable)
        {
            ulong address = RawQuad(QueueAddress);
            queueBase = address & AddressMask;
            queueEntries = 1u << (int)((address & QueueSizeMask) + 8 - (wideDescriptors ? 1UL : 0));
            queuedInvalidation = true;
            ChangeLong(GlobalStatus, 0, QueuedInvalidationEnable);
            // A tail set before the queue was enabled (Windows does it): processed at once.
            if (queueTail != 0 && (RawLong(FaultStatus) & InvalidationQueueError) == 0)
            {
                FetchDescriptors();
            }
        }
        else if (queuedInvalidation && queueTail == queueHead && lastDescriptorType == WaitType)
        {
            SetRawQuad(QueueHead, 0);
            queueHead = 0;
            queuedInvalidation = false;
            ChangeLong(GlobalStatus, QueuedInvalidationEnable, 0);
        }
        else if (queuedInvalidation)
        {
            ReportOnce("vtd_handle_gcmd_qie",
                $"vtd_handle_gcmd_qie: detected improper state when disable QI (head=0x{queueHead:x}, tail=0x{queueTail:x}, last_type={lastDescriptorType})");
        }
    }

    // QEMU's vtd_handle_iqt_write.
    private void QueueTailWritten()
    {
        ulong tail = RawQuad(QueueTail);
        if (wideDescriptors && (tail & TailReserved256) != 0)
        {
            ReportOnce("vtd_handle_iqt_write", $"vtd_handle_iqt_write: RSV bit is set: val=0x{tail:x}");
            QueueError();
            return;
        }

        queueTail = (uint)(wideDescriptors ? (tail >> 5) & 0x3fff : (tail >> 4) & 0x7fff);
        if (queuedInvalidation && (RawLong(FaultStatus) & InvalidationQueueError) == 0)
        {
            FetchDescriptors();
        }
    }

    // QEMU's vtd_fetch_inv_desc: descriptors from the head to the tail, IQH following; the first bad one stops the queue.
    private void FetchDescriptors()
    {
        if (queueTail >= queueEntries)
        {
            ReportOnce("vtd_fetch_inv_desc", $"vtd_fetch_inv_desc: detected invalid QI tail (tail=0x{queueTail:x}, size=0x{queueEntries:x})");
            QueueError();
            return;
        }

        while (queueHead != queueTail)
        {
            if (!ProcessDescriptor())
            {
                QueueError();
                break;
            }

            SetRawQuad(QueueHead, ((ulong)queueHead << HeadShift) & QueueHeadMask);
        }
    }

    // QEMU's vtd_handle_inv_queue_error: FSTS.IQE and a fault event (its texts as for a recorded fault's).
    private void QueueError()
    {
        uint before = RawLong(FaultStatus);
        ChangeLong(FaultStatus, 0, InvalidationQueueError);
        FaultEvent(before);
    }

    // IP set, then, unless masked, the message sent to the APIC and IP cleared.
    private void RaiseEvent(int control)
    {
        ChangeLong(control, 0, InterruptPending);
        if ((RawLong(control) & InterruptMask) == 0)
        {
            SendEventMessage(control + 8, control + 4);
            ChangeLong(control, InterruptPending, 0);
        }
    }

    // QEMU's vtd_process_inv_desc: one descriptor read at the head and done; false when it is bad.
    private bool ProcessDescriptor()
    {
        Span<ulong> d = stackalloc ulong[4];
        if (!ReadDescriptor(d))
        {
            ReportOnce("vtd_process_inv_desc/read", "Read INV DESC failed.");
            lastDescriptorType = 0;
            return false;
        }

        int type = (int)(((d[0] >> 5) & 0x70) | (d[0] & 0xf));
        lastDescriptorType = type;
        bool done = type switch
        {
            ContextCacheType => Checked(d, ContextCacheReserved, ulong.MaxValue, false, "vtd_process_context_cache_desc", "cc inv") && ((d[0] >> 4) & 3) != 0,
            IotlbType => Checked(d, IotlbReservedLow, IotlbReservedHigh, false, "vtd_process_iotlb_desc", "iotlb inv") && IotlbDescriptorGranularity(d),
            PasidCacheType when Options.ScalableMode => true,
            PasidIotlbType => Checked(d, PasidIotlbReservedLow, PasidIotlbReservedHigh, true, "vtd_process_piotlb_desc", "piotlb inv") && PasidIotlbGranularity(d),
            WaitType => Wait(d),
            InterruptEntryCacheType => Checked(d, InterruptEntryCacheReserved, ulong.MaxValue, false, "vtd_process_inv_iec_desc", "iec inv"),
            DevicePasidIotlbType => Checked(d, DevicePasidIotlbReservedLow, DevicePasidIotlbReservedHigh, true, "vtd_process_device_piotlb_desc", "device piotlb inv"),
            DeviceIotlbType => Checked(d, DeviceIotlbReservedLow, DeviceIotlbReservedHigh, false, "vtd_process_device_iotlb_desc", "dev-iotlb inv"),
            _ => UnknownType(d),
        };
        if (!done)
        {
            return false;
        }

        Invalidate(type, d);
        queueHead = queueHead + 1 == queueEntries ? 0 : queueHead + 1;
        return true;
    }

    // QEMU's vtd_process_context_cache_desc, vtd_process_iotlb_desc and vtd_process_piotlb_desc: what a valid descriptor drops.
    private void Invalidate(int type, ReadOnlySpan<ulong> d)
    {
        int granularity = (int)((d[0] >> 4) & 3);
        switch (type)
        {
            case ContextCacheType when granularity == 3:
                InvalidateContextDevice((ushort)(d[0] >> 32), (int)((d[0] >> 48) & 3));
                break;
            case ContextCacheType:
                InvalidateContextGlobal();
                break;
            case IotlbType when granularity == 1:
                iotlb.Clear();
                break;
            case IotlbType when granularity == 2:
                InvalidateIotlbDomain((ushort)(d[0] >> 16));
                break;
            case IotlbType:
                InvalidateIotlbPage((ushort)(d[0] >> 16), d[1] & ~0xfffUL, (int)(d[1] & AddressMaskField));
                break;
            case PasidIotlbType when granularity == 2:
                InvalidateIotlbPasid((ushort)(d[0] >> 16), (uint)((d[0] >> 32) & 0xfffff));
                break;
            case PasidIotlbType:
                InvalidatePasidIotlbPage((ushort)(d[0] >> 16), (uint)((d[0] >> 32) & 0xfffff), d[1] & ~0xfffUL, (int)(d[1] & 0x3f));
                break;

        }
    }

    // Global, domain and page granularity; a page one's address mask no more than MAMV.
    private bool IotlbDescriptorGranularity(ReadOnlySpan<ulong> d)
    {
        switch ((d[0] >> 4) & 3)
        {
            case 1 or 2:
                return true;
            case 3 when (d[1] & AddressMaskField) <= MaxAddressMaskValue:
                return true;
            case 3:
                ReportOnce("vtd_process_iotlb_desc/am",
                    $"vtd_process_iotlb_desc: invalid iotlb inv desc: hi=0x{d[1]:x}, lo=0x{d[0]:x} (am={d[1] & AddressMaskField} > VTD_MAMV={MaxAddressMaskValue})");
                return false;
            default:
                return false;
        }
    }

    // PASID-selective and page granularity only.
    private bool PasidIotlbGranularity(ReadOnlySpan<ulong> d)
    {
        if (((d[0] >> 4) & 3) >= 2)
        {
            return true;
        }

        ReportOnce("vtd_process_piotlb_desc/type", $"vtd_process_piotlb_desc: invalid piotlb inv desc: hi=0x{d[1]:x}, lo=0x{d[0]:x} (type mismatch: 0x{d[0] & 0x30:x})");
        return false;
    }

    // QEMU's vtd_process_inv_desc for a type it does not know (and PASID-cache outside scalable mode).
    private bool UnknownType(ReadOnlySpan<ulong> d)
    {
        ReportOnce("vtd_process_inv_desc/type", $"vtd_process_inv_desc: invalid inv desc: hi={d[1]:x}, lo={d[0]:x} (unknown type)");
        return false;
    }

    // QEMU's vtd_inv_desc_reserved_check: in a 256-bit queue all four quadwords (the upper two
    // wholly reserved), in a 128-bit one the two, where a 256-bit-only descriptor is refused.
    // Valid, and QEMU's text for each refusal (each time: error_report): reserved bits in either
    // form, a 256-bit-only descriptor in a 128-bit queue.
    private bool Checked(ReadOnlySpan<ulong> d, ulong reservedLow, ulong reservedHigh, bool wideOnly, string function, string name)
    {
        if (Valid(d, reservedLow, reservedHigh, wideOnly))
        {
            return true;
        }

        ErrorReport?.Invoke(wideDescriptors
            ? $"{function}: invalid {name} desc val[3]: 0x{d[3]:x} val[2]: 0x{d[2]:x} val[1]=0x{d[1]:x} val[0]=0x{d[0]:x} (reserved nonzero)\n"
            : wideOnly
                ? $"{function}: 256-bit {name} desc in 128-bit invalidation queue\n"
                : $"{function}: invalid {name} desc: hi={d[1]:x}, lo={d[0]:x} (reserved nonzero)\n");
        return false;
    }

    private bool Valid(ReadOnlySpan<ulong> d, ulong reservedLow, ulong reservedHigh, bool wideOnly)
    {
        if (wideDescriptors)
        {
            return (d[0] & reservedLow) == 0 && (d[1] & reservedHigh) == 0 && d[2] == 0 && d[3] == 0;
        }

        return !wideOnly && (d[0] & reservedLow) == 0 && (d[1] & reservedHigh) == 0;
    }

    // QEMU 10.0's vtd_process_wait_desc: a status write (its data to the address in the second
    // quadword) or an interrupt; neither (the fence flag alone too) is refused.
    private bool Wait(ReadOnlySpan<ulong> d)
    {
        if (!Checked(d, WaitReservedLow, WaitReservedHigh, false, "vtd_process_wait_desc", "wait"))
        {
            return false;
        }

        if ((d[0] & WaitStatusWrite) != 0)
        {
            return DmaWrite(d[1], (uint)(d[0] >> 32));
        }

        if ((d[0] & WaitInterrupt) != 0)
        {
            CompletionEvent();
            return true;
        }

        ReportOnce("vtd_process_wait_desc/type", $"vtd_process_wait_desc: invalid wait desc: hi={d[1]:x}, lo={d[0]:x} (unknown type)");
        return false;
    }

    // QEMU's vtd_generate_completion_event: ICS.IWC, then the invalidation event (skipped while IWC is still set).
    private void CompletionEvent()
    {
        if ((RawLong(InvalidationCompletionStatus) & WaitCompletion) != 0)
        {
            return;
        }

        ChangeLong(InvalidationCompletionStatus, 0, WaitCompletion);
        RaiseEvent(InvalidationEventControl);
    }

    // QEMU's vtd_handle_fsts_write: IP cleared once no status bit is left.
    private void FaultStatusWritten()
    {
        if ((RawLong(FaultEventControl) & InterruptPending) != 0
            && (RawLong(FaultStatus) & (PendingPrimaryFault | PrimaryFaultOverflow | InvalidationQueueError)) == 0)
        {
            ChangeLong(FaultEventControl, InterruptPending, 0);
        }
    }

    // QEMU's vtd_handle_fectl_write and vtd_handle_iectl_write: unmasked with IP set, the message goes and IP clears.
    private void FaultEventControlWritten() => PendingEventUnmasked(FaultEventControl);

    private void InvalidationEventControlWritten() => PendingEventUnmasked(InvalidationEventControl);

    private void PendingEventUnmasked(int control)
    {
        uint value = RawLong(control);
        if ((value & InterruptPending) != 0 && (value & InterruptMask) == 0)
        {
            SendEventMessage(control + 8, control + 4);
            ChangeLong(control, InterruptPending, 0);
        }
    }

    // QEMU's vtd_handle_ics_write: IP cleared with IWC.
    private void CompletionStatusWritten()
    {
        if ((RawLong(InvalidationEventControl) & InterruptPending) != 0 && (RawLong(InvalidationCompletionStatus) & WaitCompletion) == 0)
        {
            ChangeLong(InvalidationEventControl, InterruptPending, 0);
        }
    }

    // The descriptor at the head: 16 or 32 bytes of guest memory; false where nothing answers.
    private bool ReadDescriptor(Span<ulong> d)
    {
        d.Clear();
        ulong address = queueBase + (queueHead * (wideDescriptors ? 32UL : 16UL));
        int words = wideDescriptors ? 4 : 2;
        if (Dma is null || !Reaches(address, 8 * words))
        {
            return false;
        }

        for (int i = 0; i < words; i++)
        {
            d[i] = Dma.Read(address + (ulong)(8 * i), 8);
        }

        return true;
    }

    // One 4-byte write, as QEMU's dma_memory_write of the status word: a write the re-entrancy
    // guard drops fails as in QEMU (a status write to a device whose own handlers are running),
    // and the descriptor is not done.
    private bool DmaWrite(ulong address, uint value) =>
        Dma is not null && Reaches(address, sizeof(uint)) && Dma.TryWrite(address, value, sizeof(uint));

    // Whether something answers every byte of the range (QEMU's DMA to unassigned memory fails).
    private bool Reaches(ulong address, int length)
    {
        foreach (var (start, region) in Dma!.Mappings)
        {
            if (address >= start && address - start < region.Size && region.Size - (address - start) >= (ulong)length)
            {
                return true;
            }
        }

        return false;
    }
}
