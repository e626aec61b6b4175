using Microsoft.CodeAnalysis;
using QomSharp.Generators.Parsing;

namespace QomSharp.Generators.Analyzers;

/// <summary>
/// The runtime symbols the analyzers compare against, resolved once per compilation. Null when the
/// compilation does not reference QomSharp.Runtime (then there is nothing to analyze).
/// </summary>
internal sealed class QomAnalyzerSymbols
{
    private QomAnalyzerSymbols(Compilation compilation, INamedTypeSymbol qomObject, INamedTypeSymbol qomType)
    {
        Compilation = compilation;
        QomObject = qomObject;
        QomTypeAttribute = qomType;
        QomClass = compilation.GetTypeByMetadataName(QomSymbolFacts.QomClassType);
        QomContext = compilation.GetTypeByMetadataName("QomSharp.QomContext");
        Qom = compilation.GetTypeByMetadataName("QomSharp.Qom");
        QomProperty = compilation.GetTypeByMetadataName("QomSharp.QomProperty");
        QomTypeInfo = compilation.GetTypeByMetadataName("QomSharp.QomTypeInfo");
    }

    public Compilation Compilation { get; }

    public INamedTypeSymbol QomObject { get; }

    public INamedTypeSymbol QomTypeAttribute { get; }

    public INamedTypeSymbol? QomClass { get; }

    public INamedTypeSymbol? QomContext { get; }

    public INamedTypeSymbol? Qom { get; }

    public INamedTypeSymbol? QomProperty { get; }

    public INamedTypeSymbol? QomTypeInfo { get; }

    public static QomAnalyzerSymbols? Create(Compilation compilation) =>
        compilation.GetTypeByMetadataName(QomSymbolFacts.QomObjectType) is { } qomObject &&
        compilation.GetTypeByMetadataName(QomSymbolFacts.QomTypeAttribute) is { } qomType
            ? new QomAnalyzerSymbols(compilation, qomObject, qomType)
            : null;
}
