using System;
using System.Collections.Generic;

namespace QomSharp;

public partial class QomObject
{
    // The child property that holds this object; its owner is the parent (one field for both).
    private QomChildProperty? parentLink;

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
    public string? CanonicalPath
    {
        get
        {
            var root = Context.Root;
            if (ReferenceEquals(this, root))
            {
                return "/";
            }

            // Measured first, then written from the end: one string, nothing else allocated.
            int length = 0;
            for (var obj = this; !ReferenceEquals(obj, root); obj = obj.parentLink.Owner)
            {
                if (obj.parentLink is null)
                {
                    return null;
                }

                length += obj.parentLink.Name.Length + 1;
            }

            return string.Create(length, this, static (chars, leaf) =>
            {
                int end = chars.Length;
                for (var obj = leaf; obj.parentLink is { } link; obj = link.Owner)
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
            });
        }
    }
}
