namespace QomSharp.Generated.Tests.Types;

/// <summary>An object (not a device) that refuses writes of its declared properties while frozen.</summary>
[QomType("e2e-guarded")]
public partial class E2eGuarded : QomObject
{
    /// <summary>A declared (class) property.</summary>
    [QomProperty("width", Default = 8U)]
    public partial uint Width { get; set; }

    /// <summary>Whether writes are refused: the object asks for the check only while it is.</summary>
    public bool Frozen
    {
        get => CheckStaticPropertyWrites;
        set => CheckStaticPropertyWrites = value;
    }

    /// <summary>How many writes were checked.</summary>
    public int Checked { get; private set; }

    /// <inheritdoc/>
    protected override void BeforeStaticPropertySet(QomProperty property)
    {
        Checked++;
        throw new QomException($"Property '{property.Name}' is frozen");
    }
}
