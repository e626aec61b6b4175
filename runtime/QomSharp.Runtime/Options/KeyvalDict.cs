using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace QomSharp.Options;

/// <summary>
/// A keyval dictionary. Keys keep the order in which the user first wrote them; a later occurrence
/// of a key replaces the value but keeps the key's position. QEMU's QDict is a hash table:
/// <see cref="InQdictOrder"/> gives the order in which QEMU walks it.
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

    /// <summary>
    /// The members in the order QEMU walks the QDict that holds them (<c>qdict_first</c>,
    /// <c>qdict_next</c>): by hash bucket, and within a bucket the latest added first. QEMU sets an
    /// object's properties from options in this order (<c>object_set_properties_from_qdict</c>), so
    /// it decides which of several bad values is reported.
    /// </summary>
    public List<KeyValuePair<string, KeyvalNode>> InQdictOrder()
    {
        var ordered = new List<(int Bucket, int Index, KeyValuePair<string, KeyvalNode> Entry)>(_entries.Count);
        int index = 0;
        foreach (var entry in _entries)
        {
            ordered.Add((QdictBucket(entry.Key), index++, entry));
        }

        ordered.Sort(static (a, b) => a.Bucket != b.Bucket ? a.Bucket.CompareTo(b.Bucket) : b.Index.CompareTo(a.Index));
        return ordered.ConvertAll(static e => e.Entry);
    }

    /// <summary>QEMU's QDict bucket of <paramref name="key"/>: its <c>tdb_hash</c> modulo the 512 buckets.</summary>
    public static int QdictBucket(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(key);
        uint value = unchecked(0x238F13AFu * (uint)bytes.Length);
        for (int i = 0; i < bytes.Length; i++)
        {
            value = unchecked(value + ((uint)bytes[i] << (i * 5 % 24)));
        }

        return (int)(unchecked((1103515243u * value) + 12345u) % 512);
    }

    /// <summary>
    /// Puts a string under <paramref name="key"/> (QEMU's <c>qdict_put_str</c>, as <c>-bios</c> sets the
    /// machine's <c>firmware</c>): whatever the key held is replaced, in its position.
    /// </summary>
    public void PutString(string key, string value) => Set(key, new KeyvalString(value));

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
