namespace QomSharp;

/// <summary>
/// The name table's entry of a type registered on its own (<see cref="QomContext.RegisterType"/>),
/// which comes with its record. A module's types have no entry: they are found in the module's
/// sorted table, and their classes are kept in one array per module and context.
/// </summary>
internal sealed class QomTypeEntry(QomTypeInfo info)
{
    /// <summary>
    /// The type's name. The name table may replace it with an equal string (the one a caller looks
    /// the type up with), so that the next look-up with that string is a reference compare.
    /// </summary>
    public string Key = info.Name;

    public readonly int Hash = QomNameTable.Hash(info.Name);

    /// <summary>The registration record.</summary>
    public readonly QomTypeInfo Info = info;

    /// <summary>The class, once built.</summary>
    public QomClass? Class;

    /// <inheritdoc/>
    public override string ToString() => Key;
}
