using System;
using System.Text.Json.Nodes;

namespace QomSharp;

/// <summary>
/// A <c>bool</c> property. A declared (qdev static) one without a description of its own is
/// described <c>on/off</c>, as QEMU's <c>qdev_prop_bool</c> is.
/// </summary>
/// <remarks>A generated property also gives its <see cref="QomPropertyWriter"/> (<paramref name="writer"/>).</remarks>
public sealed class QomBoolProperty(string name, Func<QomObject, bool>? getter, Action<QomObject, bool>? setter, bool? defaultValue = null, string? description = null, bool isStatic = false, QomPropertyWriter? writer = null)
    : QomFieldProperty<bool>(name, "bool", getter, setter, description ?? (isStatic ? "on/off" : null), isStatic, writer)
{
    /// <inheritdoc/>
    public override JsonNode? DefaultValue => defaultValue is { } d ? JsonValue.Create(d) : null;

    /// <inheritdoc/>
    protected internal override JsonNode? Read(QomObject obj) => JsonValue.Create(GetValue(obj));

    /// <inheritdoc/>
    protected internal override void Write(QomObject obj, in QomInput input) => Store(obj, ConvertInput(input));

    /// <summary>The value a write of <paramref name="input"/> stores (QEMU's <c>visit_type_bool</c>).</summary>
    public bool ConvertInput(in QomInput input) => input.ReadBool(Name);
}
