using System;
using System.Numerics;
using System.Text.Json.Nodes;

namespace QomSharp;

/// <summary>
/// An integer property of any width (<c>uint8</c> … <c>int64</c>, or <c>size</c> for a
/// <c>ulong</c> declared as a size). Values are read as 64-bit by the input path, then checked
/// against the width as QEMU's visitors do (<c>Parameter '%s' expects uint8_t</c>).
/// </summary>
public sealed class QomIntegerProperty<TValue> : QomFieldProperty<TValue>
    where TValue : struct, IBinaryInteger<TValue>, IMinMaxValue<TValue>
{
    private static readonly bool Signed = TValue.IsNegative(TValue.MinValue);
    private static readonly string CTypeName = TypeNames().CType;
    private static readonly long SignedMin = long.CreateTruncating(TValue.MinValue);
    private static readonly long SignedMax = long.CreateTruncating(TValue.MaxValue);
    private static readonly ulong UnsignedMax = ulong.CreateTruncating(TValue.MaxValue);
    private readonly TValue? defaultValue;
    private readonly bool isSize;

    /// <summary>
    /// Creates the property; <paramref name="isSize"/> (ulong only) selects QEMU's <c>size</c> type.
    /// A generated property also gives its <see cref="QomPropertyWriter"/> (<paramref name="writer"/>).
    /// </summary>
    public QomIntegerProperty(string name, Func<QomObject, TValue>? getter, Action<QomObject, TValue>? setter, TValue? defaultValue = null, string? description = null, bool isStatic = false, bool isSize = false, QomPropertyWriter? writer = null)
        : base(name, isSize ? "size" : TypeNames().Qom, getter, setter, description, isStatic, writer)
    {
        if (isSize && typeof(TValue) != typeof(ulong))
        {
            throw new ArgumentException("a size property is a ulong", nameof(isSize));
        }

        this.defaultValue = defaultValue;
        this.isSize = isSize;
    }

    /// <inheritdoc/>
    public override JsonNode? DefaultValue => defaultValue is { } d ? ToJson(d) : null;

    /// <inheritdoc/>
    protected internal override JsonNode? Read(QomObject obj) => ToJson(GetValue(obj));

    /// <inheritdoc/>
    protected internal override bool TryReadInt64(QomObject obj, out long value)
    {
        value = long.CreateTruncating(GetValue(obj));
        return Signed || value >= 0;
    }

    /// <inheritdoc/>
    protected internal override void Write(QomObject obj, in QomInput input) => Store(obj, ConvertInput(input));

    /// <summary>
    /// The value a write of <paramref name="input"/> stores: read as 64 bits (QEMU's
    /// <c>visit_type_int64</c>, <c>uint64</c> or <c>size</c>), then checked against the width.
    /// </summary>
    public TValue ConvertInput(in QomInput input)
    {
        if (Signed)
        {
            long raw = input.ReadInt64(Name);
            if (raw < SignedMin || raw > SignedMax)
            {
                throw input.OutOfRange(Name, CTypeName);
            }

            return TValue.CreateTruncating(raw);
        }
        else
        {
            ulong raw = isSize ? input.ReadSize(Name) : input.ReadUInt64(Name);
            if (raw > UnsignedMax)
            {
                throw input.OutOfRange(Name, CTypeName);
            }

            return TValue.CreateTruncating(raw);
        }
    }

    private static JsonNode ToJson(TValue value) => Signed
        ? JsonValue.Create(long.CreateTruncating(value))
        : JsonValue.Create(ulong.CreateTruncating(value));

    private static (string Qom, string CType) TypeNames()
    {
        // typeof comparisons on a generic parameter are resolved by the JIT/AOT compiler; no reflection.
        if (typeof(TValue) == typeof(byte)) return ("uint8", "uint8_t");
        if (typeof(TValue) == typeof(ushort)) return ("uint16", "uint16_t");
        if (typeof(TValue) == typeof(uint)) return ("uint32", "uint32_t");
        if (typeof(TValue) == typeof(ulong)) return ("uint64", "uint64_t");
        if (typeof(TValue) == typeof(sbyte)) return ("int8", "int8_t");
        if (typeof(TValue) == typeof(short)) return ("int16", "int16_t");
        if (typeof(TValue) == typeof(int)) return ("int32", "int32_t");
        if (typeof(TValue) == typeof(long)) return ("int64", "int64_t");
        throw new NotSupportedException("QOM integer properties are 8 to 64 bits wide");
    }
}
