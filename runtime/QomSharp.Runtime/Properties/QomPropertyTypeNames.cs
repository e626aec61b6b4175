using System;
using System.Collections.Concurrent;
using System.Threading;

namespace QomSharp;

/// <summary>
/// The type string of a child or link property (<c>child&lt;T&gt;</c>, <c>link&lt;T&gt;</c>), one per
/// target type: the many children and links of one type share one string. A device's children
/// alternate between types (its memory regions, then the device itself under its container), so
/// every type's string is kept, not only the last one asked; the last is checked first, without
/// hashing. The number of types is bounded by the types registered.
/// </summary>
internal sealed class QomPropertyTypeNames(string kind)
{
    private readonly ConcurrentDictionary<string, Entry> byType = new(StringComparer.Ordinal);
    private Entry? last;

    public string Of(string typeName)
    {
        var entry = Volatile.Read(ref last);
        if (entry is not null && ReferenceEquals(entry.TypeName, typeName))
        {
            return entry.Type;
        }

        entry = byType.GetOrAdd(typeName, static (name, kind) => new Entry(name, $"{kind}<{name}>"), kind);
        Volatile.Write(ref last, entry);
        return entry.Type;
    }

    private sealed record Entry(string TypeName, string Type);
}
