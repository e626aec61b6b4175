using System;
using System.Collections.Generic;

namespace QomSharp;

/// <summary>The names of an enum's members as QEMU spells them (QEMU's <c>QEnumLookup</c>).</summary>
public sealed class QomEnumTable<TEnum> where TEnum : struct, Enum
{
    private readonly string[] names;
    private readonly TEnum[] values;

    /// <summary>Creates the table; <paramref name="names"/>[i] names <paramref name="values"/>[i].</summary>
    public QomEnumTable(string typeName, string[] names, TEnum[] values)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(values);
        if (names.Length != values.Length)
        {
            throw new ArgumentException("one name per value", nameof(names));
        }

        TypeName = typeName;
        this.names = names;
        this.values = values;
    }

    /// <summary>The QOM type string of the enum (<c>OnOffAuto</c>).</summary>
    public string TypeName { get; }

    /// <summary>The member names in declaration order.</summary>
    public IReadOnlyList<string> Names => names;

    /// <summary>Finds the member with exactly this name.</summary>
    public bool TryParse(ReadOnlySpan<char> name, out TEnum value)
    {
        for (int i = 0; i < names.Length; i++)
        {
            if (name.SequenceEqual(names[i]))
            {
                value = values[i];
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The name of a member.</summary>
    public string NameOf(TEnum value)
    {
        var comparer = EqualityComparer<TEnum>.Default;
        for (int i = 0; i < values.Length; i++)
        {
            if (comparer.Equals(values[i], value))
            {
                return names[i];
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, $"not a member of {TypeName}");
    }
}
