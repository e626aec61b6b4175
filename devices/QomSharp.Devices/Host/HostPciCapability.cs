using System;
using System.Collections.Generic;
using System.Linq;

namespace QomSharp.Devices.Host;

/// <summary>
/// One capability structure in a host function's configuration space, as the device shows it: a
/// standard capability (offset 0x40 to 0xff; byte 0 its id) or, from 0x100, an extended one (its
/// first dword the id, version and next pointer). <see cref="Bytes"/> start with the header and
/// run to the next capability (or the end of its area); the next pointers in them do not count: the
/// capability list is the order capabilities are given in.
/// </summary>
public sealed class HostPciCapability : IEquatable<HostPciCapability>
{
    /// <summary>Where extended capabilities start (the first sits there).</summary>
    public const int ExtendedStart = 0x100;

    /// <summary>The end of an extended (PCI Express) configuration space.</summary>
    public const int ExpressEnd = 0x1000;

    private readonly byte[] bytes;

    /// <summary>A capability at <paramref name="offset"/> holding <paramref name="bytes"/> (copied).</summary>
    public HostPciCapability(int offset, IReadOnlyList<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Offset = offset;
        this.bytes = [.. bytes];
    }

    /// <summary>The capability's offset in configuration space.</summary>
    public int Offset { get; }

    /// <summary>Its bytes, header first.</summary>
    public IReadOnlyList<byte> Bytes => bytes;

    /// <summary>Whether it is an extended capability (offset 0x100 or above).</summary>
    public bool IsExtended => Offset >= ExtendedStart;

    /// <summary>The capability id: byte 0 of a standard one, the low 16 bits of an extended one's header.</summary>
    public int Id => IsExtended ? bytes[0] | (bytes[1] << 8) : bytes[0];

    /// <summary>An extended capability's version (header bits 19:16); 0 for a standard one.</summary>
    public int Version => IsExtended ? bytes[2] & 0xf : 0;

    /// <summary>What is wrong with this capability on its own, or null.</summary>
    public string? Problem()
    {
        int end = IsExtended ? ExpressEnd : ExtendedStart;
        int header = IsExtended ? 4 : 2;
        if (Offset < 0x40 || (Offset & 3) != 0)
        {
            return $"offset 0x{Offset:x} is not a dword-aligned offset past the 64-byte header";
        }

        if (bytes.Length < header || Offset + bytes.Length > end)
        {
            return $"{bytes.Length} bytes at 0x{Offset:x} do not hold a header or run past 0x{end:x}";
        }

        if (Id == 0 && !IsExtended)
        {
            return "capability id 0 is no capability";
        }

        // What vfio-pci reads of the capabilities it emulates must be there.
        int needed = IsExtended ? (Id == ResizableBarId ? 12 : 4) : Id switch { MsiId => 4, MsixId => 12, ExpressId => 4, _ => 2 };
        if (bytes.Length < needed)
        {
            return $"capability 0x{Id:x} needs at least {needed} bytes, has {bytes.Length}";
        }

        return !IsExtended && Id == MsiId && ((bytes[2] >> 1) & 7) > 5 ? "MSI multiple message capable field above 5 (32 vectors) is reserved" : null;
    }

    // The capability ids whose registers are checked.
    private const int MsiId = 0x05;
    private const int ExpressId = 0x10;
    private const int MsixId = 0x11;
    private const int ResizableBarId = 0x15;

    /// <summary>
    /// What is wrong with a capability list (each capability, overlaps, the extended list starting
    /// at 0x100), or null.
    /// </summary>
    public static string? ListProblem(IReadOnlyList<HostPciCapability> capabilities)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        var ordered = capabilities.OrderBy(c => c.Offset).ToList();
        for (int i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].Problem() is { } problem)
            {
                return $"capability at 0x{ordered[i].Offset:x}: {problem}";
            }

            if (i > 0 && ordered[i - 1].Offset + ordered[i - 1].bytes.Length > ordered[i].Offset)
            {
                return $"capability at 0x{ordered[i].Offset:x} overlaps the one at 0x{ordered[i - 1].Offset:x}";
            }
        }

        if (capabilities.Any(c => c.IsExtended) && capabilities.First(c => c.IsExtended).Offset != ExtendedStart)
        {
            return "the extended capability list does not start at 0x100";
        }

        return null;
    }

    /// <summary>
    /// The configuration space bytes from 0 to 0x100 (or 0x1000 with extended capabilities) the
    /// capabilities make, chained in the order given (standard ones from register 0x34, extended ones
    /// from 0x100); header registers other than the capability pointer are 0.
    /// </summary>
    public static byte[] Space(IReadOnlyList<HostPciCapability> capabilities)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        var space = new byte[capabilities.Any(c => c.IsExtended) ? ExpressEnd : ExtendedStart];
        HostPciCapability? previous = null;
        foreach (HostPciCapability capability in capabilities.Where(c => !c.IsExtended))
        {
            capability.bytes.CopyTo(space, capability.Offset);
            space[capability.Offset + 1] = 0;
            if (previous is null)
            {
                space[0x34] = (byte)capability.Offset;
                space[0x06] |= 0x10; // status: capability list
            }
            else
            {
                space[previous.Offset + 1] = (byte)capability.Offset;
            }

            previous = capability;
        }

        previous = null;
        foreach (HostPciCapability capability in capabilities.Where(c => c.IsExtended))
        {
            capability.bytes.CopyTo(space, capability.Offset);
            space[capability.Offset + 2] &= 0x0f;
            space[capability.Offset + 3] = 0;
            if (previous is not null)
            {
                int at = previous.Offset + 2;
                int next = capability.Offset << 4;
                space[at] = (byte)((space[at] & 0x0f) | (next & 0xf0));
                space[at + 1] = (byte)(next >> 8);
            }

            previous = capability;
        }

        return space;
    }

    /// <inheritdoc/>
    public bool Equals(HostPciCapability? other) => other is not null && Offset == other.Offset && bytes.AsSpan().SequenceEqual(other.bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as HostPciCapability);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Offset, bytes.Length, bytes.Length > 0 ? bytes[0] : 0);
}
