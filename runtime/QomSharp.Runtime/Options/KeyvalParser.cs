using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace QomSharp.Options;

/// <summary>
/// QEMU's keyval syntax (<c>util/keyval.c</c>), used by <c>-object</c>, <c>-blockdev</c> and friends:
/// <c>key=val,...</c> with dotted keys building nested dictionaries, all-index dictionaries becoming
/// lists, <c>,,</c> escaping a comma in values, an optional implied first key, and bare
/// <c>help</c>/<c>?</c> elements. Errors carry QEMU's exact text.
/// </summary>
public static class KeyvalParser
{
    /// <summary>QEMU keeps a fragment in a 128-byte buffer, so 127 characters is the most it takes.</summary>
    public const int MaxFragmentLength = 127;

    /// <summary>
    /// The most fragments a key may have. Deeper keys are refused with QEMU's <c>Invalid parameter</c>
    /// (no QEMU object takes such a key) so that nothing downstream recurses without bound.
    /// </summary>
    public const int MaxDepth = 1024;

    /// <summary>
    /// Parses <paramref name="input"/>. With <paramref name="impliedKey"/>, the first element may be a
    /// bare value (no <c>=</c>, no <c>,</c> — not even <c>,,</c>) standing for
    /// <c>impliedKey=value</c>. A bare <c>help</c>/<c>?</c> element sets
    /// <see cref="KeyvalResult.HelpRequested"/> when <paramref name="allowHelp"/>, else it is an error.
    /// </summary>
    /// <exception cref="QomException">The input is malformed (QEMU's message).</exception>
    /// <exception cref="ArgumentException"><paramref name="impliedKey"/> is not a valid key.</exception>
    public static KeyvalResult Parse(string input, string? impliedKey = null, bool allowHelp = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (impliedKey is not null && !IsValidKey(impliedKey))
        {
            throw new ArgumentException($"'{impliedKey}' is not a valid keyval key", nameof(impliedKey));
        }

        var root = new KeyvalDict();
        bool help = false;
        int position = 0;
        string? currentImpliedKey = impliedKey;
        while (position < input.Length)
        {
            position = ParseElement(root, input, position, currentImpliedKey, ref help);
            // Only the very first element may omit its key, even when that element was "help".
            currentImpliedKey = null;
        }

        // Syntax errors win over the help check; the help check wins over list shape errors.
        if (help && !allowHelp)
        {
            throw new QomException("Help is not available for this option");
        }

        Listify(root, new StringBuilder());
        return new KeyvalResult(root, help);
    }

    /// <summary>
    /// Merges <paramref name="source"/> into <paramref name="destination"/> (QEMU's <c>keyval_merge</c>):
    /// dictionaries merge recursively, lists are appended to, strings are overwritten. A key holding
    /// different kinds on the two sides fails with <c>Parameter '%s%s' used inconsistently</c>; then
    /// <paramref name="destination"/> is left unchanged (QEMU may leave it half-merged).
    /// </summary>
    public static void Merge(KeyvalDict destination, KeyvalDict source)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(source);
        var path = new StringBuilder();
        CheckMergeable(destination, source, path, parsing: false);
        MergeInto(destination, source);
    }

    /// <summary>
    /// Parses <paramref name="input"/> into <paramref name="destination"/> (QEMU's
    /// <c>keyval_parse_into</c>, as repeated <c>-machine</c> options build one set): members merge as
    /// <see cref="Merge"/> merges them, but a key whose kind clashes with what the earlier options
    /// gave it is the parser's error, <c>Parameters 'KEY.*' used inconsistently</c>; then
    /// <paramref name="destination"/> is left unchanged.
    /// </summary>
    /// <exception cref="QomException">The input is malformed or clashes (QEMU's message).</exception>
    public static void ParseInto(KeyvalDict destination, string input, string? impliedKey = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        KeyvalDict parsed = Parse(input, impliedKey).Root;
        CheckMergeable(destination, parsed, new StringBuilder(), parsing: true);
        MergeInto(destination, parsed);
    }

    private static bool IsValidKey(string key)
    {
        int start = 0;
        while (true)
        {
            int length = FragmentLength(key, start, key.Length, first: start == 0);
            if (length == 0 || length > MaxFragmentLength)
            {
                return false;
            }

            start += length;
            if (start == key.Length)
            {
                return true;
            }

            if (key[start] != '.')
            {
                return false;
            }

            start++;
        }
    }

    /// <summary>A decimal index (never the first fragment) or a QAPI name; 0 if neither.</summary>
    private static int FragmentLength(string text, int start, int end, bool first)
    {
        if (!first && start < end && char.IsAsciiDigit(text[start]))
        {
            int p = start;
            while (p < end && char.IsAsciiDigit(text[p]))
            {
                p++;
            }

            return p - start;
        }

        return OptionSyntax.QapiNameLength(text, start, end);
    }

    /// <summary>Parses one element starting at <paramref name="start"/>; returns where the next one starts.</summary>
    private static int ParseElement(KeyvalDict root, string input, int start, string? impliedKey, ref bool help)
    {
        int keyStop = OptionSyntax.IndexOfEqualsOrComma(input, start);
        bool hasEquals = keyStop < input.Length && input[keyStop] == '=';
        bool usesImpliedKey = false;
        if (keyStop > start && !hasEquals)
        {
            if (OptionSyntax.HelpPrefixLength(input, start) == keyStop - start)
            {
                help = true;
                return SkipComma(input, keyStop);
            }

            usesImpliedKey = impliedKey is not null;
        }

        string key = usesImpliedKey ? impliedKey! : input[start..keyStop];
        (KeyvalDict parent, string lastFragment) = WalkKey(root, key);

        string value;
        int next;
        if (usesImpliedKey)
        {
            // The implied value runs to the first comma; ",," is not an escape here.
            value = input[start..keyStop];
            next = SkipComma(input, keyStop);
        }
        else
        {
            if (!hasEquals)
            {
                throw new QomException($"Expected '=' after parameter '{key}'");
            }

            value = OptionSyntax.ReadCommaEscapedValue(input, keyStop + 1, out int valueStop);
            next = SkipComma(input, valueStop);
        }

        if (parent.TryGetValue(lastFragment, out KeyvalNode? existing) && existing is not KeyvalString)
        {
            throw Inconsistent(key);
        }

        parent.Set(lastFragment, new KeyvalString(value));
        return next;
    }

    /// <summary>
    /// Checks every fragment of <paramref name="key"/> and creates the dictionaries leading to its
    /// last fragment; returns that dictionary and the last fragment.
    /// </summary>
    private static (KeyvalDict Parent, string LastFragment) WalkKey(KeyvalDict root, string key)
    {
        KeyvalDict current = root;
        string? previous = null;
        int start = 0;
        int depth = 0;
        while (true)
        {
            if (++depth > MaxDepth)
            {
                throw new QomException($"Invalid parameter '{key}'");
            }

            int length = start < key.Length ? FragmentLength(key, start, key.Length, first: start == 0) : 0;
            int end = start + length;
            if (length == 0 || (end < key.Length && key[end] != '.'))
            {
                throw new QomException($"Invalid parameter '{key}'");
            }

            if (length > MaxFragmentLength)
            {
                bool isWholeKey = start == 0 && end == key.Length;
                throw new QomException($"Parameter{(isWholeKey ? "" : " fragment")} '{key.Substring(start, length)}' is too long");
            }

            if (previous is not null)
            {
                current = DictionaryAt(current, previous, key, start - 1);
            }

            previous = key.Substring(start, length);
            if (end == key.Length)
            {
                return (current, previous);
            }

            start = end + 1;
        }
    }

    /// <summary>The dictionary under <paramref name="fragment"/>, created if absent.</summary>
    private static KeyvalDict DictionaryAt(KeyvalDict parent, string fragment, string key, int keyCursor)
    {
        if (parent.TryGetValue(fragment, out KeyvalNode? existing))
        {
            return existing as KeyvalDict ?? throw Inconsistent(key[..keyCursor]);
        }

        var created = new KeyvalDict();
        parent.Set(fragment, created);
        return created;
    }

    private static QomException Inconsistent(string keyPrefix) => new($"Parameters '{keyPrefix}.*' used inconsistently");

    private static int SkipComma(string input, int position) =>
        position < input.Length && input[position] == ',' ? position + 1 : position;

    /// <summary>
    /// Replaces, depth first, every dictionary whose keys are all indices by a list.
    /// <paramref name="path"/> holds the key of <paramref name="dict"/>, each fragment followed by a dot.
    /// </summary>
    private static KeyvalNode Listify(KeyvalDict dict, StringBuilder path)
    {
        bool hasIndex = false;
        bool hasMember = false;
        var replacements = new List<(string Key, KeyvalNode Node)>();
        foreach (KeyValuePair<string, KeyvalNode> entry in dict)
        {
            if (char.IsAsciiDigit(entry.Key[0]))
            {
                hasIndex = true;
            }
            else
            {
                hasMember = true;
            }

            if (entry.Value is KeyvalDict child)
            {
                int savedLength = path.Length;
                path.Append(entry.Key).Append('.');
                KeyvalNode listified = Listify(child, path);
                path.Length = savedLength;
                if (!ReferenceEquals(listified, child))
                {
                    replacements.Add((entry.Key, listified));
                }
            }
        }

        foreach ((string key, KeyvalNode node) in replacements)
        {
            dict.Set(key, node);
        }

        if (hasIndex && hasMember)
        {
            throw new QomException($"Parameters '{path}*' used inconsistently");
        }

        if (!hasIndex)
        {
            return dict;
        }

        // Indices need not be distinct ("1" and "01"): the later one wins. An index at or beyond
        // the element count cannot fit, so some smaller index must be missing.
        int count = dict.Count;
        var slots = new KeyvalNode?[count + 1];
        int maxIndex = -1;
        foreach (KeyValuePair<string, KeyvalNode> entry in dict)
        {
            int index = ParseIndex(entry.Key);
            maxIndex = Math.Max(maxIndex, index);
            if (index < count)
            {
                slots[index] = entry.Value;
            }
        }

        var items = new List<KeyvalNode>(count);
        int limit = (int)Math.Min(count + 1L, maxIndex + 1L);
        for (int i = 0; i < limit; i++)
        {
            items.Add(slots[i] ?? throw new QomException($"Parameter '{path}{i.ToString(CultureInfo.InvariantCulture)}' missing"));
        }

        return new KeyvalList(items);
    }

    /// <summary>A decimal index, capped at <see cref="int.MaxValue"/> as QEMU does.</summary>
    private static int ParseIndex(string digits)
    {
        long value = 0;
        foreach (char digit in digits)
        {
            value = value * 10 + (digit - '0');
            if (value > int.MaxValue)
            {
                return int.MaxValue;
            }
        }

        return (int)value;
    }

    private static void CheckMergeable(KeyvalDict destination, KeyvalDict source, StringBuilder path, bool parsing)
    {
        foreach (KeyValuePair<string, KeyvalNode> entry in source)
        {
            if (!destination.TryGetValue(entry.Key, out KeyvalNode? old))
            {
                continue;
            }

            if (old.GetType() != entry.Value.GetType())
            {
                throw new QomException(parsing ? $"Parameters '{path}{entry.Key}.*' used inconsistently" : $"Parameter '{path}{entry.Key}' used inconsistently");
            }

            if (old is KeyvalDict oldDict)
            {
                int savedLength = path.Length;
                path.Append(entry.Key).Append('.');
                CheckMergeable(oldDict, (KeyvalDict)entry.Value, path, parsing);
                path.Length = savedLength;
            }
        }
    }

    private static void MergeInto(KeyvalDict destination, KeyvalDict source)
    {
        foreach (KeyValuePair<string, KeyvalNode> entry in source)
        {
            if (destination.TryGetValue(entry.Key, out KeyvalNode? old))
            {
                if (old is KeyvalDict oldDict)
                {
                    MergeInto(oldDict, (KeyvalDict)entry.Value);
                    continue;
                }

                if (old is KeyvalList oldList)
                {
                    oldList.AppendCopiesOf((KeyvalList)entry.Value);
                    continue;
                }
            }

            destination.Set(entry.Key, entry.Value.DeepCopy());
        }
    }
}
