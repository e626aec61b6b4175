using System.Text.Json;

namespace QomSharp.Json;

/// <summary>One value cut from a JSON stream, or QEMU's error text for the input that did not make one.</summary>
public readonly struct QemuJsonResult
{
    private QemuJsonResult(JsonElement value, string? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The value (valid when <see cref="Error"/> is null).</summary>
    public JsonElement Value { get; }

    /// <summary>QEMU's error text, e.g. <c>JSON parse error, duplicate key</c>; null for a value.</summary>
    public string? Error { get; }

    internal static QemuJsonResult Success(JsonElement value) => new(value, null);

    internal static QemuJsonResult Failure(string error) => new(default, error);
}
