using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace QomSharp;

public partial class QomObject
{
    private protected const int MaxAutoIndex = 32767;
    // The parent link and the instance property table share one field, since most objects have at
    // most one of them (a device's region has a parent and no instance property, an object made
    // and dropped has neither): null, the parent link alone (a QomChildProperty), the parent alone
    // (a QomObject: this object keeps its own link name, see KeepsOwnLink), the table's store
    // alone (an object?[] or a large table), or a link and a store in a LinkAndTable. The
    // LinkAndTable also holds a subclass's side reference (SideSlot), which few objects set.
    private object? node;

    private sealed class LinkAndTable
    {
        // The parent's child property, or the parent itself for an object that keeps its own link
        // name (KeepsOwnLink) or index (LinkIndex).
        public object? Link;
        public object? Store;
        public object? Side;
    }

    // The parent of an object that keeps its own link name or index (the parent's table holds the
    // object itself, no property yet); null for any other.
    private QomObject? KeptLinkOwner => node switch
    {
        QomObject owner => owner,
        LinkAndTable { Link: QomObject owner } => owner,
        _ => null,
    };

    // Points the object's link at its parent's child property or at the parent itself.
    private void SetLink(object? link)
    {
        if (node is LinkAndTable both)
        {
            both.Link = link;
        }
        else if (node is null or QomChildProperty or QomObject)
        {
            node = link;
        }
        else if (link is not null)
        {
            node = new LinkAndTable { Link = link, Store = node };
        }
    }

    /// <summary>
    /// One reference a subclass of this assembly keeps with the parent link and the instance
    /// table instead of in a field of its own (a device's parent bus or its rarer state): an object
    /// that never sets it is 8 B smaller, one that does shares the link and table's side object
    /// (made when it has none; an object with neither a parent nor instance properties then
    /// finalizes on the general path).
    /// </summary>
    private protected object? SideSlot
    {
        get => node is LinkAndTable both ? both.Side : null;
        set
        {
            if (node is LinkAndTable both)
            {
                both.Side = value;
                if (value is null && both.Link is null && both.Store is null)
                {
                    node = null;
                }
            }
            else if (value is not null)
            {
                node = node switch
                {
                    null => new LinkAndTable { Side = value },
                    QomChildProperty or QomObject => new LinkAndTable { Link = node, Side = value },
                    var store => new LinkAndTable { Store = store, Side = value },
                };
            }
        }
    }

    /// <summary>
    /// Whether the object, as a child added with an auto-index (<c>name[*]</c>), keeps its link
    /// name itself (<see cref="OwnLinkName"/>) and is held by its parent's instance table in place
    /// of its <c>child&lt;T&gt;</c> property: the property is made only when someone asks for it
    /// (a look-up by its name, a walk over the parent's properties), and then takes the child's
    /// place, so the listing and its order are the same. Path walks and child listings do not make
    /// it. A device's memory regions, of which a machine of many devices holds several per device,
    /// so save the property's object each.
    /// </summary>
    internal virtual bool KeepsOwnLink => false;

    /// <summary>The link name of an object that <see cref="KeepsOwnLink"/> (its store); null for any other.</summary>
    internal virtual string? OwnLinkName
    {
        get => null;
        set => throw new InvalidOperationException("the object does not keep its own link name");
    }

    // The parent's child property, made for an object held by its parent's table itself (the
    // table puts it in the object's place).
    internal static QomChildProperty MakeOwnLinkProperty(QomObject child)
    {
        var owner = child.KeptLinkOwner!;
        var property = new QomChildProperty(child.OwnLinkName!, owner, child);
        child.SetLink(property);
        child.ClearLinkIndex();
        return property;
    }

    // The link to the parent, made if the object keeps its own link; null without a parent.
    private QomChildProperty? MaterializeOwnLink() =>
        KeptLinkOwner is { } owner ? owner.instanceProperties.MaterializeOwnLink(this) : parentLink;

    // The parent's child property when it exists (not for an object that keeps its own link).
    private QomChildProperty? parentLink
    {
        get => node switch
        {
            QomChildProperty link => link,
            LinkAndTable both => both.Link as QomChildProperty,
            _ => null,
        };
        set => SetLink(value);
    }

    /// <summary>
    /// Whether the object, as the child <c>stem[index]</c> of a container with many children (a
    /// device under <c>/machine/peripheral-anon</c>), can keep that index itself (<see cref="LinkIndex"/>):
    /// the container then holds the object instead of a <c>child&lt;T&gt;</c> property and a name
    /// string, and makes them only when someone asks for the property (a look-up by its name,
    /// <c>qom-list</c>, an unparent). True when the index was taken.
    /// </summary>
    internal virtual bool TrySetLinkIndex(string stem, int index) => false;

    /// <summary>The index the object keeps as the child <c><see cref="LinkIndexStem"/>[index]</c>; -1 when it keeps none.</summary>
    internal virtual int LinkIndex => -1;

    /// <summary>The stem of the name an object that keeps a <see cref="LinkIndex"/> has (<c>device</c>).</summary>
    internal virtual string? LinkIndexStem => null;

    /// <summary>Forgets the <see cref="LinkIndex"/> (the object's child property was made).</summary>
    internal virtual void ClearLinkIndex()
    {
    }

    // A copy of the table: a change to it is kept with SetInstanceProperties.
    private QomInstanceProperties instanceProperties => new(node switch
    {
        QomChildProperty or QomObject => null,
        LinkAndTable both => both.Store,
        var store => store,
    }, this);

    /// <summary>
    /// Lists the child <paramref name="placeholder"/> names before it is made (see
    /// <see cref="QomLazyChild"/>): appended to the instance properties, made in its place the first
    /// time anything looks at it. False (nothing added) when the name is taken or the object has
    /// too many instance properties to hold a placeholder; the caller then makes the child now.
    /// </summary>
    protected bool TryAddLazyChild(QomLazyChild placeholder)
    {
        ArgumentNullException.ThrowIfNull(placeholder);
        var table = instanceProperties;
        if (!table.CanAppendPlaceholder || DerivedPropertiesAt >= 0 || FindDerivedProperty(placeholder.Name) is not null || HasProperty(placeholder.Name))
        {
            return false;
        }

        table.AddPlaceholder(placeholder);
        SetInstanceProperties(table);
        return true;
    }

    /// <summary>Whether <paramref name="placeholder"/> still stands for a child not made yet.</summary>
    protected bool HasLazyChild(QomLazyChild placeholder) => instanceProperties.Holds(placeholder);

    // Puts a child just made (a reference of its own, which becomes the parent's) in the place of its placeholder.
    internal void FillLazyChild(QomLazyChild placeholder, QomObject child)
    {
        if (!child.KeepsOwnLink || child.node is not null)
        {
            throw new InvalidOperationException("a placeholder's child keeps its own link and has no parent yet");
        }

        var table = instanceProperties;
        table.Fill(placeholder, child);
        child.OwnLinkName = placeholder.Name;
        child.node = this;
    }

    private void SetInstanceProperties(QomInstanceProperties table)
    {
        object? store = table.Store;
        switch (node)
        {
            case LinkAndTable both:
                both.Store = store;
                break;
            case QomChildProperty or QomObject:
                if (store is not null)
                {
                    node = new LinkAndTable { Link = node, Store = store };
                }

                break;
            default:
                node = store;
                break;
        }
    }

    // Room for this many more instance properties (a container about to get many children).
    internal void ReserveInstanceProperties(int additional)
    {
        var table = instanceProperties;
        table.Reserve(additional);
        SetInstanceProperties(table);
    }

    // Room for this many more children added by index (AddChildWithIndex), which a container holds
    // as themselves once it has more than a few children.
    internal void ReserveIndexedChildren(int additional)
    {
        var table = instanceProperties;
        table.ReserveIndexed(additional);
        SetInstanceProperties(table);
    }

    // Appends an instance property (the caller has checked the name is free).
    private void AddToInstanceProperties(QomProperty property)
    {
        var table = instanceProperties;
        table.Add(property);
        SetInstanceProperties(table);
    }

    /// <summary>
    /// Finds a property: class properties first (the object's class, then its ancestors), then the
    /// object's own instance properties (QEMU's <c>object_property_find</c>).
    /// </summary>
    public QomProperty? FindProperty(ReadOnlySpan<char> name) =>
        Class.FindProperty(name) ?? instanceProperties.Find(name) ?? FindDerivedProperty(name);

    /// <summary>Finds a property or fails with <c>Property '%s.%s' not found</c>.</summary>
    public QomProperty GetPropertyOrThrow(ReadOnlySpan<char> name) => FindProperty(name) ?? throw NotFound(name);

    /// <inheritdoc cref="FindProperty(ReadOnlySpan{char})"/>
    public QomProperty? FindProperty(string name) => Class.FindProperty(name) ?? FindInstanceProperty(name);

    private QomProperty? FindInstanceProperty(string name) => instanceProperties.Find(name) ?? FindDerivedProperty(name);

    // Instance properties a subclass of this assembly derives from its own state instead of storing
    // each (a bus's child[N] links, from its list of children). They come after the stored ones in
    // the instance order; before the stored ones change in any other way (an instance property
    // added, moved or deleted), StoreDerivedProperties makes them stored ones, so that the order
    // stays that of their addition.
    private protected virtual QomProperty? FindDerivedProperty(ReadOnlySpan<char> name) => null;

    private protected virtual IEnumerable<QomProperty>? DerivedProperties => null;

    // Where the derived instance properties are listed: after this many stored ones (those stored
    // later come after them); -1 after all of them.
    private protected virtual int DerivedPropertiesAt => -1;

    // (name: the instance property about to be added, if that is the change.)
    private protected virtual void StoreDerivedProperties(string? name)
    {
    }

    // For StoreDerivedProperties: inserts a stored instance property as it is at a position.
    private protected void StoreInstancePropertyAt(int index, QomProperty property)
    {
        var table = instanceProperties;
        table.Insert(index, property);
        SetInstanceProperties(table);
    }

    // For StoreDerivedProperties: how many instance properties are stored.
    private protected int StoredInstancePropertyCount => instanceProperties.Count;

    // The stored and derived instance properties, in order.
    private IEnumerable<QomProperty> AllInstanceProperties()
    {
        var derived = DerivedProperties;
        int at = derived is null ? -1 : DerivedPropertiesAt;
        int position = 0;
        foreach (var property in instanceProperties.Values)
        {
            if (position++ == at)
            {
                foreach (var link in derived!)
                {
                    yield return link;
                }

                derived = null;
            }

            yield return property;
        }

        if (derived is not null)
        {
            foreach (var property in derived)
            {
                yield return property;
            }
        }
    }

    /// <inheritdoc cref="GetPropertyOrThrow(ReadOnlySpan{char})"/>
    public QomProperty GetPropertyOrThrow(string name) => FindProperty(name) ?? throw NotFound(name);

    // Out of line: building the message in the look-up itself costs every successful look-up the
    // formatter's stack frame.
    private QomException NotFound(ReadOnlySpan<char> name) => new($"Property '{TypeName}.{name.ToString()}' not found");

    /// <summary>
    /// Every property in QEMU's iteration order: instance properties, then the class's, then each
    /// ancestor's up to <c>object</c>.
    /// </summary>
    public IEnumerable<QomProperty> GetProperties()
    {
        foreach (var property in AllInstanceProperties())
        {
            yield return property;
        }

        foreach (var property in Class.GetProperties())
        {
            yield return property;
        }
    }

    /// <summary>The object's instance properties, in the order they were added.</summary>
    public IEnumerable<QomProperty> InstanceProperties => AllInstanceProperties();

    /// <summary>
    /// Adds an instance property (QEMU's <c>object_property_try_add</c>). A name ending in
    /// <c>[*]</c> takes the first free index (<c>name[0]</c>, <c>name[1]</c>, ...); the property's
    /// <see cref="QomProperty.Name"/> is updated to the name used. Returns the property.
    /// </summary>
    public QomProperty AddProperty(QomProperty property)
    {
        ArgumentNullException.ThrowIfNull(property);
        string name = property.Name;
        if (name.EndsWith("[*]", StringComparison.Ordinal))
        {
            return AddIndexedProperty(name.AsSpan(0, name.Length - 3), property);
        }

        if (HasProperty(name))
        {
            throw new QomException($"attempt to add duplicate property '{name}' to object (type '{TypeName}')");
        }

        StoreDerivedProperties(name);
        AddToInstanceProperties(property);
        return property;
    }

    // A name[*] property given its stem: the first free stem[i]. The names are shared (QomIndexedNames).
    internal QomProperty AddIndexedProperty(ReadOnlySpan<char> stem, QomProperty property)
    {
        string name = FreeIndexedName(stem);
        property.Name = name;
        StoreDerivedProperties(name);
        AddToInstanceProperties(property);
        return property;
    }

    // QEMU tries indices below INT16_MAX and asserts when all are taken.
    private string FreeIndexedName(ReadOnlySpan<char> stem)
    {
        for (int i = 0; ; i++)
        {
            if (i >= MaxAutoIndex)
            {
                throw new QomFatalException($"no free index for property '{stem.ToString()}[*]' on object (type '{TypeName}')");
            }

            string candidate = QomIndexedNames.ForStem(stem, i);
            if (!HasProperty(candidate))
            {
                return candidate;
            }
        }
    }

    // Whether a property of this name exists, found without making a child's property.
    private bool HasProperty(string name) =>
        Class.FindProperty(name) is not null || instanceProperties.FindEntry(name) is not null || FindDerivedProperty(name) is not null;

    // QEMU's object_resolve_path_component on this object: a child held itself is returned as it is.
    internal QomObject? ResolveComponent(ReadOnlySpan<char> name)
    {
        var property = Class.FindProperty(name);
        if (property is null)
        {
            var entry = instanceProperties.FindEntry(name);
            if (entry is QomObject child)
            {
                return child;
            }

            property = entry as QomProperty ?? FindDerivedProperty(name);
        }

        return property is { IsResolvable: true } ? property.Resolve(this) : null;
    }

    /// <summary>
    /// Moves instance property <paramref name="name"/> to just before <paramref name="before"/>
    /// (to the front when null) in the instance iteration order, which stands for the order of
    /// QEMU's per-object hash table: a property added late (at realize) can take the place QEMU
    /// lists it at among those added earlier. Nothing happens unless both exist.
    /// </summary>
    protected void PlaceInstanceProperty(string name, string? before)
    {
        StoreDerivedProperties(null);
        if (instanceProperties.Find(name) is not { } property)
        {
            return;
        }

        int at = before is null ? 0 : instanceProperties.IndexOf(before);
        if (at < 0)
        {
            return;
        }

        var table = instanceProperties;
        int from = table.IndexOf(name);
        table.RemoveAt(from);
        table.Insert(from < at ? at - 1 : at, property);
        SetInstanceProperties(table);
    }

    /// <summary>Removes an instance property, releasing what it holds (QEMU's <c>object_property_del</c>).</summary>
    public void DeleteProperty(string name)
    {
        // Derived properties placed among stored ones are stored first, so that positions hold.
        if (DerivedPropertiesAt >= 0 || (instanceProperties.Find(name) is null && FindDerivedProperty(name) is not null))
        {
            StoreDerivedProperties(null);
        }

        if (instanceProperties.Find(name) is not { } property)
        {
            throw new QomException($"Property '{TypeName}.{name}' not found");
        }

        if (property.NeedsRelease)
        {
            property.Release(this);
        }

        instanceProperties.Remove(name);
    }

    /// <summary>Reads a property as JSON (QEMU's <c>object_property_get</c>, QMP <c>qom-get</c>).</summary>
    public JsonNode? GetPropertyValue(string name)
    {
        var property = GetPropertyOrThrow(name);
        if (!property.CanRead)
        {
            throw new QomException($"Property '{TypeName}.{property.Name}' is not readable");
        }

        return property.Read(this);
    }

    /// <summary>Writes a property from an input of any path (QEMU's <c>object_property_set</c>).</summary>
    public void SetPropertyValue(string name, in QomInput input) => SetPropertyValue(GetPropertyOrThrow(name), input);

    /// <summary>Writes a property of this object found earlier (e.g. by a name sliced from a command line).</summary>
    public void SetPropertyValue(QomProperty property, in QomInput input)
    {
        ArgumentNullException.ThrowIfNull(property);
        property.Set(this, input);
    }

    /// <summary>Writes a property from a string, by the string input visitor (QEMU's <c>object_property_parse</c>).</summary>
    public void ParseProperty(string name, string value) => SetPropertyValue(name, QomInput.FromString(value));

    /// <summary>Writes a property from a JSON value (QMP <c>qom-set</c>).</summary>
    public void SetPropertyJson(string name, JsonElement value) => SetPropertyValue(name, QomInput.FromJson(value));

    /// <summary>QEMU's <c>object_property_set_bool</c>.</summary>
    public void SetPropertyBool(string name, bool value) => SetPropertyValue(name, QomInput.FromBool(value));

    /// <summary>QEMU's <c>object_property_set_int</c>.</summary>
    public void SetPropertyInt(string name, long value) => SetPropertyValue(name, QomInput.FromInt(value));

    /// <summary>QEMU's <c>object_property_set_uint</c>.</summary>
    public void SetPropertyUInt(string name, ulong value) => SetPropertyValue(name, QomInput.FromUInt(value));

    /// <summary>QEMU's <c>object_property_set_str</c>.</summary>
    public void SetPropertyString(string name, string value) => SetPropertyValue(name, QomInput.FromStr(value));

    /// <summary>QEMU's <c>object_property_set_link</c>: sets the target's canonical path (null clears).</summary>
    public void SetPropertyLink(string name, QomObject? value) =>
        SetPropertyValue(name, QomInput.FromStr(value is null ? string.Empty : value.CanonicalPath ?? string.Empty));

    /// <summary>QEMU's <c>object_property_get_bool</c>.</summary>
    public bool GetPropertyBool(string name)
    {
        var node = GetPropertyValue(name);
        return node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? v.GetValueKind() == JsonValueKind.True
            : throw InvalidResultType(name, "boolean");
    }

    /// <summary>QEMU's <c>object_property_get_int</c>.</summary>
    public long GetPropertyInt(string name)
    {
        var property = GetPropertyOrThrow(name);
        if (property.CanRead && property.TryReadInt64(this, out long fast))
        {
            return fast;
        }

        return TryReadJsonInteger(GetPropertyValue(name), out long value) ? value : throw InvalidResultType(name, "int");
    }

    /// <summary>QEMU's <c>object_property_get_uint</c>.</summary>
    public ulong GetPropertyUInt(string name)
    {
        var node = GetPropertyValue(name);
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && ulong.TryParse(v.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
            ? value
            : throw InvalidResultType(name, "uint");
    }

    /// <summary>QEMU's <c>object_property_get_str</c>.</summary>
    public string GetPropertyString(string name)
    {
        var node = GetPropertyValue(name);
        return node is JsonValue v && v.TryGetValue(out string? s) ? s : throw InvalidResultType(name, "string");
    }

    /// <summary>
    /// QEMU's <c>object_property_get_enum</c>: the index of the current member of an enum property
    /// whose type string is <paramref name="enumTypeName"/>.
    /// </summary>
    public int GetPropertyEnum(string name, string enumTypeName)
    {
        var property = GetPropertyOrThrow(name);
        if (property.Type != enumTypeName || property is not IQomEnumNames enumNames)
        {
            // QEMU's text: no quotes around the property and type names.
            throw new QomException($"Property {name} on {TypeName} is not '{enumTypeName}' enum type");
        }

        string member = GetPropertyString(name);
        for (int i = 0; i < enumNames.EnumNames.Count; i++)
        {
            if (enumNames.EnumNames[i] == member)
            {
                return i;
            }
        }

        throw new QomException($"Parameter '{name.ToString()}' does not accept value '{member}'");
    }

    /// <summary>QEMU's <c>object_property_get_link</c>: the object the property's path names, or null for <c>""</c>.</summary>
    public QomObject? GetPropertyLink(string name)
    {
        string path = GetPropertyString(name);
        if (path.Length == 0)
        {
            return null;
        }

        return Context.ResolvePath(path, null, out _)
            ?? throw new QomException($"Device '{path}' not found", QomErrorClass.DeviceNotFound);
    }

    private static bool TryReadJsonInteger(JsonNode? node, out long value)
    {
        value = 0;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && long.TryParse(v.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    private static QomException InvalidResultType(string name, string expected) =>
        new($"Invalid parameter type for '{name}', expected: {expected}");
}
