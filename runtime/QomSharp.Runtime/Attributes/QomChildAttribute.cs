using System;

namespace QomSharp;

/// <summary>
/// Declares a <c>child&lt;T&gt;</c> property on a partial C# property whose type is a QOM type.
/// Assigning an object (typically in instance init) adds it to the composition tree under this
/// name; the object then has this object as its one parent.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
public sealed class QomChildAttribute(string name) : Attribute
{
    /// <summary>The QOM property name, which is also the child's path component.</summary>
    public string Name { get; } = name;
}
