using System.Collections.Generic;

namespace QomSharp.Devices.Hostmem;

/// <summary>
/// The class struct of <c>memory-backend</c> (QEMU's <c>HostMemoryBackendClass</c>) with the QAPI
/// members its <c>-object</c>/<c>object-add</c> arguments follow (QEMU's <c>MemoryBackendProperties</c>
/// and the subtypes' structs that extend it).
/// </summary>
public class MemoryBackendClass : QomClass, IObjectOptionsSchema
{
    private IReadOnlyList<ObjectOptionMember> members = [];

    /// <inheritdoc/>
    public IReadOnlyList<ObjectOptionMember> OptionMembers => members;

    /// <summary>Appends a subtype's own members to its parent's (a new list: the parent's is shared).</summary>
    public void AddOptionMembers(params ObjectOptionMember[] added) => members = [.. members, .. added];
}
