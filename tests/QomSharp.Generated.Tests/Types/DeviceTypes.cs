namespace QomSharp.Generated.Tests.Types;

/// <summary>A QOM enum with an explicit and two kebab-cased member names.</summary>
[QomEnum("E2eMode")]
public enum E2eMode
{
    /// <summary>legacy</summary>
    Legacy,

    /// <summary>scalable</summary>
    [QomEnumValue("scalable")]
    ScalableMode,

    /// <summary>pass-through</summary>
    PassThrough,
}

/// <summary>A QOM interface.</summary>
[QomInterface("e2e-port")]
public interface IE2ePort : IQomInterface;

/// <summary>An interface below another one.</summary>
[QomInterface("e2e-fast-port")]
public interface IE2eFastPort : IE2ePort;

/// <summary>An abstract base with one property.</summary>
[QomType("e2e-base", Abstract = true)]
public abstract partial class E2eBase : QomObject
{
    /// <summary>A property declared on the abstract base.</summary>
    [QomProperty("id", Default = 5)]
    public partial int Id { get; set; }
}

/// <summary>A device with every value kind.</summary>
[QomType("e2e-device")]
public partial class E2eDevice : E2eBase, IE2eFastPort
{
    /// <summary>What aw-bits was when instance init ran.</summary>
    public byte AwBitsSeenByInit;

    /// <summary>bool</summary>
    [QomProperty("enabled", Default = true)]
    public partial bool Enabled { get; set; }

    /// <summary>uint8</summary>
    [QomProperty("aw-bits", Default = 39, Description = "Address width")]
    public partial byte AwBits { get; set; }

    /// <summary>uint16</summary>
    [QomProperty("u16")]
    public partial ushort U16 { get; set; }

    /// <summary>uint32</summary>
    [QomProperty("u32")]
    public partial uint U32 { get; set; }

    /// <summary>uint64</summary>
    [QomProperty("u64", Default = ulong.MaxValue)]
    public partial ulong U64 { get; set; }

    /// <summary>int8</summary>
    [QomProperty("i8", Default = -1)]
    public partial sbyte I8 { get; set; }

    /// <summary>int16</summary>
    [QomProperty("i16")]
    public partial short I16 { get; set; }

    /// <summary>int32</summary>
    [QomProperty("i32")]
    public partial int I32 { get; set; }

    /// <summary>int64</summary>
    [QomProperty("i64", Default = long.MinValue)]
    public partial long I64 { get; set; }

    /// <summary>size</summary>
    [QomProperty("window", Size = true, Default = 4096UL)]
    public partial ulong Window { get; set; }

    /// <summary>str</summary>
    [QomProperty("label", Default = "none")]
    public partial string? Label { get; set; }

    /// <summary>enum</summary>
    [QomProperty("mode", Default = E2eMode.ScalableMode)]
    public partial E2eMode Mode { get; set; }

    /// <summary>read-only: a [QomProperty] on a property with user-written accessors and no setter</summary>
    [QomProperty("version")]
    public int Version => 3;

    [QomInstanceInit]
    private void Init() => AwBitsSeenByInit = AwBits;
}

/// <summary>A link and child target that implements an interface.</summary>
[QomType("e2e-target")]
public partial class E2eTarget : QomObject, IE2ePort;

/// <summary>Holds links of each flavour and a child.</summary>
[QomType("e2e-linker")]
public partial class E2eLinker : QomObject
{
    /// <summary>strong</summary>
    [QomLink("strong")]
    public partial E2eTarget? Strong { get; set; }

    /// <summary>weak</summary>
    [QomLink("weak", Strong = false)]
    public partial E2eTarget? Weak { get; set; }

    /// <summary>read-only by name</summary>
    [QomLink("fixed", ReadOnly = true)]
    public partial E2eTarget? Fixed { get; set; }

    /// <summary>link to an interface</summary>
    [QomLink("port")]
    public partial IE2ePort? Port { get; set; }

    /// <summary>child</summary>
    [QomChild("child")]
    public partial E2eTarget? Child { get; set; }
}

/// <summary>A device that adds input lines on request, to show how they are numbered.</summary>
[QomType("e2e-gpio-box")]
public sealed partial class E2eGpioBox : QomSharp.Qdev.Device
{
    /// <summary>Adds <paramref name="count"/> input lines named <paramref name="name"/> (unnamed when null).</summary>
    public QomSharp.Qdev.Irq[] AddInputs(int count, string? name = null) => InitGpioIn(count, null, name);
}
