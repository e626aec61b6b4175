using System;
using System.ComponentModel;

namespace QomSharp;

/// <summary>
/// Written by the generator: the property names code passes to anything that adds properties by
/// hand (a <see cref="QomProperty"/> constructor, <see cref="QomObject.AddChild"/>, a helper of the
/// same assembly taking or returning QOM objects, classes or properties). On a QOM class: the names
/// its own code adds; on the assembly: the names added elsewhere and every child name. Read only at
/// compile time: with it, the analyzers of a referencing assembly know every property a referenced
/// QOM type can have and report unknown names. Nothing reads it at run time.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class QomAddedPropertyNamesAttribute(params string[] names) : Attribute
{
    /// <summary>The names, sorted ordinally.</summary>
    public string[] Names { get; } = names;
}
