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
/// <remarks>
/// The small form may also hold a child object itself in place of its <c>child&lt;T&gt;</c>
/// property, when the child keeps its own link name (a memory region, see
/// <see cref="QomObject.KeepsOwnLink"/>): the property is made the first time anyone asks for it
/// (a look-up by name, a walk over the properties) and takes the child's place, so that what it
/// answers and where it is listed do not change. Looking a child up for a path or listing the
/// children does not make it. The large form holds properties only.
/// The small form may also hold a placeholder for a child not made yet (<see cref="QomLazyChild"/>):
/// it is listed under its name, and the owner makes the child in its place as soon as anything but
/// a name comparison or <c>info qom-tree</c> reaches it.
/// </remarks>
internal struct QomInstanceProperties
{
    // Past this many, the linear scan loses to hashing.
    private const int SmallLimit = 8;
    private const int FirstCapacity = 4;

    // Null (none), an object?[] filled from the front (null after the last) whose entries are
    // properties, children that keep their own link or placeholders of children not made yet, or
    // an OrderedDictionary.
    private object? store;

    // The object whose table this is (to make a placeholder's child); null for a detached copy.
    private readonly QomObject? owner;

    /// <summary>A table over a store taken from <see cref="Store"/>, of <paramref name="owner"/>.</summary>
    public QomInstanceProperties(object? store, QomObject? owner = null)
    {
        this.store = store;
        this.owner = owner;
    }

    /// <summary>What the table is held in (null when empty): the owner keeps it and makes the table again from it.</summary>
    public readonly object? Store => store;

    /// <summary>The number of properties.</summary>
    public readonly int Count => store switch
    {
        object?[] small => SmallCount(small),
        LargeTable large => large.Count,
        _ => 0,
    };

    /// <summary>Whether there are any.</summary>
    public readonly bool IsEmpty => store switch
    {
        object?[] small => small[0] is null,
        LargeTable large => large.Count == 0,
        _ => true,
    };

    /// <summary>The property named <paramref name="name"/>, or null.</summary>
    public readonly QomProperty? Find(string name)
    {
        if (store is object?[] small)
        {
            for (int i = 0; i < small.Length && small[i] is { } entry; i++)
            {
                if (string.Equals(NameOf(entry), name, StringComparison.Ordinal))
                {
                    return PropertyAt(small, i);
                }
            }

            return null;
        }

        return store is LargeTable large && large.TryGetValue(name, out var found) ? found : null;
    }

    /// <summary>The property named <paramref name="name"/>, or null; a small table is searched without making a string.</summary>
    public readonly QomProperty? Find(ReadOnlySpan<char> name)
    {
        if (store is object?[] small)
        {
            int at = SmallIndexOf(small, name);
            return at < 0 ? null : PropertyAt(small, at);
        }

        return store is LargeTable large && large.TryGetValue(name, out var found) ? found : null;
    }

    /// <summary>
    /// The entry named <paramref name="name"/> as held: a property, or a child that keeps its own
    /// link (whose property is not made); null when there is none.
    /// </summary>
    public readonly object? FindEntry(ReadOnlySpan<char> name)
    {
        if (store is object?[] small)
        {
            int at = SmallIndexOf(small, name);
            return at < 0 ? null : EntryAt(small, at);
        }

        return store is LargeTable large ? large.FindEntry(name) : null;
    }

    /// <inheritdoc cref="FindEntry(ReadOnlySpan{char})"/>
    public readonly object? FindEntry(string name)
    {
        if (store is object?[] small)
        {
            int at = SmallIndexOf(small, name);
            return at < 0 ? null : EntryAt(small, at);
        }

        return store is LargeTable large ? large.FindEntry(name) : null;
    }

    /// <summary>
    /// Whether a child added by index would be held as itself (<see cref="TryAppendIndexed"/>): the
    /// table is in its large form.
    /// </summary>
    public readonly bool HoldsIndexedChildren => store is LargeTable;

    /// <summary>
    /// Appends <paramref name="child"/>, which keeps its <see cref="QomObject.LinkIndex"/>, as itself;
    /// false (nothing added) when it cannot follow the children held so (another stem, an index
    /// not above theirs). The caller has checked the name is free.
    /// </summary>
    public readonly bool TryAppendIndexed(QomObject child) => store is LargeTable large && large.TryAppendIndexed(child);

    /// <summary>Whether the table holds <paramref name="entry"/> itself (a placeholder not yet made into its child).</summary>
    public readonly bool Holds(object entry)
    {
        if (store is object?[] small)
        {
            for (int i = 0; i < small.Length && small[i] is { } held; i++)
            {
                if (ReferenceEquals(held, entry))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether a placeholder can be appended: the table is (and stays) in its small form.</summary>
    public readonly bool CanAppendPlaceholder => store switch
    {
        null => true,
        object?[] small => SmallCount(small) < SmallLimit,
        _ => false,
    };

    /// <summary>Appends the placeholder of a child not made yet; the caller has checked <see cref="CanAppendPlaceholder"/> and the name.</summary>
    public void AddPlaceholder(QomLazyChild placeholder) => InsertEntry(-1, placeholder);

    /// <summary>Puts <paramref name="child"/> (which keeps its own link) in the place of <paramref name="placeholder"/>.</summary>
    public readonly void Fill(QomLazyChild placeholder, QomObject child)
    {
        if (store is object?[] small)
        {
            for (int i = 0; i < small.Length && small[i] is { } held; i++)
            {
                if (ReferenceEquals(held, placeholder))
                {
                    small[i] = child;
                    return;
                }
            }
        }

        throw new InvalidOperationException("the placeholder is not held by its owner's table");
    }

    /// <summary>Drops the placeholders of children never made (finalize: they hold nothing to release).</summary>
    public readonly void DropPlaceholders()
    {
        if (store is object?[] small)
        {
            int to = 0;
            for (int from = 0; from < small.Length && small[from] is { } held; from++)
            {
                if (held is not QomLazyChild)
                {
                    small[to++] = held;
                }
            }

            small.AsSpan(to, SmallCount(small) - to).Clear();
        }
    }

    /// <summary>Makes the property of <paramref name="child"/>, held itself in this table, and puts it in the child's place.</summary>
    public readonly QomChildProperty MaterializeOwnLink(QomObject child)
    {
        if (store is LargeTable large)
        {
            return large.MaterializeIndexed(child);
        }

        if (store is object?[] small)
        {
            for (int i = 0; i < small.Length && small[i] is { } entry; i++)
            {
                if (ReferenceEquals(entry, child))
                {
                    return (QomChildProperty)PropertyAt(small, i);
                }
            }
        }

        throw new InvalidOperationException("the child is not held by its parent's table");
    }

    /// <summary>Appends a property under its <see cref="QomProperty.Name"/>; the caller has checked the name is free.</summary>
    public void Add(QomProperty property) => Insert(-1, property);

    /// <summary>
    /// Appends a child that keeps its own link name, in place of its property (which is made when
    /// asked for); the caller has checked the name is free and made the child's link point here.
    /// </summary>
    public void AddOwnLinkChild(QomObject child) => InsertEntry(-1, child);

    /// <summary>The position of the property named <paramref name="name"/>, or -1.</summary>
    public readonly int IndexOf(string name)
    {
        if (store is object?[] small)
        {
            for (int i = 0; i < small.Length && small[i] is { } entry; i++)
            {
                if (string.Equals(NameOf(entry), name, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        return store is LargeTable large ? large.IndexOf(name) : -1;
    }

    /// <summary>Inserts a property at <paramref name="index"/> (-1: at the end) under its <see cref="QomProperty.Name"/>.</summary>
    public void Insert(int index, QomProperty property) => InsertEntry(index, property);

    private void InsertEntry(int index, object entry)
    {
        if (store is LargeTable large)
        {
            var property = entry as QomProperty ?? QomObject.MakeOwnLinkProperty((QomObject)entry);
            large.Insert(index < 0 ? large.Count : index, property.Name, property);
            return;
        }

        var small = store as object?[];
        int count = small is null ? 0 : SmallCount(small);
        if (index < 0)
        {
            index = count;
        }

        if (count == SmallLimit)
        {
            // The large form holds properties only: children that kept their own link get theirs.
            var grown = new LargeTable();
            for (int i = 0; i < small!.Length; i++)
            {
                var existing = PropertyAt(small, i);
                grown.Insert(i, existing.Name, existing);
            }

            var property = entry as QomProperty ?? QomObject.MakeOwnLinkProperty((QomObject)entry);
            grown.Insert(index, property.Name, property);
            store = grown;
            return;
        }

        if (small is null || count == small.Length)
        {
            var bigger = new object?[small is null ? FirstCapacity : SmallLimit];
            small?.AsSpan().CopyTo(bigger);
            small = bigger;
            store = bigger;
        }

        small.AsSpan(index, count - index).CopyTo(small.AsSpan(index + 1));
        small[index] = entry;
    }

    /// <summary>
    /// Makes room for <paramref name="additional"/> more properties, when that takes the table past
    /// the small form: the large form is made now, at its final size, instead of growing as they come.
    /// </summary>
    public void Reserve(int additional)
    {
        int count = Count;
        if (additional <= 0 || count + additional <= SmallLimit)
        {
            return;
        }

        if (store is not LargeTable large)
        {
            large = new LargeTable();
            if (store is object?[] small)
            {
                for (int i = 0; i < count; i++)
                {
                    var existing = PropertyAt(small, i);
                    large.Insert(i, existing.Name, existing);
                }
            }

            store = large;
        }

        large.Reserve(count + additional);
    }

    /// <summary>
    /// Makes room for <paramref name="additional"/> more children added by index: when that takes
    /// the table past the small form, the large form is made now, and it holds them as themselves.
    /// </summary>
    public void ReserveIndexed(int additional)
    {
        int count = Count;
        if (additional <= 0 || count + additional <= SmallLimit)
        {
            return;
        }

        if (store is not LargeTable)
        {
            Reserve(SmallLimit + 1 - count);
        }

        ((LargeTable)store!).ReserveIndexed(additional);
    }

    /// <summary>Removes the property at <paramref name="index"/>.</summary>
    public readonly void RemoveAt(int index)
    {
        if (store is object?[] small)
        {
            int count = SmallCount(small);
            small.AsSpan(index + 1, count - index - 1).CopyTo(small.AsSpan(index));
            small[count - 1] = null;
        }
        else if (store is LargeTable large)
        {
            large.RemoveAt(index);
        }
    }

    /// <summary>Removes the property named <paramref name="name"/> if there is one (from a large table in O(1)).</summary>
    public readonly void Remove(string name)
    {
        if (store is LargeTable large)
        {
            large.Remove(name);
            return;
        }

        int index = IndexOf(name);
        if (index >= 0)
        {
            RemoveAt(index);
        }
    }

    /// <summary>Drops every property (finalize: they have been released).</summary>
    public void Clear() => store = null;

    /// <summary>The properties in order.</summary>
    /// <remarks>A child that kept its own link gets its property as the walk reaches it.</remarks>
    public readonly IEnumerable<QomProperty> Values => store switch
    {
        object?[] small => SmallValues(small, owner),
        LargeTable large => large.Values,
        _ => [],
    };

    /// <summary>Adds the child properties not yet released to <paramref name="destination"/>, in order, without an enumerator object.</summary>
    public readonly void AddChildrenTo(List<(string Name, QomObject Child)> destination)
    {
        if (store is object?[] small)
        {
            for (int i = 0; i < small.Length && small[i] is not null; i++)
            {
                var entry = EntryAt(small, i);
                if (entry is QomChildProperty { Released: false } child)
                {
                    destination.Add((child.Name, child.Child));
                }
                else if (entry is QomObject ownLink)
                {
                    destination.Add((ownLink.OwnLinkName!, ownLink));
                }
            }
        }
        else if (store is LargeTable large)
        {
            large.AddChildrenTo(destination);
        }
    }

    /// <summary>
    /// <see cref="AddChildrenTo"/> for <c>info qom-tree</c>: a child not made yet is listed as its
    /// placeholder (a <see cref="QomLazyChild"/>, which has no children) instead of being made, and
    /// a child that keeps its index with a null name (its name is not made: see
    /// <see cref="QomObject.AppendCanonicalPathComponent"/>).
    /// </summary>
    public readonly void AddTreeChildrenTo(List<(string? Name, object Child)> destination)
    {
        if (store is object?[] small)
        {
            foreach (var entry in small)
            {
                if (entry is null)
                {
                    break;
                }

                if (entry is QomChildProperty { Released: false } child)
                {
                    destination.Add((child.Name, child.Child));
                }
                else if (entry is QomObject ownLink)
                {
                    destination.Add((ownLink.OwnLinkName!, ownLink));
                }
                else if (entry is QomLazyChild placeholder)
                {
                    destination.Add((placeholder.Name, placeholder));
                }
            }
        }
        else if (store is LargeTable large)
        {
            // Sized once (an over-estimate: not every entry is a child): a container of 100,000
            // devices would otherwise grow its list through every power of two.
            destination.EnsureCapacity(destination.Count + large.Count);
            large.AddTreeChildrenTo(destination);
        }
    }

    private static int SmallCount(object?[] small)
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
    private static IEnumerable<QomProperty> SmallValues(object?[] small, QomObject? owner)
    {
        for (int i = 0; i < small.Length && small[i] is not null; i++)
        {
            yield return PropertyAt(small, i, owner);
        }
    }

    // The name an entry is listed under.
    private static string NameOf(object entry) => entry switch
    {
        QomProperty property => property.Name,
        QomLazyChild placeholder => placeholder.Name,
        _ => ((QomObject)entry).OwnLinkName!,
    };

    private static int SmallIndexOf(object?[] small, ReadOnlySpan<char> name)
    {
        for (int i = 0; i < small.Length && small[i] is { } entry; i++)
        {
            if (name.SequenceEqual(NameOf(entry)))
            {
                return i;
            }
        }

        return -1;
    }

    // The entry at a position of the small form, a placeholder made into its child first (in place:
    // the owner fills this same array).
    private readonly object EntryAt(object?[] small, int index) => EntryAt(small, index, owner);

    private static object EntryAt(object?[] small, int index, QomObject? owner)
    {
        var entry = small[index]!;
        if (entry is QomLazyChild placeholder)
        {
            placeholder.Materialize(owner ?? throw new InvalidOperationException("a placeholder's table was read without its owner"));
            entry = small[index]!;
            if (entry is QomLazyChild)
            {
                throw new InvalidOperationException($"child '{placeholder.Name}' was not made in its placeholder's place");
            }
        }

        return entry;
    }

    // The property at a position of the small form, made for a child that kept its own link.
    private readonly QomProperty PropertyAt(object?[] small, int index) => PropertyAt(small, index, owner);

    private static QomProperty PropertyAt(object?[] small, int index, QomObject? owner)
    {
        var entry = EntryAt(small, index, owner);
        if (entry is QomProperty property)
        {
            return property;
        }

        var made = QomObject.MakeOwnLinkProperty((QomObject)entry);
        small[index] = made;
        return made;
    }

    // The large form: the properties in order, by name. Removing one by name leaves a hole in the
    // order, O(1) (a container of many devices loses them one by one as they are unplugged); the
    // holes are closed up, in order, once they outnumber the properties, and before anything
    // addresses the table by position (positions count properties, not holes).
    // After the properties come the children held by index (a run): children that keep their
    // LinkIndex, all of one stem, in increasing index, each held as itself (or as its property
    // once made), with no name string and no hash entry. A property added after them, or anything
    // that addresses the table by position, first gives them their properties in their place
    // (Flush), so that the order is always the order of addition.
    private sealed class LargeTable
    {
        // Indices may skip this many past the last one held (children that failed or were removed
        // before the next was added) before the run is flushed instead of holding the gap.
        private const int MaxGap = 4096;

        private readonly List<QomProperty?> slots = new(SmallLimit * 2);
        private readonly Dictionary<string, int> byName = new(SmallLimit * 2, StringComparer.Ordinal);
        private int holes;

        // Position p of the run holds the child of index runBase + p, its property once made, or
        // null (removed, or an index never added).
        private List<object?>? run;
        private int runBase;
        private int runCount;
        private string? runStem;
        private int runReserve;

        public int Count => slots.Count - holes + runCount;

        public bool TryGetValue(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out QomProperty? property)
        {
            if (byName.TryGetValue(name, out int at))
            {
                property = slots[at]!;
                return true;
            }

            return TryGetIndexed(name, out property);
        }

        public bool TryGetValue(ReadOnlySpan<char> name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out QomProperty? property)
        {
            if (byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out int at))
            {
                property = slots[at]!;
                return true;
            }

            return TryGetIndexed(name, out property);
        }

        // A property, or a child held by index as itself (its property not made).
        public object? FindEntry(ReadOnlySpan<char> name)
        {
            if (byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out int at))
            {
                return slots[at];
            }

            int position = RunPosition(name);
            return position < 0 ? null : run![position];
        }

        public int IndexOf(string name)
        {
            Flush();
            CloseHoles();
            return byName.TryGetValue(name, out int at) ? at : -1;
        }

        public void Insert(int index, string name, QomProperty property)
        {
            // After the children held by index: they get their properties first, in their place.
            Flush();
            if (index >= Count)
            {
                // Appending, the common case: no position to keep.
                byName.Add(name, slots.Count);
                slots.Add(property);
                return;
            }

            CloseHoles();
            byName.Add(name, index);
            slots.Insert(index, property);
            Renumber(index + 1);
        }

        public void Reserve(int total)
        {
            slots.EnsureCapacity(total + holes);
            byName.EnsureCapacity(total);
        }

        public void ReserveIndexed(int additional)
        {
            runReserve = additional;
            run?.EnsureCapacity(run.Count + additional);
        }

        public bool TryAppendIndexed(QomObject child)
        {
            int index = child.LinkIndex;
            string stem = child.LinkIndexStem!;
            if (runCount == 0)
            {
                run ??= new List<object?>(Math.Max(runReserve, SmallLimit * 2));
                run.Clear();
                runBase = index;
                runStem = stem;
            }
            else if (!string.Equals(stem, runStem, StringComparison.Ordinal) || index < runBase + run!.Count
                || index - (runBase + run.Count) > MaxGap)
            {
                return false;
            }

            while (runBase + run.Count < index)
            {
                run.Add(null);
            }

            run.Add(child);
            runCount++;
            return true;
        }

        // The property of a child held by index, made and put in its place.
        public QomChildProperty MaterializeIndexed(QomObject child)
        {
            int position = child.LinkIndex - runBase;
            if (run is null || child.LinkIndex < 0 || (uint)position >= (uint)run.Count || !ReferenceEquals(run[position], child))
            {
                throw new InvalidOperationException("the child is not held by its parent's table");
            }

            var property = QomObject.MakeOwnLinkProperty(child);
            run[position] = property;
            return property;
        }

        public void RemoveAt(int index)
        {
            Flush();
            CloseHoles();
            Remove(slots[index]!.Name);
        }

        public void Remove(string name)
        {
            if (!byName.Remove(name, out int at))
            {
                RemoveIndexed(name);
                return;
            }

            if (at == slots.Count - 1)
            {
                slots.RemoveAt(at);
            }
            else
            {
                slots[at] = null;
                holes++;
                if (holes > 64 && holes > slots.Count - holes)
                {
                    CloseHoles();
                }
            }
        }

        // In order (a child held by index gets its property as the walk reaches it); the table must
        // not change otherwise during a walk.
        public IEnumerable<QomProperty> Values
        {
            get
            {
                foreach (var property in slots)
                {
                    if (property is not null)
                    {
                        yield return property;
                    }
                }

                for (int i = 0; run is not null && i < run.Count; i++)
                {
                    if (PropertyInRun(i) is { } property)
                    {
                        yield return property;
                    }
                }
            }
        }

        public void AddChildrenTo(List<(string Name, QomObject Child)> destination)
        {
            foreach (var property in slots)
            {
                if (property is QomChildProperty { Released: false } child)
                {
                    destination.Add((child.Name, child.Child));
                }
            }

            for (int i = 0; run is not null && i < run.Count; i++)
            {
                if (run[i] is QomObject held)
                {
                    destination.Add((held.OwnLinkName!, held));
                }
                else if (run[i] is QomChildProperty { Released: false } child)
                {
                    destination.Add((child.Name, child.Child));
                }
            }
        }

        public void AddTreeChildrenTo(List<(string? Name, object Child)> destination)
        {
            foreach (var property in slots)
            {
                if (property is QomChildProperty { Released: false } child)
                {
                    destination.Add((child.Name, child.Child));
                }
            }

            for (int i = 0; run is not null && i < run.Count; i++)
            {
                if (run[i] is QomObject held)
                {
                    destination.Add((null, held));
                }
                else if (run[i] is QomChildProperty { Released: false } child)
                {
                    destination.Add((child.Name, child.Child));
                }
            }
        }

        private bool TryGetIndexed(ReadOnlySpan<char> name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out QomProperty? property)
        {
            int position = RunPosition(name);
            property = position < 0 ? null : PropertyInRun(position);
            return property is not null;
        }

        // The position in the run of the child named name, or -1.
        private int RunPosition(ReadOnlySpan<char> name)
        {
            if (runCount == 0 || !QomObject.TryParseIndexedName(name, runStem!, out int index))
            {
                return -1;
            }

            int position = index - runBase;
            return (uint)position < (uint)run!.Count && run[position] is not null ? position : -1;
        }

        // The property at a position of the run, made for a child held as itself; null for a gap.
        private QomProperty? PropertyInRun(int position)
        {
            var entry = run![position];
            if (entry is QomObject child)
            {
                var made = QomObject.MakeOwnLinkProperty(child);
                run[position] = made;
                return made;
            }

            return (QomProperty?)entry;
        }

        private void RemoveIndexed(string name)
        {
            int position = RunPosition(name);
            if (position < 0)
            {
                return;
            }

            run![position] = null;
            runCount--;
            if (runCount == 0)
            {
                run.Clear();
                return;
            }

            // Trailing gaps go at once, leading ones once they are most of the run.
            while (run[^1] is null)
            {
                run.RemoveAt(run.Count - 1);
            }

            if (runCount * 2 < run.Count)
            {
                int first = 0;
                while (run[first] is null)
                {
                    first++;
                }

                run.RemoveRange(0, first);
                runBase += first;
            }
        }

        // The children held by index get their properties, appended to the stored ones in order.
        private void Flush()
        {
            if (run is null || runCount == 0)
            {
                return;
            }

            for (int i = 0; i < run.Count; i++)
            {
                if (PropertyInRun(i) is { } property)
                {
                    byName.Add(property.Name, slots.Count);
                    slots.Add(property);
                }
            }

            run.Clear();
            runCount = 0;
        }

        private void CloseHoles()
        {
            if (holes == 0)
            {
                return;
            }

            slots.RemoveAll(static p => p is null);
            holes = 0;
            Renumber(0);
        }

        private void Renumber(int from)
        {
            for (int i = from; i < slots.Count; i++)
            {
                byName[slots[i]!.Name] = i;
            }
        }
    }
}
