using System;
using System.Text.Json.Nodes;

namespace QomSharp;

/// <summary>
/// A string property: type <c>str</c> for declared (qdev) properties, <c>string</c> for QOM's own
/// (<c>object_property_add_str</c>). An unset value reads as <c>""</c>, as QEMU's do.
/// </summary>
/// <remarks>A generated property also gives its <see cref="QomPropertyWriter"/> (<paramref name="writer"/>).</remarks>
public sealed class QomStringProperty(string name, Func<QomObject, string?>? getter, Action<QomObject, string?>? setter, string? defaultValue = null, string? description = null, bool isStatic = false, string type = "str", QomPropertyWriter? writer = null)
    : QomFieldProperty<string?>(name, type, getter, setter, description, isStatic, writer)
{
    /// <inheritdoc/>
    public override JsonNode? DefaultValue => defaultValue is null ? null : JsonValue.Create(defaultValue);

    /// <inheritdoc/>
    protected internal override JsonNode? Read(QomObject obj) => JsonValue.Create(GetValue(obj) ?? string.Empty);

    /// <inheritdoc/>
    protected internal override void Write(QomObject obj, in QomInput input) => Store(obj, ConvertInput(input));

    /// <summary>The value a write of <paramref name="input"/> stores (QEMU's <c>visit_type_str</c>).</summary>
    public string ConvertInput(in QomInput input) => input.ReadString(Name);
}
