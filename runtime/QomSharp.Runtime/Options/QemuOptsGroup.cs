using System;
using System.Collections.Generic;

namespace QomSharp.Options;

/// <summary>
/// One QemuOpts option group (QEMU's <c>QemuOptsList</c>), e.g. <c>device</c> or <c>global</c>: its
/// name, the parameter names it accepts (or any), and the ids in use, which must be unique.
/// </summary>
public sealed class QemuOptsGroup
{
    /// <summary>The parameters of QEMU's <c>-global</c> group.</summary>
    public static readonly IReadOnlyList<string> GlobalParameterNames = ["driver", "property", "value"];

    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly HashSet<string>? _acceptedNames;
    private readonly HashSet<string> _names;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _nameLookup;

    /// <summary>Creates a group.</summary>
    /// <param name="name">The group's name, as it appears in <c>Duplicate ID '%s' for %s</c>.</param>
    /// <param name="acceptedNames">
    /// The parameter names the group accepts; null accepts any name (as <c>device</c> does, leaving
    /// unknown names to fail later as missing properties).
    /// </param>
    public QemuOptsGroup(string name, IEnumerable<string>? acceptedNames = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        _names = new HashSet<string>(StringComparer.Ordinal);
        _nameLookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        if (acceptedNames is not null)
        {
            _acceptedNames = new HashSet<string>(acceptedNames, StringComparer.Ordinal);
        }
    }

    /// <summary>The group's name.</summary>
    public string Name { get; }

    /// <summary>True when any parameter name is accepted.</summary>
    public bool AcceptsAnyName => _acceptedNames is null;

    /// <summary>The ids currently registered.</summary>
    public IReadOnlyCollection<string> Ids => _ids;

    /// <summary>A fresh <c>device</c> group (any parameter name).</summary>
    public static QemuOptsGroup CreateDevice() => new("device");

    /// <summary>A fresh <c>global</c> group (<c>driver</c>, <c>property</c>, <c>value</c>).</summary>
    public static QemuOptsGroup CreateGlobal() => new("global", GlobalParameterNames);

    /// <summary>Whether the group takes a parameter called <paramref name="parameterName"/>.</summary>
    public bool Accepts(string parameterName) => _acceptedNames is null || _acceptedNames.Contains(parameterName);

    // One copy of each parameter name (and driver name) the group has read: a long command line
    // repeats a few of them many times.
    internal string Intern(ReadOnlySpan<char> name)
    {
        if (!_nameLookup.TryGetValue(name, out string? known))
        {
            known = name.ToString();
            _names.Add(known);
        }

        return known;
    }

    /// <summary>Whether <paramref name="id"/> is in use.</summary>
    public bool Contains(string id) => _ids.Contains(id);

    /// <summary>
    /// Fails, changing nothing, if <paramref name="id"/> is malformed or already in use
    /// (the checks of QEMU's <c>qemu_opts_create</c>).
    /// </summary>
    public void CheckAvailable(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        QemuOptsParser.CheckWellFormedId(id);
        if (_ids.Contains(id))
        {
            throw new QomException($"Duplicate ID '{id}' for {Name}");
        }
    }

    /// <summary>Registers <paramref name="id"/> after <see cref="CheckAvailable"/>'s checks.</summary>
    public void Add(string id)
    {
        CheckAvailable(id);
        _ids.Add(id);
    }

    /// <summary>Releases <paramref name="id"/> (the options were deleted); false if it was not registered.</summary>
    public bool Remove(string id) => _ids.Remove(id);
}
