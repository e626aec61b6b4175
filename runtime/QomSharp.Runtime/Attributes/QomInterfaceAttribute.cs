using System;

namespace QomSharp;

/// <summary>
/// Declares a C# interface as a QOM interface type. Its QOM parent is the first base interface that is
/// itself a QOM interface, else the root interface type <c>interface</c>. A QOM type implements the
/// QOM interfaces that its C# class implements directly; the ones of its base class are inherited.
/// </summary>
[AttributeUsage(AttributeTargets.Interface, Inherited = false, AllowMultiple = false)]
public sealed class QomInterfaceAttribute(string name) : Attribute
{
    /// <summary>The QOM type name of the interface.</summary>
    public string Name { get; } = name;

    /// <summary>
    /// The interface's class struct (a <see cref="QomClass"/> subclass with a public parameterless
    /// constructor, deriving from the parent interface's if that names one), as QOM interfaces carry
    /// class data. Each class implementing the interface gets its own copy, which its class init
    /// reaches with <c>klass.DynamicCast("name")</c> and fills in.
    /// </summary>
    public Type? ClassType { get; set; }
}
