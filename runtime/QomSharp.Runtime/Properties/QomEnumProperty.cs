using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace QomSharp;

/// <summary>An enum property; its type string is the enum's QOM name and its values are member names.</summary>
/// <remarks>A generated property also gives its <see cref="QomPropertyWriter"/> (<paramref name="writer"/>).</remarks>
public sealed class QomEnumProperty<TEnum>(string name, QomEnumTable<TEnum> table, Func<QomObject, TEnum>? getter, Action<QomObject, TEnum>? setter, TEnum? defaultValue = null, string? description = null, bool isStatic = false, QomPropertyWriter? writer = null)
    : QomFieldProperty<TEnum>(name, table.TypeName, getter, setter, description, isStatic, writer), IQomEnumNames
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
    protected internal override void Write(QomObject obj, in QomInput input) => Store(obj, ConvertInput(input));

    /// <summary>The value a write of <paramref name="input"/> stores (QEMU's <c>visit_type_enum</c>).</summary>
    public TEnum ConvertInput(in QomInput input) => input.ReadEnum(Name, Table);
}
