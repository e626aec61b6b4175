using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace QomSharp;

/// <summary>An enum property; its type string is the enum's QOM name and its values are member names.</summary>
public sealed class QomEnumProperty<TEnum>(string name, QomEnumTable<TEnum> table, Func<QomObject, TEnum>? getter, Action<QomObject, TEnum>? setter, TEnum? defaultValue = null, string? description = null, bool isStatic = false)
    : QomFieldProperty<TEnum>(name, table.TypeName, getter, setter, description, isStatic), IQomEnumNames
    where TEnum : struct, Enum
{
    /// <summary>The enum's member names.</summary>
    public QomEnumTable<TEnum> Table { get; } = table;

    IReadOnlyList<string> IQomEnumNames.EnumNames => Table.Names;

    /// <inheritdoc/>
    public override JsonNode? DefaultValue => defaultValue is { } d ? JsonValue.Create(Table.NameOf(d)) : null;

    /// <inheritdoc/>
    protected internal override JsonNode? Read(QomObject obj) => JsonValue.Create(Table.NameOf(GetValue(obj)));

    /// <inheritdoc/>
    protected internal override void Write(QomObject obj, in QomInput input) => Store(obj, input.ReadEnum(Name, Table));
}
