using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;

namespace QomSharp;

public partial class QomObject
{
    // The child property that holds this object (parentLink, kept with the instance property
    // table); its owner is the parent.

    /// <summary>The object's parent in the composition tree, if any.</summary>
    public QomObject? Parent => parentLink?.Owner;

    /// <summary>
    /// Adds <paramref name="child"/> as a <c>child&lt;T&gt;</c> property named <paramref name="name"/>
    /// (QEMU's <c>object_property_try_add_child</c>): the parent takes a reference. An object has
    /// at most one parent; a duplicate name fails and leaves the child untouched.
    /// </summary>
    public QomChildProperty AddChild(string name, QomObject child)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(child);
        if (child.parentLink is not null)
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
    /// <c>stem[*]</c> string for it.
    /// </summary>
    internal QomChildProperty AddIndexedChild(ReadOnlySpan<char> stem, QomObject child)
    {
        if (child.parentLink is not null)
        {
            throw new QomFatalException($"object of type '{child.TypeName}' already has a parent");
        }

        // The placeholder name is replaced by the index found.
        var property = new QomChildProperty(string.Empty, this, child);
        AddIndexedProperty(stem, property);
        child.Ref();
        child.parentLink = property;
        return property;
    }

    /// <summary>
    /// Removes the object from its parent (QEMU's <c>object_unparent</c>): runs the unparent hook,
    /// clears the parent and drops the parent's reference. Does nothing without a parent.
    /// </summary>
    public void Unparent()
    {
        if (parentLink is { } link)
        {
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
    public IEnumerable<(string Name, QomObject Child)> Children
    {
        get
        {
            foreach (var property in instanceProperties.Values)
            {
                if (property is QomChildProperty child && !child.Released)
                {
                    yield return (child.Name, child.Child);
                }
            }
        }
    }

    // Children into a caller's list, for tree walks that visit every object and must not allocate per object.
    internal void AddChildrenTo(List<(string Name, QomObject Child)> destination) => instanceProperties.AddChildrenTo(destination);

    /// <summary>The child named <paramref name="name"/>, if this object has one.</summary>
    public QomObject? GetChild(string name) =>
        instanceProperties.Find(name) is QomChildProperty { Released: false } c
            ? c.Child
            : null;

    /// <summary>The name under which the parent holds this object, or null without a parent.</summary>
    public string? CanonicalPathComponent => parentLink?.Name;

    /// <summary>
    /// The absolute path from the root (<c>/machine/peripheral/rp0</c>; <c>/</c> for the root), or
    /// null when the chain of parents does not reach the root.
    /// </summary>
    public string? CanonicalPath => BuildPath(throughDetaching: false);

    // Whether the chain of parents reaches the root (CanonicalPath is not null), found without a string.
    internal bool ReachesRoot()
    {
        var root = Context.Root;
        for (var obj = this; !ReferenceEquals(obj, root); obj = obj.parentLink.Owner)
        {
            if (obj.parentLink is null)
            {
                return false;
            }
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

    private static QomChildProperty? LinkOf(QomObject obj, bool throughDetaching)
    {
        if (obj.parentLink is not null || !throughDetaching || detaching is not { } links)
        {
            return obj.parentLink;
        }

        for (int i = links.Count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(links[i].Child, obj))
            {
                return links[i];
            }
        }

        return null;
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
            if (LinkOf(obj, throughDetaching) is not { } link)
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

            length += link.Name.Length + 1;
            obj = link.Owner;
        }

        return string.Create(length, (Leaf: this, throughDetaching, formerPath), static (chars, state) =>
        {
            int end = chars.Length;
            for (var obj = state.Leaf; LinkOf(obj, state.throughDetaching) is { } link; obj = link.Owner)
            {
                string name = link.Name;
                end -= name.Length;
                name.CopyTo(chars[end..]);
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
