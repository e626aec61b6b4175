using QomSharp;

namespace QomSharp.Runtime.Tests;

/// <summary>Semantics 2.11: alias properties.</summary>
public class AliasTests
{
    private static (TestUniverse U, TestObject Source, TestObject Target) Setup()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("alias-target", "object")
        {
            Factory = static () => new TestObject(),
            Properties = static () =>
            [
                .. TestProperties.AllScalars(),
                new QomStringProperty("fixed", static _ => "ro", null),
                TestProperties.U32("speed", def: 9),
            ],
        });
        u.DefineObject("alias-source");
        var source = u.NewTest("alias-source");
        var target = u.NewTest("alias-target");
        return (u, source, target);
    }

    [Fact]
    public void AliasCopiesTypeDescriptionAndDefaultAndForwards()
    {
        var (_, source, target) = Setup();
        target.FindProperty("speed")!.Description = "Link speed";
        var alias = source.AddProperty(new QomAliasProperty("rate", target, "speed"));
        Assert.Equal("uint32", alias.Type);
        Assert.Equal("Link speed", alias.Description);
        Assert.Equal("9", alias.DefaultValue!.ToJsonString());
        source.ParseProperty("rate", "0x20");
        Assert.Equal(32u, target.U32);
        target.U32 = 7;
        Assert.Equal(7, source.GetPropertyInt("rate"));
    }

    [Fact]
    public void ChildTargetBecomesALink()
    {
        var (u, source, target) = Setup();
        var objects = u.Context.GetRootContainer("objects");
        objects.AddChild("target", target);
        var inner = u.New("alias-source");
        target.AddChild("inner", inner);
        var alias = source.AddProperty(new QomAliasProperty("shortcut", target, "inner"));
        Assert.Equal("link<alias-source>", alias.Type);
        Assert.Equal("/objects/target/inner", source.GetPropertyString("shortcut"));
        objects.AddChild("source", source);
        Assert.Same(inner, u.Context.ResolvePath("/objects/source/shortcut"));
    }

    [Fact]
    public void ErrorsOfTheValueNameTheAliasErrorsOfTheTargetNameTheTarget()
    {
        var (_, source, target) = Setup();
        source.AddProperty(new QomAliasProperty("small", target, "u8"));
        source.AddProperty(new QomAliasProperty("beast", target, "av"));
        source.AddProperty(new QomAliasProperty("const", target, "fixed"));
        // Parsing goes through QEMU's forwarding visitor: the alias's name.
        Assert.Equal("Parameter 'small' expects uint64", Assert.Throws<QomException>(() => source.ParseProperty("small", "x")).Message);
        Assert.Equal("Parameter 'small' expects uint64", Assert.Throws<QomException>(() => source.SetPropertyString("small", "1")).Message);
        source.AddProperty(new QomAliasProperty("signed", target, "i8"));
        Assert.Equal("Invalid parameter type for 'signed', expected: integer",
            Assert.Throws<QomException>(() => source.SetPropertyString("signed", "1")).Message);
        Assert.Equal("Parameter 'i8' expects int8_t", Assert.Throws<QomException>(() => source.SetPropertyInt("signed", 128)).Message);
        // The width check and the enum lookup use the target property's own name.
        Assert.Equal("Parameter 'u8' expects uint8_t", Assert.Throws<QomException>(() => source.ParseProperty("small", "300")).Message);
        Assert.Equal("Parameter 'av' does not accept value 'yeti'", Assert.Throws<QomException>(() => source.ParseProperty("beast", "yeti")).Message);
        // The alias always has a setter; the target reports that it has none.
        Assert.True(source.FindProperty("const")!.CanWrite);
        Assert.Equal("Property 'alias-target.fixed' is not writable", Assert.Throws<QomException>(() => source.ParseProperty("const", "x")).Message);
        Assert.Equal("ro", source.GetPropertyString("const"));
    }

    [Fact]
    public void AliasOfAnAliasNamesTheOutermost()
    {
        var (_, source, target) = Setup();
        var middle = Setup().Source;
        middle.AddProperty(new QomAliasProperty("inner-alias", target, "u16"));
        source.AddProperty(new QomAliasProperty("outer-alias", middle, "inner-alias"));
        source.ParseProperty("outer-alias", "12");
        Assert.Equal((ushort)12, target.U16);
        Assert.Equal("Parameter 'outer-alias' expects uint64", Assert.Throws<QomException>(() => source.ParseProperty("outer-alias", "z")).Message);
    }

    [Fact]
    public void TargetMustExist()
    {
        var (_, source, target) = Setup();
        Assert.Equal("Property 'alias-target.nope' not found",
            Assert.Throws<QomException>(() => new QomAliasProperty("a", target, "nope")).Message);
        Assert.Null(source.FindProperty("a"));
    }
}
