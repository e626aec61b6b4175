using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace QomSharp.Options;

/// <summary>
/// A keyval dictionary. Keys keep the order in which the user first wrote them (QEMU's QDict is a
/// hash; the order is ours, so callers can apply properties in the user's order). A later
/// occurrence of a key replaces the value but keeps the key's position.
/// </summary>
public sealed class KeyvalDict : KeyvalNode, IReadOnlyDictionary<string, KeyvalNode>
{
    private readonly OrderedDictionary<string, KeyvalNode> _entries = new(System.StringComparer.Ordinal);

    /// <summary>Creates an empty dictionary.</summary>
    public KeyvalDict()
    {
    }

    /// <inheritdoc/>
    public int Count => _entries.Count;

    /// <inheritdoc/>
    public IEnumerable<string> Keys => _entries.Keys;

    /// <inheritdoc/>
    public IEnumerable<KeyvalNode> Values => _entries.Values;

    /// <inheritdoc/>
    public KeyvalNode this[string key] => _entries[key];

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _entries.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out KeyvalNode value) => _entries.TryGetValue(key, out value);

    /// <summary>The string stored under <paramref name="key"/>, or null if absent or not a string.</summary>
    public string? GetString(string key) => _entries.TryGetValue(key, out KeyvalNode? node) && node is KeyvalString leaf ? leaf.Value : null;

    /// <summary>The dictionary stored under <paramref name="key"/>, or null if absent or not a dictionary.</summary>
    public KeyvalDict? GetDict(string key) => _entries.TryGetValue(key, out KeyvalNode? node) ? node as KeyvalDict : null;

    /// <summary>The list stored under <paramref name="key"/>, or null if absent or not a list.</summary>
    public KeyvalList? GetList(string key) => _entries.TryGetValue(key, out KeyvalNode? node) ? node as KeyvalList : null;

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, KeyvalNode>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// A dictionary holding <paramref name="value"/> under <paramref name="key"/>: an option parsed on
    /// its own (<c>-smp</c>) put under the machine property it sets, ready to merge with <c>-machine</c>'s.
    /// </summary>
    public static KeyvalDict Nest(string key, KeyvalNode value)
    {
        var dict = new KeyvalDict();
        dict.Set(key, value);
        return dict;
    }

    /// <summary>Adds or replaces; a replaced key keeps its position.</summary>
    internal void Set(string key, KeyvalNode value) => _entries[key] = value;

    internal override KeyvalNode DeepCopy()
    {
        var copy = new KeyvalDict();
        foreach (KeyValuePair<string, KeyvalNode> entry in _entries)
        {
            copy._entries.Add(entry.Key, entry.Value.DeepCopy());
        }

        return copy;
    }

    internal override void WriteJson(StringBuilder builder)
    {
        builder.Append('{');
        bool first = true;
        foreach (KeyValuePair<string, KeyvalNode> entry in _entries)
        {
            if (!first)
            {
                builder.Append(',');
            }

            first = false;
            WriteJsonString(builder, entry.Key);
            builder.Append(':');
            entry.Value.WriteJson(builder);
        }

        builder.Append('}');
    }
}
