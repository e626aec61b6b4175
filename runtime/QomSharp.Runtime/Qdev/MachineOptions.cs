using System.Collections.Generic;

namespace QomSharp.Qdev;

/// <summary>
/// The values of a machine's stored options (<c>-machine type,kernel=...,graphics=off</c>): kept,
/// checked and reported as QEMU does, without a modelled effect (no guest is booted here).
/// </summary>
public sealed class MachineOptions
{
    private readonly Dictionary<string, object?> values = [];

    /// <summary>The value of option <paramref name="name"/>, or <paramref name="fallback"/> if never set.</summary>
    public T Get<T>(string name, T fallback) => values.TryGetValue(name, out var value) ? (T)value! : fallback;

    /// <summary>Stores the value of option <paramref name="name"/>.</summary>
    public void Set<T>(string name, T value) => values[name] = value;
}

/// <summary>
/// Adds the stored machine options of QEMU 10.0 to a machine class, with QEMU's names, types and
/// descriptions (<c>-machine TYPE,help</c>, <c>qom-list-properties</c>) and QEMU's initial values.
/// </summary>
public static class MachineOptionProperties
{
    private static readonly QomEnumTable<OnOffAuto> OnOffAutoTable = new("OnOffAuto", ["auto", "on", "off"], [OnOffAuto.Auto, OnOffAuto.On, OnOffAuto.Off]);

    /// <summary>Adds a string option (QOM type <c>string</c>; an unset value reads as <c>""</c>).</summary>
    public static void AddString(QomClass klass, string name, string? description) =>
        klass.AddProperty(new QomStringProperty(name, o => Options(o).Get<string?>(name, null), (o, v) => Options(o).Set(name, v), description: description, type: "string"));

    /// <summary>Adds a boolean option with its initial value.</summary>
    public static void AddBool(QomClass klass, string name, bool initial, string? description) =>
        klass.AddProperty(new QomBoolProperty(name, o => Options(o).Get(name, initial), (o, v) => Options(o).Set(name, v), description: description));

    /// <summary>Adds an <c>OnOffAuto</c> option (initially <c>auto</c>).</summary>
    public static void AddOnOffAuto(QomClass klass, string name, string? description) =>
        klass.AddProperty(new QomEnumProperty<OnOffAuto>(name, OnOffAutoTable, o => Options(o).Get(name, OnOffAuto.Auto), (o, v) => Options(o).Set(name, v), description: description));

    /// <summary>Adds a <c>size</c> option with its initial value; <paramref name="check"/> may refuse a value by throwing.</summary>
    public static void AddSize(QomClass klass, string name, ulong initial, string? description, System.Action<ulong>? check = null) =>
        klass.AddProperty(new QomIntegerProperty<ulong>(name, o => Options(o).Get(name, initial), (o, v) =>
        {
            check?.Invoke(v);
            Options(o).Set(name, v);
        }, description: description, isSize: true));

    private static MachineOptions Options(QomObject obj) => ((Machine)obj).Options;
}
