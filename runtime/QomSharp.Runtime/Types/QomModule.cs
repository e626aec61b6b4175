using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;

namespace QomSharp;

/// <summary>
/// The QOM types of one assembly. The generator emits one subclass per assembly: a compact type
/// table (read once, when the module is registered) and dispatch methods that run a type's code by
/// index. Registering a module therefore runs no per-type code, and a type's code is touched only
/// when that type is first used (its class built, an instance created).
/// Registration, lookup and class building run a few hundred times before a burst of thousands
/// (a module of 2,000 types), usually within the first 100 ms of a process, before .NET's tiered
/// JIT starts optimising; those methods are therefore marked to be compiled optimised at once.
/// </summary>
public abstract class QomModule
{
    private readonly byte[]? typeTableBytes;
    private QomTypeInfo[]? types;

    /// <summary>
    /// Creates a module from its type table: one line per type, fields separated by tabs:
    /// name, parent name (empty for a root), flags (<see cref="QomTypeFlags"/> as a decimal
    /// number), declared interface names separated by commas. The line number is the type's index.
    /// </summary>
    protected QomModule(string name, string typeTable)
        : this(name)
    {
        ArgumentNullException.ThrowIfNull(typeTable);
        typeTableBytes = Encoding.UTF8.GetBytes(typeTable);
    }

    /// <summary>Creates a module whose type table comes from <see cref="TypeTable"/> (generated modules).</summary>
    protected QomModule(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
    }

    /// <summary>The module's name (its assembly's name).</summary>
    public string Name { get; }

    /// <summary>The modules of referenced assemblies, registered before this one.</summary>
    public virtual IReadOnlyList<QomModule> Dependencies => [];

    /// <summary>
    /// The type table as UTF-8 (format of <see cref="QomModule(string, string)"/>). Generated modules
    /// return a UTF-8 literal: static data in the assembly image, so reading it allocates nothing
    /// (a large string literal would be copied and interned on first use).
    /// </summary>
    protected virtual ReadOnlySpan<byte> TypeTable => typeTableBytes;

    /// <summary>The module's types, in table order.</summary>
    public IReadOnlyList<QomTypeInfo> Types => types ??= ParseTypeTable();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // start-up path: see the class summary
    private QomTypeInfo[] ParseTypeTable()
    {
        var result = new List<QomTypeInfo>();
        var rest = TypeTable;
        string previousParentName = string.Empty;
        while (!rest.IsEmpty)
        {
            int end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (line.IsEmpty)
            {
                continue;
            }

            var name = NextField(ref line);
            var parent = NextField(ref line);
            var flagsField = NextField(ref line);
            var interfaceField = line;
            if (name.IsEmpty || flagsField.IsEmpty || interfaceField.IndexOf((byte)'\t') >= 0)
            {
                throw new FormatException($"QOM module '{Name}': malformed type table line {result.Count}");
            }

            // Siblings share their parent's name: one string for a run of them (no allocation, and
            // the parent look-up when each class is built hits the name tables' identity cache).
            if (!Ascii.Equals(parent, previousParentName))
            {
                previousParentName = Encoding.UTF8.GetString(parent);
            }

            string[] interfaces = interfaceField.IsEmpty ? [] : Encoding.UTF8.GetString(interfaceField).Split(',');
            result.Add(new QomTypeInfo(Encoding.UTF8.GetString(name), previousParentName, ParseFlags(flagsField), interfaces, this, result.Count));
        }

        return [.. result];
    }

    private static ReadOnlySpan<byte> NextField(ref ReadOnlySpan<byte> line)
    {
        int tab = line.IndexOf((byte)'\t');
        if (tab < 0)
        {
            var last = line;
            line = [];
            return last;
        }

        var field = line[..tab];
        line = line[(tab + 1)..];
        return field;
    }

    private QomTypeFlags ParseFlags(ReadOnlySpan<byte> digits)
    {
        int value = 0;
        foreach (byte digit in digits)
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                throw new FormatException($"QOM module '{Name}': malformed flags in its type table");
            }

            value = (value * 10) + (digit - '0');
        }

        return (QomTypeFlags)value;
    }

    /// <summary>Creates an instance of the concrete type at <paramref name="index"/> (fields at their defaults).</summary>
    protected internal abstract QomObject CreateInstance(int index);

    /// <summary>
    /// The factory of the concrete type at <paramref name="index"/>, which its class keeps so that
    /// each creation is one delegate call. By default it calls <see cref="CreateInstance"/>.
    /// </summary>
    protected internal virtual Func<QomObject> GetInstanceFactory(int index) => () => CreateInstance(index);

    /// <summary>Creates the class struct of a type flagged <see cref="QomTypeFlags.ClassFactory"/>.</summary>
    protected internal virtual QomClass CreateClass(int index) => new();

    /// <summary>Runs the class init of a type flagged <see cref="QomTypeFlags.ClassInit"/>.</summary>
    protected internal virtual void RunClassInit(int index, QomClass klass)
    {
    }

    /// <summary>Runs the class base init of a type flagged <see cref="QomTypeFlags.ClassBaseInit"/> on a descendant's class.</summary>
    protected internal virtual void RunClassBaseInit(int index, QomClass klass)
    {
    }

    /// <summary>Runs the instance init of a type flagged <see cref="QomTypeFlags.InstanceInit"/>.</summary>
    protected internal virtual void RunInstanceInit(int index, QomObject obj)
    {
    }

    /// <summary>Runs the instance post-init of a type flagged <see cref="QomTypeFlags.InstancePostInit"/>.</summary>
    protected internal virtual void RunInstancePostInit(int index, QomObject obj)
    {
    }

    /// <summary>Runs the finalize of a type flagged <see cref="QomTypeFlags.InstanceFinalize"/>.</summary>
    protected internal virtual void RunInstanceFinalize(int index, QomObject obj)
    {
    }

    /// <summary>Creates the class properties declared by a type flagged <see cref="QomTypeFlags.Properties"/>.</summary>
    protected internal virtual QomProperty[] CreateProperties(int index) => [];

    /// <inheritdoc/>
    public override string ToString() => Name;
}
