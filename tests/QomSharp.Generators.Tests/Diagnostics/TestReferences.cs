using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace QomSharp.Generators.Tests.Diagnostics;

/// <summary>
/// Offline references for test compilations: the running framework's assemblies (no reference-pack
/// download) plus QomSharp.Runtime, so the QOM attributes and API bind.
/// </summary>
internal static class TestReferences
{
    public static readonly ReferenceAssemblies Assemblies = new("net10.0");

    public static readonly ImmutableArray<MetadataReference> Metadata = CreateMetadata();

    private static ImmutableArray<MetadataReference> CreateMetadata()
    {
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator);
        var framework = trusted.Where(IsFrameworkAssembly).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        return [.. framework, MetadataReference.CreateFromFile(typeof(QomSharp.QomObject).Assembly.Location)];
    }

    private static bool IsFrameworkAssembly(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return name is "mscorlib" or "netstandard" or "System" || name.StartsWith("System.", StringComparison.Ordinal);
    }

    public static void AddTo(SolutionState state, IEnumerable<MetadataReference>? extra = null)
    {
        state.AdditionalReferences.AddRange(Metadata);
        if (extra is not null)
        {
            state.AdditionalReferences.AddRange(extra);
        }
    }
}
