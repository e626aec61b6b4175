using System.Threading;

namespace QomSharp;

/// <summary>
/// The type string of a child or link property (<c>child&lt;T&gt;</c>, <c>link&lt;T&gt;</c>) for the
/// last target type asked: the many children and links of one type that a bus or a board makes
/// in a row share one string. The entry is immutable, so threads may race on it.
/// </summary>
internal sealed class QomPropertyTypeNames(string kind)
{
    private Entry? last;

    public string Of(string typeName)
    {
        var entry = Volatile.Read(ref last);
        if (entry is not null && ReferenceEquals(entry.TypeName, typeName))
        {
            return entry.Type;
        }

        entry = new Entry(typeName, $"{kind}<{typeName}>");
        Volatile.Write(ref last, entry);
        return entry.Type;
    }

    private sealed record Entry(string TypeName, string Type);
}
