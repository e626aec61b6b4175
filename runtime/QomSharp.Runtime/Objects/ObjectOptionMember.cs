using System.Collections.Generic;

namespace QomSharp;

/// <summary>The QAPI type of one member of a user-creatable type's <c>ObjectOptions</c> branch.</summary>
public enum ObjectOptionType
{
    /// <summary><c>str</c>.</summary>
    String,

    /// <summary><c>bool</c>.</summary>
    Bool,

    /// <summary><c>size</c>.</summary>
    Size,

    /// <summary><c>uint32</c>.</summary>
    UInt32,

    /// <summary><c>['uint16']</c>.</summary>
    UInt16List,

    /// <summary>An enum; <see cref="ObjectOptionMember.EnumMembers"/> holds its names.</summary>
    Enum,
}

/// <summary>
/// One member of a user-creatable type's QAPI properties struct (QEMU's <c>MemoryBackendProperties</c>
/// and the like), in schema order: QEMU checks the members of an <c>-object</c> or <c>object-add</c>
/// in that order, before it creates anything.
/// </summary>
/// <param name="Name">The member (and property) name.</param>
/// <param name="Type">Its QAPI type.</param>
/// <param name="Required">Whether the member must be given (<c>Parameter 'size' is missing</c>).</param>
/// <param name="EnumMembers">The names an enum member takes.</param>
public sealed record ObjectOptionMember(string Name, ObjectOptionType Type, bool Required = false, IReadOnlyList<string>? EnumMembers = null);

/// <summary>
/// A class whose <c>-object</c>/<c>object-add</c> arguments follow a QAPI struct: the members are
/// type-checked as QEMU's visitors check them and passed on typed, in schema order. Classes without
/// one take any writable property as given.
/// </summary>
public interface IObjectOptionsSchema
{
    /// <summary>The members in schema order (the parent struct's first).</summary>
    IReadOnlyList<ObjectOptionMember> OptionMembers { get; }
}
