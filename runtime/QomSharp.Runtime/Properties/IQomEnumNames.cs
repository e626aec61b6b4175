using System.Collections.Generic;

namespace QomSharp;

/// <summary>An enum property's member names, in declaration order (QEMU's <c>EnumProperty.lookup</c>).</summary>
internal interface IQomEnumNames
{
    IReadOnlyList<string> EnumNames { get; }
}
