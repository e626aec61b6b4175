using System.Text.Json.Serialization;

namespace QomSharp.Fuzz.Tests;

/// <summary>Serialises crash inputs as JSON strings (escapes show every character).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class FuzzJson : JsonSerializerContext;
