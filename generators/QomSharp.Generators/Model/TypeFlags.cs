using System;

namespace QomSharp.Generators.Model;

/// <summary>The generator's copy of the runtime's <c>QomSharp.QomTypeFlags</c> (same values): the module's type table holds them as numbers.</summary>
[Flags]
internal enum TypeFlags
{
    None = 0,
    Abstract = 1 << 0,
    Interface = 1 << 1,
    ClassInit = 1 << 2,
    ClassBaseInit = 1 << 3,
    InstanceInit = 1 << 4,
    InstancePostInit = 1 << 5,
    InstanceFinalize = 1 << 6,
    Properties = 1 << 7,
    ClassFactory = 1 << 8,
}
