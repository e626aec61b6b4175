using System.Text.Json.Nodes;

namespace QomSharp.Devices.Hostmem;

/// <summary>
/// QEMU's <c>memory-backend-memfd</c> (backends/hostmem-memfd.c): an anonymous file, shared and
/// sealed by default, optionally on huge pages. The huge page checks follow the host's huge page
/// sizes (<see cref="HostHugePages"/>).
/// </summary>
[QomType("memory-backend-memfd")]
public sealed partial class MemoryBackendMemfd : HostMemoryBackend
{
    // memfd_create's flags (MFD_CLOEXEC, MFD_ALLOW_SEALING, MFD_HUGETLB) and the shift of the
    // huge page size's log2 (MFD_HUGE_SHIFT).
    private const uint CloseOnExec = 1;
    private const uint AllowSealing = 2;
    private const uint HugeTlb = 4;
    private const int HugeShift = 26;

    /// <summary>Whether the file is on huge pages (<c>hugetlb</c>).</summary>
    public bool HugeTlbEnabled { get; private set; }

    /// <summary>The huge page size (<c>hugetlbsize</c>); 0 for the host's default.</summary>
    public ulong HugeTlbSize { get; private set; }

    /// <summary>Whether growing and shrinking are sealed (<c>seal</c>, default on).</summary>
    public bool Seal { get; private set; } = true;

    [QomClassInit]
    private static void InitMemfdClass(MemoryBackendClass klass)
    {
        klass.AddProperty(new BackendProperty("hugetlbsize", "int", "Huge pages size (ex: 2M, 1G)", static o => JsonValue.Create(((MemoryBackendMemfd)o).HugeTlbSize),
            static (QomObject o, in QomInput v) => ((MemoryBackendMemfd)o).SetHugeTlbSize(v.ReadSize("hugetlbsize"))));
        klass.AddProperty(new QomBoolProperty("seal", static o => ((MemoryBackendMemfd)o).Seal, static (o, v) => ((MemoryBackendMemfd)o).Seal = ((MemoryBackendMemfd)o).Unchanged(v),
            description: "Seal growing & shrinking"));
        klass.AddProperty(new QomBoolProperty("hugetlb", static o => ((MemoryBackendMemfd)o).HugeTlbEnabled,
            static (o, v) => ((MemoryBackendMemfd)o).HugeTlbEnabled = ((MemoryBackendMemfd)o).Unchanged(v), description: "Use huge pages"));
        klass.AddOptionMembers(
            new("hugetlb", ObjectOptionType.Bool),
            new("hugetlbsize", ObjectOptionType.Size),
            new("seal", ObjectOptionType.Bool));
    }

    [QomInstanceInit]
    private void InitMemfd() => Share = true;

    // The setters refuse a change once the file exists.
    private bool Unchanged(bool value) => IsComplete ? throw new QomException("cannot change property value") : value;

    private void SetHugeTlbSize(ulong value)
    {
        Unchanged(false);
        if (value == 0)
        {
            throw new QomException($"Property '{TypeName}.hugetlbsize' doesn't take value '0'");
        }

        HugeTlbSize = value;
    }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>qemu_memfd_create</c> and the resize to <c>size</c>, against the host's huge page sizes.</remarks>
    protected override void CheckAllocation()
    {
        base.CheckAllocation();
        if (!HugeTlbEnabled)
        {
            return;
        }

        ulong pageSize = HugeTlbSize;
        uint flags = CloseOnExec | HugeTlb | (Seal ? AllowSealing : 0);
        if (pageSize != 0)
        {
            int shift = System.Numerics.BitOperations.TrailingZeroCount(pageSize);
            if (pageSize != 1UL << shift)
            {
                throw new QomException("Hugepage size must be a power of 2");
            }

            flags |= (uint)shift << HugeShift;
        }

        var host = HostHugePages.Read();
        ulong effective = pageSize == 0 ? host.DefaultSize : pageSize;
        if (effective == 0 || !host.Sizes.Contains(effective))
        {
            throw new QomException(System.FormattableString.Invariant($"failed to create memfd with flags 0x{flags:x}: No such device"));
        }

        if (Size % effective != 0)
        {
            throw new QomException(System.FormattableString.Invariant($"failed to resize memfd to {Size}: Invalid argument"));
        }
    }
}
