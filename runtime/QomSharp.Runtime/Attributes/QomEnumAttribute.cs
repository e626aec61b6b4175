using System;

namespace QomSharp;

/// <summary>
/// Makes a C# enum usable as a QOM enum property type. The QOM type string is <see cref="Name"/>
/// (QEMU's QAPI enum name, e.g. <c>OnOffAuto</c>); member names come from
/// <see cref="QomEnumValueAttribute"/> or, by default, the member name in kebab-case.
/// </summary>
[AttributeUsage(AttributeTargets.Enum, Inherited = false, AllowMultiple = false)]
public sealed class QomEnumAttribute(string name) : Attribute
{
    /// <summary>The QOM type string of the enum.</summary>
    public string Name { get; } = name;
}

/// <summary>The name of one enum member as QEMU spells it (<c>on</c>, <c>scalable</c>).</summary>
[AttributeUsage(AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class QomEnumValueAttribute(string name) : Attribute
{
    /// <summary>The member's QOM name.</summary>
    public string Name { get; } = name;
}
