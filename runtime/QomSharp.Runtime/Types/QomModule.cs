using System.Runtime.CompilerServices;
using System;
using System.Collections.Generic;
using System.Globalization;

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
    private readonly string typeTable;
    private QomTypeInfo[]? types;

    /// <summary>
    /// Creates a module from its type table: one line per type, fields separated by tabs:
    /// name, parent name (empty for a root), flags (<see cref="QomTypeFlags"/> as a decimal
    /// number), declared interface names separated by commas. The line number is the type's index.
    /// </summary>
    protected QomModule(string name, string typeTable)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(typeTable);
        Name = name;
        this.typeTable = typeTable;
    }

    /// <summary>The module's name (its assembly's name).</summary>
    public string Name { get; }

    /// <summary>The modules of referenced assemblies, registered before this one.</summary>
    public virtual IReadOnlyList<QomModule> Dependencies => [];

    /// <summary>The module's types, in table order.</summary>
    public IReadOnlyList<QomTypeInfo> Types => types ??= ParseTypeTable();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // start-up path: see QomModule
    private QomTypeInfo[] ParseTypeTable()
    {
        var result = new List<QomTypeInfo>();
        var rest = typeTable.AsSpan();
        string previousParent = string.Empty;
        Span<Range> fields = stackalloc Range[5];
        while (!rest.IsEmpty)
        {
            int end = rest.IndexOf('\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (line.IsEmpty)
            {
                continue;
            }

            int count = line.Split(fields, '\t');
            if (count != 4)
            {
                throw new FormatException($"QOM module '{Name}': malformed type table line '{line.ToString()}'");
            }

            string typeName = line[fields[0]].ToString();
            // Siblings share their parent's name: one string for a run of them (no allocation, and
            // the parent look-up when each class is built hits the name tables' identity cache).
            var parentField = line[fields[1]];
            string parent = parentField.SequenceEqual(previousParent) ? previousParent : previousParent = parentField.ToString();
            var flags = (QomTypeFlags)int.Parse(line[fields[2]], NumberStyles.None, CultureInfo.InvariantCulture);
            var interfaceField = line[fields[3]];
            string[] interfaces = interfaceField.IsEmpty ? [] : interfaceField.ToString().Split(',');
            result.Add(new QomTypeInfo(typeName, parent, flags, interfaces, this, result.Count));
        }

        return [.. result];
    }

    /// <summary>Creates an instance of the concrete type at <paramref name="index"/> (fields at their defaults).</summary>
    protected internal abstract QomObject CreateInstance(int index);

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
