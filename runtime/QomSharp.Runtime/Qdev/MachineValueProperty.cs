using System;
using System.Text.Json.Nodes;

namespace QomSharp.Qdev;

/// <summary>
/// A machine property whose QOM type is QEMU's own spelling (<c>uint64_t</c>, <c>int</c>,
/// <c>BootConfiguration</c>, ...): read as JSON, written through a delegate that reads the input as
/// QEMU's visitor would; without one it cannot be set.
/// </summary>
public sealed class MachineValueProperty(string name, string type, string? description, Func<Machine, JsonNode?> read, Action<Machine, QomInput>? write = null)
    : QomProperty(name, type, description)
{
    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanWrite => write is not null;

    /// <inheritdoc/>
    protected internal override JsonNode? Read(QomObject obj) => read((Machine)obj);

    /// <inheritdoc/>
    protected internal override void Write(QomObject obj, in QomInput input)
    {
        if (write is null)
        {
            throw new InvalidOperationException($"property '{Name}' cannot be set");
        }

        write((Machine)obj, input);
    }
}
