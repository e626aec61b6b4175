using System;
using System.Text.Json.Nodes;

namespace QomSharp.Devices.Hostmem;

/// <summary>Stores a value read from a property's input (the input is passed by reference).</summary>
internal delegate void BackendPropertyWriter(QomObject obj, in QomInput input);

/// <summary>
/// A backend property whose QOM type differs from the typed helpers' (QEMU declares <c>size</c>,
/// <c>prealloc-threads</c>, <c>host-nodes</c>, <c>align</c>, ... as <c>int</c> and visits them as a
/// size, a uint32 or a list).
/// </summary>
internal sealed class BackendProperty(string name, string type, string? description, Func<QomObject, JsonNode?> read, BackendPropertyWriter write)
    : QomProperty(name, type, description)
{
    public override bool CanRead => true;

    public override bool CanWrite => true;

    protected override JsonNode? Read(QomObject obj) => read(obj);

    protected override void Write(QomObject obj, in QomInput input) => write(obj, input);
}
