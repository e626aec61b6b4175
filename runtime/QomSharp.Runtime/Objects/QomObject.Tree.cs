using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;

namespace QomSharp;

public partial class QomObject
{
    // The child property that holds this object (parentLink, kept with the instance property
    // table), whose owner is the parent; or the parent itself, for an object that keeps its own link.

    /// <summary>The object's parent in the composition tree, if any.</summary>
    public QomObject? Parent => node switch
    {
        QomChildProperty link => link.Owner,
        QomObject owner => owner,
        LinkAndTable { Link: QomChildProperty link } => link.Owner,
        LinkAndTable { Link: QomObject owner } => owner,
        _ => null,
    };

    /// <summary>
    /// Adds <paramref name="child"/> as a <c>child&lt;T&gt;</c> property named <paramref name="name"/>
    /// (QEMU's <c>object_property_try_add_child</c>): the parent takes a reference. An object has
    /// at most one parent; a duplicate name fails and leaves the child untouched.
    /// </summary>
    public QomChildProperty AddChild(string name, QomObject child)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(child);
        if (child.Parent is not null)
        {
            throw new QomFatalException($"object of type '{child.TypeName}' already has a parent");
        }

        var property = new QomChildProperty(name, this, child);
        AddProperty(property);
        child.Ref();
        child.parentLink = property;
        return property;
    }

    /// <summary>
    /// <see cref="AddChild"/> with the name <c>stem[*]</c> given as its stem (the first free
    /// <c>stem[N]</c>), so that a caller holding the stem (a memory region's name) makes no
    /// <c>stem[*]</c> string for it. A child that <see cref="KeepsOwnLink"/> is held by the table
    /// itself, its property made only when asked for.
    /// </summary>
    internal void AddIndexedChild(ReadOnlySpan<char> stem, QomObject child)
    {
        if (child.Parent is not null)
        {
            throw new QomFatalException($"object of type '{child.TypeName}' already has a parent");
        }

        if (child.KeepsOwnLink && child.node is null)
        {
            string name = FreeIndexedName(stem);
            StoreDerivedProperties(name);
            child.OwnLinkName = name;
            child.Ref();
            child.node = this;
            var table = instanceProperties;
            table.AddOwnLinkChild(child);
            SetInstanceProperties(table);
            return;
        }

        // The placeholder name is replaced by the index found.
        var property = new QomChildProperty(string.Empty, this, child);
        AddIndexedProperty(stem, property);
        child.Ref();
        child.parentLink = property;
    }

    /// <summary>
    /// <see cref="AddChild"/> with the name <c>stem[index]</c> (QEMU's <c>device[%d]</c> under
    /// <c>/machine/peripheral-anon</c>). A container with many children holds a child that can keep
    /// its index (<see cref="TrySetLinkIndex"/>) as itself, in the order added, and makes its
    /// property and name only when asked for them; what <c>qom-list</c>, <c>qom-get</c>, paths and
    /// unparent see is what <see cref="AddChild"/> gives.
    /// </summary>
    internal void AddChildWithIndex(string stem, int index, QomObject child)
    {
        if (child.Parent is not null)
        {
            throw new QomFatalException($"object of type '{child.TypeName}' already has a parent");
        }

        var table = instanceProperties;
        if (this is QomContainer && index >= 0 && table.HoldsIndexedChildren && child.TrySetLinkIndex(stem, index))
        {
            Span<char> name = stackalloc char[IndexedNameLength(stem, index)];
            FormatIndexedName(stem, index, name);
            if (Class.FindProperty(name) is null && table.FindEntry(name) is null && table.TryAppendIndexed(child))
            {
                child.Ref();
                child.SetLink(this);
                return;
            }

            child.ClearLinkIndex();
        }

        AddChild(string.Concat(stem, "[", index.ToString(CultureInfo.InvariantCulture), "]"), child);
    }

    // The length of stem[index] (index not negative).
    internal static int IndexedNameLength(string stem, int index)
    {
        int digits = 1;
        for (int rest = index; rest >= 10; rest /= 10)
        {
            digits++;
        }

        return stem.Length + digits + 2;
    }

    // Writes stem[index] into destination, exactly IndexedNameLength long.
    internal static void FormatIndexedName(string stem, int index, Span<char> destination)
    {
        stem.CopyTo(destination);
        destination[stem.Length] = '[';
        destination[^1] = ']';
        for (int at = destination.Length - 2, rest = index; at > stem.Length; at--, rest /= 10)
        {
            destination[at] = (char)('0' + (rest % 10));
        }
    }

    // stem[N] with N as QEMU's %d prints a non-negative int (no sign, no leading zero).
    internal static bool TryParseIndexedName(ReadOnlySpan<char> name, string stem, out int index)
    {
        index = 0;
        if (name.Length < stem.Length + 3 || !name.StartsWith(stem) || name[stem.Length] != '[' || name[^1] != ']')
        {
            return false;
        }

        var digits = name[(stem.Length + 1)..^1];
        if (digits.Length > 9 || (digits.Length > 1 && digits[0] == '0'))
        {
            return false;
        }

        foreach (char c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            index = (index * 10) + (c - '0');
        }

        return true;
    }

    // The name under the parent of an object that keeps its index (stem[index]), made as a string.
    private protected string IndexedLinkName()
    {
        string stem = LinkIndexStem!;
        int index = LinkIndex;
        return string.Create(IndexedNameLength(stem, index), (stem, index), static (chars, state) => FormatIndexedName(state.stem, state.index, chars));
    }

    // Appends CanonicalPathComponent to text, without making the name of an object that keeps its index.
    internal void AppendCanonicalPathComponent(System.Text.StringBuilder text)
    {
        if (KeptLinkOwner is not null && LinkIndex >= 0)
        {
            text.Append(LinkIndexStem).Append('[').Append(LinkIndex).Append(']');
            return;
        }

        text.Append(CanonicalPathComponent);
    }

    /// <summary>
    /// Removes the object from its parent (QEMU's <c>object_unparent</c>): runs the unparent hook,
    /// clears the parent and drops the parent's reference. Does nothing without a parent.
    /// </summary>
    public void Unparent()
    {
        if (MaterializeOwnLink() is { } link)
        {
            if (link.Owner.DerivedPropertiesAt >= 0)
            {
                link.Owner.StoreDerivedProperties(null);
            }

            link.Release(link.Owner);
            link.Owner.instanceProperties.Remove(link.Name);
        }
    }

    // Called by the child property's release: the unparent hook sees the parent still set.
    internal void DetachFromParent()
    {
        OnUnparent();
        parentLink = null;
    }

    /// <summary>The object's children, in the order they were added.</summary>
    /// <remarks>The children as they were when asked (no child's property is made for the list).</remarks>
    public IEnumerable<(string Name, QomObject Child)> Children
    {
        get
        {
            var children = new List<(string Name, QomObject Child)>();
            instanceProperties.AddChildrenTo(children);
            return children;
        }
    }

    // Children into a caller's list, for tree walks that visit every object and must not allocate per object.
    // Children not made yet come as their placeholders (QomLazyChild), which info qom-tree prints as they are.
    internal void AddTreeChildrenTo(List<(string? Name, object Child)> destination) => instanceProperties.AddTreeChildrenTo(destination);

    /// <summary>The child named <paramref name="name"/>, if this object has one.</summary>
    public QomObject? GetChild(string name) => instanceProperties.FindEntry(name) switch
    {
        QomChildProperty { Released: false } c => c.Child,
        QomObject ownLink => ownLink,
        _ => null,
    };

    /// <summary>The name under which the parent holds this object, or null without a parent.</summary>
    public string? CanonicalPathComponent => KeptLinkOwner is not null ? OwnLinkName : parentLink?.Name;

    /// <summary>
    /// The absolute path from the root (<c>/machine/peripheral/rp0</c>; <c>/</c> for the root), or
    /// null when the chain of parents does not reach the root.
    /// </summary>
    public string? CanonicalPath => BuildPath(throughDetaching: false);

    // Whether the chain of parents reaches the root (CanonicalPath is not null), found without a string.
    internal bool ReachesRoot()
    {
        var root = Context.Root;
        for (var obj = this; !ReferenceEquals(obj, root);)
        {
            if (obj.Parent is not { } parent)
            {
                return false;
            }

            obj = parent;
        }

        return true;
    }

    // The links of the objects being finalized on this thread because they were just detached
    // (innermost last): an unparent hook run by the finalize of a detached ancestor can still name
    // the path the object had (a device's DEVICE_DELETED event, QEMU's path kept from realize).
    [ThreadStatic]
    private static List<QomChildProperty>? detaching;

    // Objects detached while still referenced elsewhere, with the path they had: they finalize
    // later, and what they hold can still name its path then. Weak: an entry goes with its object.
    private static readonly ConditionalWeakTable<QomObject, string> detachedWhileReferenced = [];

    // The last unref of a child just detached from formerLink: while it finalizes, the path through
    // it stays known. A child something else still holds keeps the path it had until it goes.
    internal void UnrefDetached(QomChildProperty formerLink)
    {
        if (Volatile.Read(ref refCount) != 1)
        {
            if (formerLink.Owner.BuildPath(throughDetaching: true) is { } ownerPath)
            {
                detachedWhileReferenced.AddOrUpdate(this, ownerPath.Length == 1 ? "/" + formerLink.Name : ownerPath + "/" + formerLink.Name);
            }

            Unref();
            return;
        }

        var links = detaching ??= [];
        links.Add(formerLink);
        try
        {
            Unref();
        }
        finally
        {
            links.RemoveAt(links.Count - 1);
        }
    }

    /// <summary>
    /// The path the object had while its ancestors were in the tree: <see cref="CanonicalPath"/>, or,
    /// inside the finalize of an ancestor that was just detached, the path through that ancestor's
    /// former place.
    /// </summary>
    internal string? PathThroughDetaching() => BuildPath(throughDetaching: true);

    // The parent and the name under it (through a detaching ancestor's former link if asked); false
    // without. The name is null for an object that keeps its index (IndexedNameLength, FormatIndexedName).
    private static bool TryLinkOf(QomObject obj, bool throughDetaching, out QomObject owner, out string? name)
    {
        if (obj.KeptLinkOwner is { } parent)
        {
            owner = parent;
            name = obj.LinkIndex >= 0 ? null : obj.OwnLinkName!;
            return true;
        }

        var link = obj.parentLink;
        if (link is null && throughDetaching && detaching is { } links)
        {
            for (int i = links.Count - 1; i >= 0; i--)
            {
                if (ReferenceEquals(links[i].Child, obj))
                {
                    link = links[i];
                    break;
                }
            }
        }

        owner = link?.Owner!;
        name = link?.Name!;
        return link is not null;
    }

    private string? BuildPath(bool throughDetaching)
    {
        var root = Context.Root;
        if (ReferenceEquals(this, root))
        {
            return "/";
        }

        // Measured first, then written from the end: one string, nothing else allocated. Through
        // detaching, an ancestor detached while still referenced gives the path it had.
        int length = 0;
        string? formerPath = null;
        for (var obj = this; !ReferenceEquals(obj, root);)
        {
            if (!TryLinkOf(obj, throughDetaching, out var owner, out string? name))
            {
                if (throughDetaching && detachedWhileReferenced.TryGetValue(obj, out formerPath))
                {
                    if (ReferenceEquals(obj, this))
                    {
                        return formerPath;
                    }

                    length += formerPath.Length;
                    break;
                }

                return null;
            }

            length += (name?.Length ?? IndexedNameLength(obj.LinkIndexStem!, obj.LinkIndex)) + 1;
            obj = owner;
        }

        return string.Create(length, (Leaf: this, throughDetaching, formerPath), static (chars, state) =>
        {
            int end = chars.Length;
            for (var obj = state.Leaf; TryLinkOf(obj, state.throughDetaching, out var owner, out string? name); obj = owner)
            {
                if (name is null)
                {
                    string stem = obj.LinkIndexStem!;
                    int length = IndexedNameLength(stem, obj.LinkIndex);
                    end -= length;
                    FormatIndexedName(stem, obj.LinkIndex, chars.Slice(end, length));
                }
                else
                {
                    end -= name.Length;
                    name.CopyTo(chars[end..]);
                }

                chars[--end] = '/';
                if (end == 0)
                {
                    break;
                }
            }

            state.formerPath?.CopyTo(chars);
        });
    }
}
