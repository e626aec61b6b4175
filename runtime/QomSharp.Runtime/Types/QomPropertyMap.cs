using System;

namespace QomSharp;

/// <summary>A class's flattened name → class-property map, valid for one property generation.</summary>
internal sealed class QomPropertyMap(int generation)
{
    private readonly QomNameTable<QomProperty> table = new();

    public int Generation { get; } = generation;

    public void Add(QomProperty property) => table.TryAdd(property.Name, property);

    public QomProperty? Find(ReadOnlySpan<char> name) => table.Find(name);

    public QomProperty? Find(string name) => table.Find(name);
}
