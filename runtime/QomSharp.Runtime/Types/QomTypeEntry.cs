namespace QomSharp;

/// <summary>
/// One registered type in one context: the name table's entry and what the type's class refers
/// to. A module's type is entered on first use with nothing decoded but its name (its parent,
/// flags and interfaces are read from the module's table when its class is built), and its
/// <see cref="QomTypeInfo"/> is made only when asked for; a type registered on its own, or an
/// interface implementation class, brings its record (<see cref="QomRecordedTypeEntry"/>).
/// </summary>
internal class QomTypeEntry
{
    public QomTypeEntry(string key, QomModule module, int index)
    {
        Key = key;
        Hash = QomNameTable.Hash(key);
        Module = module;
        Index = index;
    }

    /// <summary>
    /// The type's name. The name table may replace it with an equal string (the one a caller looks
    /// the type up with), so that the next look-up with that string is a reference compare.
    /// </summary>
    public string Key;

    public readonly int Hash;

    /// <summary>The type's index in <see cref="Module"/>.</summary>
    public readonly int Index;

    /// <summary>The module that holds the type's code.</summary>
    public readonly QomModule Module;

    /// <summary>The class, once built.</summary>
    public QomClass? Class;

    /// <summary>The registration record, made on first use for a module's type (the module keeps it for every context).</summary>
    public virtual QomTypeInfo Info => Module.TypeAt(Index);

    /// <summary>The registration record if there is one already (a type registered on its own always has one).</summary>
    public virtual QomTypeInfo? InfoIfMade => Module.TypeIfMade(Index);

    /// <inheritdoc/>
    public override string ToString() => Key;
}

/// <summary>The entry of a type that came with its record: registered on its own, or an interface implementation class.</summary>
internal sealed class QomRecordedTypeEntry(QomTypeInfo info) : QomTypeEntry(info.Name, info.Module, info.Index)
{
    public override QomTypeInfo Info => info;

    public override QomTypeInfo? InfoIfMade => info;
}
