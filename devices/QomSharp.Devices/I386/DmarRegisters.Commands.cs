namespace QomSharp.Devices.I386;

public sealed partial class DmarRegisters
{
    // GCMD bits and the GSTS bits that report them.
    private const uint TranslationEnable = 1u << 31, SetRootTablePointer = 1u << 30, QueuedInvalidationEnable = 1u << 26,
        InterruptRemappingEnable = 1u << 25, SetInterruptRemapTablePointer = 1u << 24;

    // CCMD: invalidate, requested granularity (CIRG) and actual granularity (CAIG).
    private const ulong InvalidateContextCache = 1UL << 63;
    private const int ContextRequestShift = 61;
    private const ulong ContextActualMask = 3UL << 59;

    // IOTLB: invalidate, requested granularity (IIRG) and actual granularity (IAIG); IVA's address mask.
    private const ulong InvalidateIotlb = 1UL << 63;
    private const int IotlbRequestShift = 60;
    private const ulong IotlbActualMask = 3UL << 57;
    private const ulong AddressMaskField = 0x3f;
    private const int MaxAddressMaskValue = 18;

    private const ulong ScalableModeRoot = 1UL << 10;

    /// <summary>Whether translation is enabled (GSTS.TES).</summary>
    public bool TranslationEnabled { get; private set; }

    /// <summary>Whether interrupt remapping is enabled (GSTS.IRES).</summary>
    public bool InterruptRemappingEnabled { get; private set; }

    /// <summary>The root table address latched by the last SRTP (QEMU's <c>root</c>).</summary>
    public ulong RootTable { get; private set; }

    /// <summary>Whether the latched root table is a scalable-mode one (RTADDR.SMT in scalable mode).</summary>
    public bool RootScalable { get; private set; }

    /// <summary>The interrupt remapping table latched by the last SIRTP: its address, entries, and extended mode.</summary>
    public (ulong Address, uint Entries, bool Extended) InterruptRemappingTable { get; private set; }

    // The guest address width's mask less the low 12 bits (QEMU's VTD_*_ADDR_MASK).
    private ulong AddressMask => ((1UL << Options.AwBits) - 1) & ~0xfffUL;

    // QEMU's vtd_handle_gcmd_write: each command against the status it would change.
    private void GlobalCommandWritten()
    {
        uint status = RawLong(GlobalStatus), command = RawLong(GlobalCommand), changed = status ^ command;
        if ((changed & TranslationEnable) != 0 && Options.DmaTranslation)
        {
            bool enable = (command & TranslationEnable) != 0;
            if (TranslationEnabled != enable)
            {
                TranslationEnabled = enable;
                if (!enable)
                {
                    nextFaultRecord = 0;
                }

                ChangeLong(GlobalStatus, enable ? 0 : TranslationEnable, enable ? TranslationEnable : 0);
                ResetCaches();
                SwitchAllSpaces();
            }
        }

        if ((command & SetRootTablePointer) != 0)
        {
            ulong root = RawQuad(RootTableAddress);
            RootTable = root & AddressMask;
            RootScalable = Options.ScalableMode && (root & ScalableModeRoot) != 0;
            ChangeLong(GlobalStatus, 0, SetRootTablePointer);
            ResetCaches();
            SwitchAllSpaces();
        }

        if ((changed & QueuedInvalidationEnable) != 0)
        {
            QueuedInvalidationCommand((command & QueuedInvalidationEnable) != 0);
        }

        if ((command & SetInterruptRemapTablePointer) != 0)
        {
            ulong table = RawQuad(InterruptRemappingTableAddress);
            InterruptRemappingTable = (table & AddressMask, 1u << (int)((table & 0xf) + 1), (table & (1UL << 11)) != 0);
            ChangeLong(GlobalStatus, 0, SetInterruptRemapTablePointer);
        }

        if ((changed & InterruptRemappingEnable) != 0 && Options.InterruptRemapping)
        {
            InterruptRemappingEnabled = (command & InterruptRemappingEnable) != 0;
            ChangeLong(GlobalStatus, InterruptRemappingEnabled ? 0 : InterruptRemappingEnable, InterruptRemappingEnabled ? InterruptRemappingEnable : 0);
        }
    }

    // QEMU's vtd_handle_ccmd_write and vtd_handle_iotlb_write: the request done at once, its
    // bit cleared and the granularity done reported; refused while queued invalidation is on.
    private void InvalidationRequested(int register)
    {
        ulong value = RawQuad(register);
        bool context = register == ContextCommand;
        if ((value & (context ? InvalidateContextCache : InvalidateIotlb)) == 0)
        {
            return;
        }

        if (queuedInvalidation)
        {
            ReportOnce(context ? "vtd_handle_ccmd_write/qi" : "vtd_handle_iotlb_write/qi", "Queued Invalidation enabled, should not use register-based invalidation");
            return;
        }

        ulong actual = context ? ContextGranularity(value) : IotlbGranularity(value);
        if (actual == 0 && context)
        {
            ReportOnce("vtd_context_cache_invalidate", $"vtd_context_cache_invalidate: invalid context: 0x{value:x}");
        }
        else if (actual == 0 && ((value >> IotlbRequestShift) & 3) == 3)
        {
            ReportOnce("vtd_iotlb_flush/am", $"vtd_iotlb_flush: address mask overflow: 0x{RawQuad(InvalidateAddress):x}");
        }
        else if (actual == 0)
        {
            ReportOnce("vtd_iotlb_flush/granularity", $"vtd_iotlb_flush: invalid granularity: 0x{value:x}");
        }

        if (context && actual == 1UL << 59)
        {
            InvalidateContextGlobal();
        }
        else if (context && actual != 0)
        {
            InvalidateContextDevice((ushort)(value >> 16), (int)((value >> 32) & 3));
        }
        else if (!context && actual == 1UL << 57)
        {
            iotlb.Clear();
        }
        else if (!context && actual == 2UL << 57)
        {
            InvalidateIotlbDomain((ushort)(value >> 32));
        }
        else if (!context && actual != 0)
        {
            ulong iva = RawQuad(InvalidateAddress);
            InvalidateIotlbPage((ushort)(value >> 32), iva & ~0xfffUL, (int)(iva & AddressMaskField));
        }

        ChangeQuad(register, context ? InvalidateContextCache : InvalidateIotlb, 0);
        ChangeQuad(register, context ? ContextActualMask : IotlbActualMask, actual);
    }

    // Global and domain requests are done globally; device ones per device; 0 is refused.
    private static ulong ContextGranularity(ulong value) => ((value >> ContextRequestShift) & 3) switch
    {
        1 or 2 => 1UL << 59,
        3 => 3UL << 59,
        _ => 0,
    };

    // Global, domain and page requests are done as asked; a page request whose IVA mask is above MAMV, and 0, are refused.
    private ulong IotlbGranularity(ulong value) => ((value >> IotlbRequestShift) & 3) switch
    {
        1 => 1UL << 57,
        2 => 2UL << 57,
        3 => (RawQuad(InvalidateAddress) & AddressMaskField) > MaxAddressMaskValue ? 0 : 3UL << 57,
        _ => 0,
    };
}
