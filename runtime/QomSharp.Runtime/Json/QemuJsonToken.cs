namespace QomSharp.Json;

/// <summary>A token of one value: its kind and where its text lies in the value's buffer.</summary>
internal readonly record struct QemuJsonToken(QemuJsonTokenKind Kind, int Start, int Length);
