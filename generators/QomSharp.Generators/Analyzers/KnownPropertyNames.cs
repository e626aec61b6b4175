using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using QomSharp.Generators.Parsing;

namespace QomSharp.Generators.Analyzers;

/// <summary>
/// Decides, conservatively, that a QOM class has no property of a name (QOM0203). A name is known
/// when declared along the class's ancestry, added by hand by one of its ancestors (the generator
/// lists those names on each class of a referenced assembly), by a subclass the compilation can see
/// (unless the class is sealed or the object's exact type is known), by any [QomChild], or passed as
/// a literal to anything that adds properties by hand, in this compilation or (as the generator
/// listed on it) a referenced QOM assembly. A class with an ancestor from an assembly that carries
/// no such list is never judged.
/// </summary>
internal sealed class KnownPropertyNames(QomTypeIndex index, ConcurrentDictionary<string, byte> dynamicNames, Compilation compilation)
{
    private HashSet<string>? childNames;
    private HashSet<string>? referencedGlobalNames;

    public bool IsUnknown(INamedTypeSymbol receiver, string name, bool exact)
    {
        // Array-style names (child[3]) are made at run time from a stem the analyzer cannot track.
        if (name == QomTypeRules.RootTypePropertyName || name.IndexOf('[') >= 0 || dynamicNames.ContainsKey(name) ||
            ReferencedGlobalNames().Contains(name) || ChildNames().Contains(name))
        {
            return false;
        }

        for (var t = receiver; t is not null; t = t.BaseType)
        {
            if (t.ToDisplayString() == QomSymbolFacts.QomObjectType)
            {
                break;
            }

            if (!IsDescribed(t) || DeclaresName(t, name) || AddsName(t, name))
            {
                return false;
            }
        }

        if (!exact && !receiver.IsSealed)
        {
            foreach (var type in index.Classes)
            {
                if (!SymbolEqualityComparer.Default.Equals(type, receiver) && QomTypeRules.IsSameOrDerived(type, receiver) &&
                    (DeclaresName(type, name) || AddsName(type, name)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Candidates for "did you mean": the names declared along the receiver's ancestry and those
    /// added by hand outside any class.
    /// </summary>
    public IEnumerable<string> Candidates(INamedTypeSymbol receiver)
    {
        yield return QomTypeRules.RootTypePropertyName;
        foreach (var name in ReferencedGlobalNames())
        {
            yield return name;
        }

        foreach (var name in dynamicNames.Keys)
        {
            yield return name;
        }

        for (var t = receiver; t is not null; t = t.BaseType)
        {
            foreach (var (declared, _, _) in QomTypeRules.DeclaredPropertyNames(t))
            {
                yield return declared;
            }

            foreach (var added in AddedPropertyNames.Declared(t) ?? [])
            {
                yield return added;
            }
        }
    }

    // Every property name of a class is knowable when it comes from source or from an assembly the
    // generator described (its metadata attributes plus the listed hand-added names).
    private bool IsDescribed(INamedTypeSymbol type) =>
        SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly) ||
        AddedPropertyNames.Declared(type.ContainingAssembly) is not null;

    private static bool AddsName(INamedTypeSymbol type, string name)
    {
        foreach (var added in AddedPropertyNames.Declared(type) ?? [])
        {
            if (added == name)
            {
                return true;
            }
        }

        return false;
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

    private HashSet<string> ReferencedGlobalNames()
    {
        if (referencedGlobalNames is null)
        {
            var names = new HashSet<string>();
            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                foreach (var name in AddedPropertyNames.Declared(assembly) ?? [])
                {
                    names.Add(name);
                }
            }

            referencedGlobalNames = names;
        }

        return referencedGlobalNames;
    }

    private HashSet<string> ChildNames()
    {
        if (childNames is null)
        {
            var names = new HashSet<string>();
            foreach (var type in index.Classes)
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
