using System.Collections;
using System.Collections.Generic;
using System.Text;

namespace QomSharp.Options;

/// <summary>A keyval list: a dictionary whose keys were all decimal indices, in index order.</summary>
public sealed class KeyvalList : KeyvalNode, IReadOnlyList<KeyvalNode>
{
    private readonly List<KeyvalNode> _items;

    internal KeyvalList(List<KeyvalNode> items) => _items = items;

    /// <inheritdoc/>
    public int Count => _items.Count;

    /// <inheritdoc/>
    public KeyvalNode this[int index] => _items[index];

    /// <inheritdoc/>
    public IEnumerator<KeyvalNode> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void AppendCopiesOf(KeyvalList other)
    {
        foreach (KeyvalNode item in other._items)
        {
            _items.Add(item.DeepCopy());
        }
    }

    internal override KeyvalNode DeepCopy()
    {
        var copies = new List<KeyvalNode>(_items.Count);
        foreach (KeyvalNode item in _items)
        {
            copies.Add(item.DeepCopy());
        }

        return new KeyvalList(copies);
    }

    internal override void WriteJson(StringBuilder builder)
    {
        builder.Append('[');
        for (int i = 0; i < _items.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            _items[i].WriteJson(builder);
        }

        builder.Append(']');
    }
}
