using System;
using System.Runtime.CompilerServices;

namespace QomSharp;

/// <summary>
/// The QOM name of the generated class <typeparamref name="T"/>, found once per class in the
/// modules' tables of generated classes (a name per class would cost the compiler far more as an
/// interface every generated class implements).
/// </summary>
internal static class QomTypeNameOf<T>
    where T : QomObject
{
    private static string? name;

    /// <summary>The QOM type name; reading it for a class no module knows is a <see cref="QomFatalException"/>.</summary>
    public static string Name => name ??= Find(typeof(T));

    private static string Find(Type type)
    {
        if (InLoadedModules(type) is { } name)
        {
            return name;
        }

        // A module adds itself from its assembly's module initializer, which .NET may not have run
        // yet when nothing but this generic argument has touched the assembly.
        RuntimeHelpers.RunModuleConstructor(type.Module.ModuleHandle);
        return InLoadedModules(type) ?? throw new QomFatalException($"'{type}' is not a generated QOM type");
    }

    private static string? InLoadedModules(Type type)
    {
        foreach (var module in QomModules.All)
        {
            if (module.IndexOfClrType(type) is >= 0 and var index)
            {
                return module.TypeAt(index).Name;
            }
        }

        return null;
    }
}
