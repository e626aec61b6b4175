namespace QomSharp.Generators.Parsing;

/// <summary>The five QOM hooks a class can declare with attributes.</summary>
internal enum QomHookKind
{
    ClassInit,
    ClassBaseInit,
    InstanceInit,
    InstancePostInit,
    InstanceFinalize,
}
