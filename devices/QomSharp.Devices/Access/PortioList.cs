namespace QomSharp.Devices.Access;

/// <summary>
/// A region of ports served as QEMU's port lists serve them (<c>MemoryRegionPortio</c>): each run of
/// ports answers accesses of one size; a word where a run of byte ports starts reads its two bytes
/// (0xff for a second byte past the run) and writes both (the second only inside the run); any
/// other access reads all ones and writes nothing. The region takes accesses of any alignment.
/// </summary>
public abstract class PortioList : AccessRules
{
    /// <summary>A run of <paramref name="Length"/> ports from <paramref name="Offset"/> in the region, each answering accesses of <paramref name="Size"/> bytes.</summary>
    public readonly record struct Ports(ulong Offset, ulong Length, int Size);

    private readonly Ports[] runs;

    /// <summary>The region's runs of ports.</summary>
    protected PortioList(params Ports[] runs)
        : base(validUnaligned: true, implUnaligned: true) => this.runs = runs;

    /// <summary>The read of a port at <paramref name="offset"/> in the region, of its run's size.</summary>
    protected abstract ulong PortRead(ulong offset);

    /// <summary>The write of a port at <paramref name="offset"/> in the region, of its run's size.</summary>
    protected abstract void PortWrite(ulong offset, ulong value);

    /// <inheritdoc/>
    protected sealed override ulong DeviceRead(ulong offset, int size)
    {
        if (Find(offset, size) is not null)
        {
            return PortRead(offset);
        }

        ulong allOnes = size >= 8 ? ulong.MaxValue : (1UL << (size * 8)) - 1;
        if (size != 2 || Find(offset, 1) is not { } run)
        {
            return allOnes;
        }

        ulong second = offset + 1 < run.Offset + run.Length ? (PortRead(offset + 1) & 0xff) << 8 : 0xff00;
        return (PortRead(offset) & 0xff) | second;
    }

    /// <inheritdoc/>
    protected sealed override void DeviceWrite(ulong offset, ulong value, int size)
    {
        if (Find(offset, size) is not null)
        {
            PortWrite(offset, value);
        }
        else if (size == 2 && Find(offset, 1) is { } run)
        {
            PortWrite(offset, value & 0xff);
            if (offset + 1 < run.Offset + run.Length)
            {
                PortWrite(offset + 1, value >> 8);
            }
        }
    }

    // The first run holding the port at offset with accesses of size bytes (QEMU's find_portio).
    private Ports? Find(ulong offset, int size)
    {
        foreach (var run in runs)
        {
            if (offset >= run.Offset && offset - run.Offset < run.Length && run.Size == size)
            {
                return run;
            }
        }

        return null;
    }
}
