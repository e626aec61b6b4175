using System;

namespace QomSharp;

/// <summary>
/// Declares a QOM type. The QOM parent is the C# base class; the generator emits the registration
/// record, the property table and the hooks' dispatch for the annotated partial class.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class QomTypeAttribute(string name) : Attribute
{
    /// <summary>The QOM type name, as users name it (<c>-device NAME</c>, <c>qom-list-types</c>).</summary>
    public string Name { get; } = name;

    /// <summary>An abstract QOM type cannot be instantiated; the C# class must then be abstract too.</summary>
    public bool Abstract { get; set; }

    /// <summary>
    /// The class-struct type of this QOM type (a <see cref="QomClass"/> subclass with a public
    /// parameterless constructor). Types that do not name one share their parent's class-struct type.
    /// </summary>
    public Type? ClassType { get; set; }
}
