using System;
using System.Collections.Generic;

namespace QomSharp;

/// <summary>
/// An object's instance properties in the order they were added, keyed by name. Most objects have
/// none or a handful (a PCI function: its memory regions), held in one array scanned in order: no
/// hash table, no buckets, one object. An object that gets many (a container of devices, a bus's
/// <c>child[N]</c> links) moves to an ordered dictionary. A machine of 100,000 devices holds one
/// table per device, so the small form is what its heap is made of.
/// </summary>
internal struct QomInstanceProperties
{
    // Past this many, the linear scan loses to hashing.
    private const int SmallLimit = 8;
    private const int FirstCapacity = 4;

    // Null (none), a QomProperty?[] filled from the front (null after the last), or an OrderedDictionary.
    private object? store;

    /// <summary>A table over a store taken from <see cref="Store"/>.</summary>
    public QomInstanceProperties(object? store) => this.store = store;

    /// <summary>What the table is held in (null when empty): the owner keeps it and makes the table again from it.</summary>
    public readonly object? Store => store;

    /// <summary>The number of properties.</summary>
    public readonly int Count => store switch
    {
        QomProperty?[] small => SmallCount(small),
        OrderedDictionary<string, QomProperty> large => large.Count,
        _ => 0,
    };

    /// <summary>Whether there are any.</summary>
    public readonly bool IsEmpty => store switch
    {
        QomProperty?[] small => small[0] is null,
        OrderedDictionary<string, QomProperty> large => large.Count == 0,
        _ => true,
    };

    /// <summary>The property named <paramref name="name"/>, or null.</summary>
    public readonly QomProperty? Find(string name)
    {
        if (store is QomProperty?[] small)
        {
            foreach (var property in small)
            {
                if (property is null)
                {
                    break;
                }

                if (string.Equals(property.Name, name, StringComparison.Ordinal))
                {
                    return property;
                }
            }

            return null;
        }

        return store is OrderedDictionary<string, QomProperty> large && large.TryGetValue(name, out var found) ? found : null;
    }

    /// <summary>The property named <paramref name="name"/>, or null; a small table is searched without making a string.</summary>
    public readonly QomProperty? Find(ReadOnlySpan<char> name)
    {
        if (store is QomProperty?[] small)
        {
            foreach (var property in small)
            {
                if (property is null)
                {
                    break;
                }

                if (name.SequenceEqual(property.Name))
                {
                    return property;
                }
            }

            return null;
        }

        return store is OrderedDictionary<string, QomProperty> large ? Find(name.ToString()) : null;
    }

    /// <summary>Appends a property under its <see cref="QomProperty.Name"/>; the caller has checked the name is free.</summary>
    public void Add(QomProperty property) => Insert(-1, property);

    /// <summary>The position of the property named <paramref name="name"/>, or -1.</summary>
    public readonly int IndexOf(string name)
    {
        if (store is QomProperty?[] small)
        {
            for (int i = 0; i < small.Length && small[i] is { } property; i++)
            {
                if (string.Equals(property.Name, name, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        return store is OrderedDictionary<string, QomProperty> large ? large.IndexOf(name) : -1;
    }

    /// <summary>Inserts a property at <paramref name="index"/> (-1: at the end) under its <see cref="QomProperty.Name"/>.</summary>
    public void Insert(int index, QomProperty property)
    {
        if (store is OrderedDictionary<string, QomProperty> large)
        {
            large.Insert(index < 0 ? large.Count : index, property.Name, property);
            return;
        }

        var small = store as QomProperty?[];
        int count = small is null ? 0 : SmallCount(small);
        if (index < 0)
        {
            index = count;
        }

        if (count == SmallLimit)
        {
            var grown = new OrderedDictionary<string, QomProperty>(SmallLimit * 2, StringComparer.Ordinal);
            foreach (var existing in small!)
            {
                grown.Add(existing!.Name, existing);
            }

            grown.Insert(index, property.Name, property);
            store = grown;
            return;
        }

        if (small is null || count == small.Length)
        {
            var bigger = new QomProperty?[small is null ? FirstCapacity : SmallLimit];
            small?.AsSpan().CopyTo(bigger);
            small = bigger;
            store = bigger;
        }

        small.AsSpan(index, count - index).CopyTo(small.AsSpan(index + 1));
        small[index] = property;
    }

    /// <summary>Removes the property at <paramref name="index"/>.</summary>
    public readonly void RemoveAt(int index)
    {
        if (store is QomProperty?[] small)
        {
            int count = SmallCount(small);
            small.AsSpan(index + 1, count - index - 1).CopyTo(small.AsSpan(index));
            small[count - 1] = null;
        }
        else if (store is OrderedDictionary<string, QomProperty> large)
        {
            large.RemoveAt(index);
        }
    }

    /// <summary>Removes the property named <paramref name="name"/> if there is one.</summary>
    public readonly void Remove(string name)
    {
        int index = IndexOf(name);
        if (index >= 0)
        {
            RemoveAt(index);
        }
    }

    /// <summary>Drops every property (finalize: they have been released).</summary>
    public void Clear() => store = null;

    /// <summary>The properties in order.</summary>
    public readonly IEnumerable<QomProperty> Values => store switch
    {
        QomProperty?[] small => SmallValues(small),
        OrderedDictionary<string, QomProperty> large => large.Values,
        _ => [],
    };

    /// <summary>Adds the child properties not yet released to <paramref name="destination"/>, in order, without an enumerator object.</summary>
    public readonly void AddChildrenTo(List<(string Name, QomObject Child)> destination)
    {
        if (store is QomProperty?[] small)
        {
            foreach (var property in small)
            {
                if (property is null)
                {
                    break;
                }

                if (property is QomChildProperty { Released: false } child)
                {
                    destination.Add((child.Name, child.Child));
                }
            }
        }
        else if (store is OrderedDictionary<string, QomProperty> large)
        {
            foreach (var property in large.Values)
            {
                if (property is QomChildProperty { Released: false } child)
                {
                    destination.Add((child.Name, child.Child));
                }
            }
        }
    }

    private static int SmallCount(QomProperty?[] small)
    {
        int count = 0;
        while (count < small.Length && small[count] is not null)
        {
            count++;
        }

        return count;
    }

    // By position. The table must not change during a walk: a removal would skip the next property
    // here, where the dictionary form throws.
    private static IEnumerable<QomProperty> SmallValues(QomProperty?[] small)
    {
        for (int i = 0; i < small.Length && small[i] is { } property; i++)
        {
            yield return property;
        }
    }
}
