using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace QomSharp;

/// <summary>
/// One value on its way into a property, with the conversion rules and error texts of the input
/// path it came by (QEMU's input visitors). Typed values (<see cref="FromBool"/>, <see cref="FromInt"/>,
/// ...) follow the typed JSON path, as QEMU's <c>object_property_set_int</c> and friends do.
/// </summary>
public readonly struct QomInput
{
    private enum Native : byte { None, Bool, Int, UInt, Str, Null }

    // A slice of the caller's text (e.g. of a whole -device string): no copy until a string property stores it.
    private readonly string? text;
    private readonly int textStart;
    private readonly int textLength;
    private readonly JsonElement json;
    private readonly Native native;
    private readonly ulong bits;
    private readonly string? fieldName;

    private QomInput(QomInputKind kind, string? text, JsonElement json, Native native, ulong bits, string? fieldName = null)
        : this(kind, text, 0, text?.Length ?? 0, json, native, bits, fieldName)
    {
    }

    private QomInput(QomInputKind kind, string? text, int textStart, int textLength, JsonElement json, Native native, ulong bits, string? fieldName)
    {
        Kind = kind;
        this.text = text;
        this.textStart = textStart;
        this.textLength = textLength;
        this.json = json;
        this.native = native;
        this.bits = bits;
        this.fieldName = fieldName;
    }

    private ReadOnlySpan<char> Text => text.AsSpan(textStart, textLength);

    // A keyval dictionary or list rather than one of its string leaves.
    private bool IsKeyvalTree => Kind == QomInputKind.Keyval && text is null;

    // The text as a string: the caller's own string when the slice is all of it.
    private string TextString => textStart == 0 && textLength == (text?.Length ?? 0) ? text ?? string.Empty : text!.Substring(textStart, textLength);

    /// <summary>The name QEMU's visitor gives this value in errors (<c>boot.menu</c>, <c>smp-cache[0]</c>), when it is a member or element.</summary>
    public string? FieldName => fieldName;

    /// <summary>The input path.</summary>
    public QomInputKind Kind { get; }

    /// <summary>A string for the string input visitor (QEMU's <c>object_property_parse</c>).</summary>
    public static QomInput FromString(string value) => new(QomInputKind.String, value ?? throw new ArgumentNullException(nameof(value)), default, Native.None, 0);

    /// <summary>A slice of a larger string for the string input visitor; it is copied only if a string property keeps it.</summary>
    public static QomInput FromString(ReadOnlyMemory<char> value) => MemoryMarshal.TryGetString(value, out string? whole, out int start, out int length)
        ? new(QomInputKind.String, whole, start, length, default, Native.None, 0, null)
        : new(QomInputKind.String, value.ToString(), default, Native.None, 0);

    /// <summary>
    /// <paramref name="length"/> characters of <paramref name="text"/> from <paramref name="start"/>
    /// for the string input visitor; they are copied only if a string property keeps them.
    /// </summary>
    public static QomInput FromString(string text, int start, int length) =>
        new(QomInputKind.String, CheckSlice(text, start, length), start, length, default, Native.None, 0, null);

    /// <summary>A string leaf of a keyval dictionary (<c>-device</c>/<c>-object</c> key=value).</summary>
    public static QomInput FromKeyval(string value) => new(QomInputKind.Keyval, value ?? throw new ArgumentNullException(nameof(value)), default, Native.None, 0);

    /// <summary>
    /// A keyval dictionary or list (<c>-machine boot.menu=on</c>: the object under <c>boot</c>),
    /// given as JSON whose leaves are the option's strings: read as a struct or list, its leaves by
    /// the keyval rules; read as a scalar, it is QEMU's <c>Parameters 'NAME.*' are unexpected</c>.
    /// </summary>
    public static QomInput FromKeyvalTree(JsonElement tree) => tree.ValueKind is JsonValueKind.Object or JsonValueKind.Array
        ? new(QomInputKind.Keyval, null, tree, Native.None, 0)
        : throw new ArgumentException("a keyval tree is an object or an array", nameof(tree));

    /// <summary>
    /// <paramref name="length"/> characters of <paramref name="text"/> from <paramref name="start"/>
    /// as a keyval string leaf; they are copied only if a string property keeps them.
    /// </summary>
    public static QomInput FromKeyval(string text, int start, int length) =>
        new(QomInputKind.Keyval, CheckSlice(text, start, length), start, length, default, Native.None, 0, null);

    // A string or keyval slice whose bounds the caller has checked.
    internal static QomInput FromSlice(QomInputKind kind, string text, int start, int length) =>
        new(kind, text, start, length, default, Native.None, 0, null);

    private static string CheckSlice(string text, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((ulong)(uint)start + (uint)length, (ulong)(uint)text.Length, nameof(length));
        return text;
    }

    /// <summary>A JSON value (QMP <c>qom-set</c>, <c>object-add</c>, <c>-device {json}</c>).</summary>
    public static QomInput FromJson(JsonElement value) => new(QomInputKind.Json, null, value, Native.None, 0);

    /// <summary>A typed boolean.</summary>
    public static QomInput FromBool(bool value) => new(QomInputKind.Json, null, default, Native.Bool, value ? 1UL : 0UL);

    /// <summary>A typed signed integer.</summary>
    public static QomInput FromInt(long value) => new(QomInputKind.Json, null, default, Native.Int, unchecked((ulong)value));

    /// <summary>A typed unsigned integer.</summary>
    public static QomInput FromUInt(ulong value) => new(QomInputKind.Json, null, default, Native.UInt, value);

    /// <summary>A typed string; null is JSON null.</summary>
    public static QomInput FromStr(string? value) => value is null
        ? new(QomInputKind.Json, null, default, Native.Null, 0)
        : new(QomInputKind.Json, value, default, Native.Str, 0);

    /// <summary>
    /// Whether the value is a string: every string or keyval input, or a JSON string. Properties of
    /// alternate types (QEMU's PCI <c>addr</c>, int or str) pick their parse path by it.
    /// </summary>
    public bool HoldsString => (Kind != QomInputKind.Json && !IsKeyvalTree) || native == Native.Str || (native == Native.None && json.ValueKind == JsonValueKind.String);

    /// <summary>Whether the value is a JSON number (the other branch of an int-or-str alternate).</summary>
    public bool HoldsNumber => Kind == QomInputKind.Json && (native is Native.Int or Native.UInt || (native == Native.None && json.ValueKind == JsonValueKind.Number));

    /// <summary>Reads a boolean (QEMU's <c>visit_type_bool</c>).</summary>
    public bool ReadBool(string name)
    {
        name = fieldName ?? name;
        if (Kind != QomInputKind.Json)
        {
            return QomValueText.ParseBool(name, KeyvalText(name));
        }

        if (native == Native.Bool)
        {
            return bits != 0;
        }

        if (native == Native.None && json.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return json.ValueKind == JsonValueKind.True;
        }

        throw InvalidType(name, "boolean");
    }

    /// <summary>Reads a signed 64-bit integer (QEMU's <c>visit_type_int64</c>).</summary>
    public long ReadInt64(string name)
    {
        name = fieldName ?? name;
        switch (Kind)
        {
            case QomInputKind.String:
                return QomValueText.TryParseInt64(Text, out long s) ? s : throw Expects(name, "int64");
            case QomInputKind.Keyval:
                return QomValueText.TryParseInt64(KeyvalText(name), out long k) ? k : throw Expects(name, "integer");
        }

        switch (native)
        {
            case Native.Int:
                return unchecked((long)bits);
            case Native.UInt when bits <= long.MaxValue:
                return (long)bits;
            case Native.None when json.ValueKind == JsonValueKind.Number && json.TryGetInt64(out long j):
                return j;
            default:
                throw InvalidType(name, "integer");
        }
    }

    /// <summary>
    /// Reads an unsigned 64-bit integer (QEMU's <c>visit_type_uint64</c>); negative values wrap, as
    /// QEMU accepts them for backward compatibility.
    /// </summary>
    public ulong ReadUInt64(string name)
    {
        name = fieldName ?? name;
        switch (Kind)
        {
            case QomInputKind.String:
                return QomValueText.TryParseUInt64(Text, out ulong s) ? s : throw Expects(name, "uint64");
            case QomInputKind.Keyval:
                return QomValueText.TryParseUInt64(KeyvalText(name), out ulong k) ? k : throw Expects(name, "integer");
        }

        switch (native)
        {
            case Native.UInt:
            case Native.Int:
                return bits;
            case Native.None when json.ValueKind == JsonValueKind.Number:
                if (json.TryGetUInt64(out ulong u))
                {
                    return u;
                }

                if (json.TryGetInt64(out long i))
                {
                    return unchecked((ulong)i);
                }

                break;
        }

        throw Expects(name, "uint64");
    }

    /// <summary>Reads a size (QEMU's <c>visit_type_size</c>): suffixes on the string paths, uint64 on JSON.</summary>
    public ulong ReadSize(string name)
    {
        name = fieldName ?? name;
        switch (Kind)
        {
            case QomInputKind.String:
                return QomValueText.ParseOptionSize(name, TextString);
            case QomInputKind.Keyval:
                return QomValueText.TryParseSize(KeyvalText(name), out ulong k) == QomValueText.SizeResult.Ok ? k : throw Expects(name, "size");
            default:
                return ReadUInt64(name);
        }
    }

    /// <summary>Reads a string (QEMU's <c>visit_type_str</c>).</summary>
    public string ReadString(string name)
    {
        name = fieldName ?? name;
        if (Kind != QomInputKind.Json)
        {
            return IsKeyvalTree ? throw KeyvalTreeUnexpected(name) : TextString;
        }

        if (native == Native.Str)
        {
            return TextString;
        }

        if (native == Native.None && json.ValueKind == JsonValueKind.String)
        {
            return json.GetString()!;
        }

        throw InvalidType(name, "string");
    }

    /// <summary>
    /// Reads a list (QEMU's <c>visit_start_list</c>): the elements of a JSON array, each an input
    /// named <c>name[i]</c> as QEMU's visitor names list elements. Anything else is refused.
    /// </summary>
    public IReadOnlyList<QomInput> ReadList(string name)
    {
        name = fieldName ?? name;
        bool keyval = IsKeyvalTree;
        if ((Kind != QomInputKind.Json && !keyval) || native != Native.None || json.ValueKind != JsonValueKind.Array)
        {
            throw InvalidType(name, "array");
        }

        var elements = new List<QomInput>(json.GetArrayLength());
        foreach (JsonElement element in json.EnumerateArray())
        {
            // QEMU names an element name[i]; the keyval visitor, whose lists come from name.i keys, name.i.
            string elementName = keyval ? $"{name}.{elements.Count}" : $"{name}[{elements.Count}]";
            elements.Add(keyval ? KeyvalMember(element, elementName) : new QomInput(QomInputKind.Json, null, element, Native.None, 0, elementName));
        }

        return elements;
    }

    /// <summary>
    /// Reads a struct's members (QEMU's <c>visit_start_struct</c>): the members of a JSON object in
    /// order, each an input named <c>name.member</c>. Anything else is refused.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, QomInput>> ReadObject(string name)
    {
        name = fieldName ?? name;
        bool keyval = IsKeyvalTree;
        if ((Kind != QomInputKind.Json && !keyval) || native != Native.None || json.ValueKind != JsonValueKind.Object)
        {
            throw InvalidType(name, "object");
        }

        var members = new List<KeyValuePair<string, QomInput>>();
        foreach (JsonProperty member in json.EnumerateObject())
        {
            string memberName = $"{name}.{member.Name}";
            members.Add(new(member.Name, keyval ? KeyvalMember(member.Value, memberName) : new QomInput(QomInputKind.Json, null, member.Value, Native.None, 0, memberName)));
        }

        return members;
    }

    /// <summary>Reads an enum member by its exact name (QEMU's <c>visit_type_enum</c>).</summary>
    public TEnum ReadEnum<TEnum>(string name, QomEnumTable<TEnum> table) where TEnum : struct, Enum
    {
        // The string is read under the visitor's name (an alias's); the member check, like QEMU's
        // input_type_enum, names the property being set.
        string member = ReadString(name);
        return table.TryParse(member, out var value)
            ? value
            : throw NotAMember(name, member);
    }

    // Out of line: a successful enum read should not pay for the message's formatter frame.
    private static QomException NotAMember(string name, string member) => new($"Parameter '{name}' does not accept value '{member}'");

    /// <summary>
    /// The range check of QEMU's narrower integer visitors (<c>Parameter '%s' expects uint8_t</c>).
    /// It names the property being set, not an alias forwarding to it: QEMU checks the width after
    /// the forwarding visitor, with the target's name.
    /// </summary>
    public QomException OutOfRange(string name, string cTypeName) => Expects(name, cTypeName);

    /// <summary>
    /// The same value reported under another parameter name (an alias forwarding to its target).
    /// An input already renamed keeps its name: through a chain of aliases, the outermost is named.
    /// </summary>
    public QomInput Renamed(string name) => new(Kind, text, textStart, textLength, json, native, bits, fieldName ?? name);

    // A member of a keyval tree: a string leaf, or a tree of its own.
    private static QomInput KeyvalMember(JsonElement value, string name) => value.ValueKind == JsonValueKind.String
        ? new QomInput(QomInputKind.Keyval, value.GetString()!, default, Native.None, 0, name)
        : new QomInput(QomInputKind.Keyval, null, value, Native.None, 0, name);

    // A keyval leaf's text; a tree where a scalar is wanted is QEMU's keyval visitor's error.
    private ReadOnlySpan<char> KeyvalText(string name) => IsKeyvalTree ? throw KeyvalTreeUnexpected(name) : Text;

    private static QomException KeyvalTreeUnexpected(string name) => new($"Parameters '{name}.*' are unexpected");

    private static QomException Expects(string name, string what) => new($"Parameter '{name}' expects {what}");

    private static QomException InvalidType(string name, string expected) => new($"Invalid parameter type for '{name}', expected: {expected}");

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        QomInputKind.Json when native == Native.None => json.GetRawText(),
        QomInputKind.Keyval when text is null => json.GetRawText(),
        QomInputKind.Json => native switch
        {
            Native.Bool => bits != 0 ? "true" : "false",
            Native.Int => unchecked((long)bits).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Native.UInt => bits.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Native.Null => "null",
            _ => TextString,
        },
        _ => TextString,
    };
}
