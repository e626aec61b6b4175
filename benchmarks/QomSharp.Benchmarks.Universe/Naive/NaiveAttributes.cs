using System;

namespace QomSharp.Benchmarks.Universe.Naive;

/// <summary>Names a class of the naive baseline, found by scanning assemblies with reflection.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Interface, Inherited = false)]
public sealed class NaiveTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>Names a property of the naive baseline.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class NaivePropertyAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
