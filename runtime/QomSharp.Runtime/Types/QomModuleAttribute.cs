using System;

namespace QomSharp;

/// <summary>
/// Names an assembly's generated QOM module. Read only at compile time: the generator of a
/// referencing assembly lists the module among its dependencies, and the analyzers find the
/// referenced QOM types through it. Nothing reads it at run time.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class QomModuleAttribute(Type moduleType) : Attribute
{
    /// <summary>The generated <see cref="QomModule"/> subclass.</summary>
    public Type ModuleType { get; } = moduleType;
}
