using System;
using System.Text.Json.Nodes;

namespace QomSharp;

/// <summary>
/// A <c>bool</c> property. A declared (qdev static) one without a description of its own is
/// described <c>on/off</c>, as QEMU's <c>qdev_prop_bool</c> is.
/// </summary>
public sealed class QomBoolProperty(string name, Func<QomObject, bool>? getter, Action<QomObject, bool>? setter, bool? defaultValue = null, string? description = null, bool isStatic = false)
    : QomFieldProperty<bool>(name, "bool", getter, setter, description ?? (isStatic ? "on/off" : null), isStatic)
{
    /// <inheritdoc/>
    public override JsonNode? DefaultValue => defaultValue is { } d ? JsonValue.Create(d) : null;

    /// <inheritdoc/>
    protected internal override JsonNode? Read(QomObject obj) => JsonValue.Create(GetValue(obj));

    /// <inheritdoc/>
    protected internal override void Write(QomObject obj, in QomInput input) => Store(obj, input.ReadBool(Name));
}
