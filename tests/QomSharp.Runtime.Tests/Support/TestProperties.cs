using QomSharp;

namespace QomSharp.Runtime.Tests;

/// <summary>Property descriptors over <see cref="TestObject"/> fields, one per kind.</summary>
internal static class TestProperties
{
    public static readonly QomEnumTable<Animal> Animals =
        new("DummyAnimal", ["frog", "alligator", "platypus"], [Animal.Frog, Animal.Alligator, Animal.Platypus]);

    private static TestObject T(QomObject o) => (TestObject)o;

    public static QomBoolProperty Bool(string name = "bv", bool? def = null) =>
        new(name, o => T(o).Bool, (o, v) => T(o).Bool = v, def);

    public static QomIntegerProperty<byte> U8(string name = "u8") => new(name, o => T(o).U8, (o, v) => T(o).U8 = v);

    public static QomIntegerProperty<ushort> U16(string name = "u16") => new(name, o => T(o).U16, (o, v) => T(o).U16 = v);

    public static QomIntegerProperty<uint> U32(string name = "u32", uint? def = null) => new(name, o => T(o).U32, (o, v) => T(o).U32 = v, def);

    public static QomIntegerProperty<ulong> U64(string name = "u64") => new(name, o => T(o).U64, (o, v) => T(o).U64 = v);

    public static QomIntegerProperty<sbyte> I8(string name = "i8") => new(name, o => T(o).I8, (o, v) => T(o).I8 = v);

    public static QomIntegerProperty<short> I16(string name = "i16") => new(name, o => T(o).I16, (o, v) => T(o).I16 = v);

    public static QomIntegerProperty<int> I32(string name = "i32", int? def = null) => new(name, o => T(o).I32, (o, v) => T(o).I32 = v, def);

    public static QomIntegerProperty<long> I64(string name = "i64") => new(name, o => T(o).I64, (o, v) => T(o).I64 = v);

    public static QomIntegerProperty<ulong> Size(string name = "size") => new(name, o => T(o).Size, (o, v) => T(o).Size = v, isSize: true);

    public static QomStringProperty Str(string name = "sv", string? def = null) =>
        new(name, o => T(o).Str, (o, v) => T(o).Str = v, def, type: "string");

    public static QomEnumProperty<Animal> Enum(string name = "av", Animal? def = null) =>
        new(name, Animals, o => T(o).Animal, (o, v) => T(o).Animal = v, def);

    /// <summary>A class link over <see cref="TestObject.Link"/>; a strong one counts references as generated setters do.</summary>
    public static QomLinkProperty Link(string name, string targetType, QomLinkCheck? check, bool strong) =>
        new(name, targetType, o => T(o).Link, (o, v) =>
        {
            var old = T(o).Link;
            if (strong)
            {
                v?.Ref();
            }

            T(o).Link = v;
            if (strong)
            {
                old?.Unref();
            }
        }, check, strong);

    /// <summary>Every scalar kind, as class properties of one type.</summary>
    public static QomProperty[] AllScalars() =>
        [Bool(), U8(), U16(), U32(), U64(), I8(), I16(), I32(), I64(), Size(), Str(), Enum()];
}
