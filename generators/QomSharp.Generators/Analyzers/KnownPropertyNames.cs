using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using QomSharp.Generators.Parsing;

namespace QomSharp.Generators.Analyzers;

/// <summary>
/// Decides, conservatively, that a QOM class has no property of a name (QOM0203). A name is known
/// when declared along the class's ancestry, by a source subclass (unless the class is sealed), by
/// any [QomChild] of the compilation, or passed as a literal to anything that adds properties by hand.
/// Classes with an ancestor from another assembly are never judged: its hand-written class init
/// may add properties the compilation cannot see.
/// </summary>
internal sealed class KnownPropertyNames(QomTypeIndex index, ConcurrentDictionary<string, byte> dynamicNames)
{
    private HashSet<string>? childNames;

    public bool IsUnknown(INamedTypeSymbol receiver, string name)
    {
        if (name == QomTypeRules.RootTypePropertyName || dynamicNames.ContainsKey(name) || ChildNames().Contains(name))
        {
            return false;
        }

        for (var t = receiver; t is not null; t = t.BaseType)
        {
            if (t.ToDisplayString() == QomSymbolFacts.QomObjectType)
            {
                break;
            }

            if (t.Locations.Length == 0 || !t.Locations[0].IsInSource || DeclaresName(t, name))
            {
                return false;
            }
        }

        if (!receiver.IsSealed)
        {
            foreach (var type in index.SourceClasses)
            {
                if (!SymbolEqualityComparer.Default.Equals(type, receiver) && QomTypeRules.IsSameOrDerived(type, receiver) && DeclaresName(type, name))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool DeclaresName(INamedTypeSymbol type, string name)
    {
        foreach (var (declared, _, _) in QomTypeRules.DeclaredPropertyNames(type))
        {
            if (declared == name)
            {
                return true;
            }
        }

        return false;
    }

    private HashSet<string> ChildNames()
    {
        if (childNames is null)
        {
            var names = new HashSet<string>();
            foreach (var type in index.SourceClasses)
            {
                foreach (var (name, _, attribute) in QomTypeRules.DeclaredPropertyNames(type))
                {
                    if (attribute.AttributeClass?.ToDisplayString() == QomSymbolFacts.QomChildAttribute)
                    {
                        names.Add(name);
                    }
                }
            }

            childNames = names;
        }

        return childNames;
    }
}
