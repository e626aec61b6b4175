using System;
using System.Text.Json.Nodes;

namespace QomSharp;

/// <summary>
/// QEMU's <c>size32</c> qdev property: type <c>size</c> (suffixes k, M, G, ...), stored in 32 bits;
/// a larger value is refused with QEMU's text.
/// </summary>
public sealed class QomSize32Property(string name, Func<QomObject, uint> getter, Action<QomObject, uint> setter, uint? defaultValue = null, string? description = null)
    : QomFieldProperty<uint>(name, "size", getter, setter, description, isStatic: true)
{
    /// <inheritdoc/>
    public override JsonNode? DefaultValue => defaultValue is { } d ? JsonValue.Create((ulong)d) : null;

    /// <inheritdoc/>
    protected internal override JsonNode? Read(QomObject obj) => JsonValue.Create((ulong)GetValue(obj));

    /// <inheritdoc/>
    protected internal override bool TryReadInt64(QomObject obj, out long value)
    {
        value = GetValue(obj);
        return true;
    }

    /// <inheritdoc/>
    protected internal override void Write(QomObject obj, in QomInput input)
    {
        ulong value = input.ReadSize(Name);
        if (value > uint.MaxValue)
        {
            throw new QomException($"Property {obj.TypeName}.{Name} doesn't take value {value} (maximum: {uint.MaxValue})");
        }

        Store(obj, (uint)value);
    }
}
