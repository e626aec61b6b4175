using System;

namespace QomSharp;

/// <summary>What a registered type is and which hooks its module dispatches for it.</summary>
[Flags]
public enum QomTypeFlags
{
    /// <summary>A concrete type without hooks or properties.</summary>
    None = 0,
    /// <summary>Cannot be instantiated.</summary>
    Abstract = 1 << 0,
    /// <summary>A QOM interface type (descends from <c>interface</c>).</summary>
    Interface = 1 << 1,
    /// <summary>The module runs a class init for it.</summary>
    ClassInit = 1 << 2,
    /// <summary>The module runs a class base init for its descendants.</summary>
    ClassBaseInit = 1 << 3,
    /// <summary>The module runs an instance init for it.</summary>
    InstanceInit = 1 << 4,
    /// <summary>The module runs an instance post-init for it.</summary>
    InstancePostInit = 1 << 5,
    /// <summary>The module runs an instance finalize for it.</summary>
    InstanceFinalize = 1 << 6,
    /// <summary>The module creates class properties for it.</summary>
    Properties = 1 << 7,
    /// <summary>The module creates its class struct (it declares its own class type).</summary>
    ClassFactory = 1 << 8,
}
