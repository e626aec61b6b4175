namespace QomSharp.Qdev;

/// <summary>
/// The class struct of <c>device</c> (QEMU's <c>DeviceClass</c>): description, categories, whether
/// users may create it (<c>-device</c>) and hot-plug it, and the bus type it sits on. The realize
/// and unrealize methods are the device's C# virtual methods.
/// </summary>
/// <remarks>
/// A subclass's class starts as a copy of its parent's, as in QEMU. These fields are kept in one
/// block that a class shares with its parent until either writes to it: a class whose class init
/// changes none of them (most leaf types) holds nothing of its own and reads its parent's block
/// (a DeviceClass is no larger than a plain class), and a class built from a parent reads what
/// the parent held when it was built, whatever the parent changes later (a parent that writes
/// once a subclass was built leaves its block with each subclass that has none of its own).
/// </remarks>
public class DeviceClass : QomClass
{
    // The class's block: its own (kept out of line by QomClass), else its parent's, else the
    // defaults of a class struct made new.
    private Data Block => OwnClassData as Data ?? (Parent as DeviceClass)?.Block ?? Data.Default;

    /// <summary>The description shown by <c>-device help</c> (QEMU's <c>desc</c>).</summary>
    public string? Description
    {
        get => Block.Description;
        set => Writable(Field.Description).Description = value;
    }

    /// <summary>
    /// The help-output categories (QEMU's <c>categories</c> bitmap), inherited from the parent.
    /// Add to them with <c>|=</c>, as QEMU's <c>set_bit</c> does. Set in a class struct's
    /// constructor (which runs before the class has its parent), whatever is written there is
    /// added to the parent's; set in a class-init hook, an assignment replaces them.
    /// </summary>
    public DeviceCategories Categories
    {
        get => Block.Categories;
        set => Writable(Field.Categories).Categories = value;
    }

    /// <summary>Whether <c>-device</c>/<c>device_add</c> may create it (default true).</summary>
    public bool UserCreatable
    {
        get => Block.UserCreatable;
        set => Writable(Field.UserCreatable).UserCreatable = value;
    }

    /// <summary>Whether the device may be hot-plugged (default true).</summary>
    public bool Hotpluggable
    {
        get => Block.Hotpluggable;
        set => Writable(Field.Hotpluggable).Hotpluggable = value;
    }

    /// <summary>The QOM type of the bus the device plugs into, or null for a bus-less device.</summary>
    public string? BusType
    {
        get => Block.BusType;
        set => Writable(Field.BusType).BusType = value;
    }

    /// <summary>Another name <c>-device</c> accepts for this type (QEMU's alias table), if any.</summary>
    public string? Alias
    {
        get => Block.Alias;
        set => Writable(Field.Alias).Alias = value;
    }

    // The block this class may change: its own, unless a subclass was built from this class since
    // (the subclass holds the block as it was); else a copy, which becomes the class's own. The
    // field about to be written is marked in it (see InheritFrom).
    private Data Writable(Field field)
    {
        var current = Block;
        if (!ReferenceEquals(current.Owner, this) || SubclassBuilt)
        {
            var copy = current.CopyFor(this);
            SetOwnClassData(copy, current);
            current = copy;
        }

        current.Written |= field;
        return current;
    }

    // A subclass's class struct is a DeviceClass too (its type declares none of its own): it reads
    // the parent's block, as a member-wise copy would share it. A class struct deriving from this
    // one is copied member by member (and reads the parent's block too).
    internal override QomClass? CopyOfExactType() => GetType() == typeof(DeviceClass) ? new DeviceClass() : null;

    /// <inheritdoc/>
    protected internal override void InheritFrom(QomClass parent)
    {
        base.InheritFrom(parent);
        if (parent is not DeviceClass device)
        {
            return;
        }

        var inherited = device.Block;
        if (OwnClassData is Data own)
        {
            // Fields the class struct's constructor wrote (a class factory runs it before the class
            // has a parent, on a block of defaults): QEMU's class_init writes them into the copy
            // of the parent's class, so the copy is the parent's block, the alias left out (it
            // names one type only), with those fields over it.
            SetOwnClassData(inherited.CopyFor(this, withAlias: false).Overwrite(own), null);
        }
        else if (inherited.Alias is not null)
        {
            // Everything but the alias (without one, the parent's block is read).
            SetOwnClassData(inherited.CopyFor(this, withAlias: false), null);
        }
    }

    // The fields of a block its class has written itself.
    [System.Flags]
    private enum Field : byte
    {
        Description = 1,
        BusType = 2,
        Alias = 4,
        Categories = 8,
        UserCreatable = 16,
        Hotpluggable = 32,
    }

    private sealed class Data
    {
        // The block of a class struct made new (QEMU's zeroed class, then device's defaults);
        // owned by no class, so the first write to it copies it.
        public static readonly Data Default = new(null) { UserCreatable = true, Hotpluggable = true };

        public readonly DeviceClass? Owner;
        public string? Description;
        public string? BusType;
        public string? Alias;
        public DeviceCategories Categories;
        public bool UserCreatable;
        public bool Hotpluggable;

        // The fields the owner wrote in this block (a copy starts with none).
        public Field Written;

        private Data(DeviceClass? owner) => Owner = owner;

        // This block with the fields `written` wrote in it; the marks come along. `written` was
        // written before its class had a parent (a class struct's constructor, on a block of
        // defaults, whose categories are none): the categories it holds are the ones set there,
        // added to the parent's as QEMU's set_bit on the copy of the parent's class adds them.
        public Data Overwrite(Data written)
        {
            var fields = written.Written;
            Description = (fields & Field.Description) != 0 ? written.Description : Description;
            BusType = (fields & Field.BusType) != 0 ? written.BusType : BusType;
            Alias = (fields & Field.Alias) != 0 ? written.Alias : Alias;
            Categories |= written.Categories;
            UserCreatable = (fields & Field.UserCreatable) != 0 ? written.UserCreatable : UserCreatable;
            Hotpluggable = (fields & Field.Hotpluggable) != 0 ? written.Hotpluggable : Hotpluggable;
            Written |= fields;
            return this;
        }

        public Data CopyFor(DeviceClass owner, bool withAlias = true) => new(owner)
        {
            Description = Description,
            BusType = BusType,
            Alias = withAlias ? Alias : null,
            Categories = Categories,
            UserCreatable = UserCreatable,
            Hotpluggable = Hotpluggable,
        };
    }
}
