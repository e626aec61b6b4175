namespace QomSharp.Devices.I386;

/// <summary>
/// The fields of a scalable-mode PASID-table entry that decide what QEMU attaches an assigned
/// device to when <c>x-flts=on</c>: the translation type (PGTT) and, for first-stage translation,
/// the guest's table, its paging depth (FLPM) and the SRE, WPE and EAFE bits.
/// </summary>
/// <param name="TranslationType">PGTT: <see cref="FirstStage"/>, <see cref="SecondStage"/>, <see cref="Nested"/> or <see cref="PassThrough"/>.</param>
/// <param name="FirstStagePageTable">FSPTPTR: guest physical address of the first-stage table.</param>
/// <param name="FiveLevelPaging">FLPM = 1: 5-level first-stage paging (57 bits) instead of 4-level (48 bits).</param>
/// <param name="SupervisorRequests">SRE.</param>
/// <param name="WriteProtect">WPE.</param>
/// <param name="ExtendedAccessedFlag">EAFE.</param>
public readonly record struct VtdPasidEntry(
    byte TranslationType,
    ulong FirstStagePageTable = 0,
    bool FiveLevelPaging = false,
    bool SupervisorRequests = false,
    bool WriteProtect = false,
    bool ExtendedAccessedFlag = false)
{
    /// <summary>PGTT 001b: first-stage translation only.</summary>
    public const byte FirstStage = 1;
    /// <summary>PGTT 010b: second-stage translation only.</summary>
    public const byte SecondStage = 2;
    /// <summary>PGTT 011b: nested translation.</summary>
    public const byte Nested = 3;
    /// <summary>PGTT 100b: pass-through.</summary>
    public const byte PassThrough = 4;

    /// <summary>QEMU's <c>vtd_pe_get_fs_aw</c>: 48 bits, 57 with 5-level paging.</summary>
    public uint FirstStageAddressWidth => FiveLevelPaging ? 57U : 48U;
}
