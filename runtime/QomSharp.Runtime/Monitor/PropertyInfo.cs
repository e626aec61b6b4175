using System.Text.Json.Nodes;

namespace QomSharp.Monitor;

/// <summary>One row of <c>qom-list</c>, <c>qom-list-properties</c> or <c>device-list-properties</c> (QEMU's <c>ObjectPropertyInfo</c>).</summary>
public sealed record PropertyInfo(string Name, string Type, string? Description, JsonNode? DefaultValue);

/// <summary>One row of <c>qom-list-types</c> (QEMU's <c>ObjectTypeInfo</c>).</summary>
public sealed record TypeListEntry(string Name, string? Parent, bool IsAbstract);
