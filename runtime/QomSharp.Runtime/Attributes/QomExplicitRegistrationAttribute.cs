using System;

namespace QomSharp;

/// <summary>
/// <c>[assembly: QomExplicitRegistration]</c>: the assembly's generated QOM module does not register
/// itself when the assembly loads (by default its module initializer adds it to
/// <see cref="QomModules"/>); the host registers it when it chooses, with
/// <c>QomModules.Add(QomSharp.Generated.QomModule_&lt;assembly&gt;.Instance)</c>, which is idempotent.
/// Until then none of its types is found by name, and <see cref="QomContext.New{T}"/> of one is refused.
/// A referencing assembly whose module registers at load still adds this module first, as one of its
/// dependencies. For hosts that register types at a moment of their choosing (a plug-in loaded on
/// demand, a measurement of registration itself), and for NativeAOT, which runs every module
/// initializer when the process starts. Read only by the generator.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class QomExplicitRegistrationAttribute : Attribute
{
}
