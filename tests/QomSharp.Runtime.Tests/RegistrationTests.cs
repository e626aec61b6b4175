using QomSharp;

namespace QomSharp.Runtime.Tests;

/// <summary>Semantics 2.1: type names, duplicates, registration order; 2.2 step 3/6 errors.</summary>
public class RegistrationTests
{
    [Theory]
    [InlineData("ab")]
    [InlineData("x86_64-cpu")]
    [InlineData("9p")]
    [InlineData("Aa.b-c_d")]
    [InlineData("Sun-UltraSparc-IIi")]
    [InlineData("Sun-UltraSparc-IIIi+")]
    public void ValidNamesRegister(string name)
    {
        Assert.True(QomTypeNames.IsValidTypeName(name));
        var u = new TestUniverse();
        u.DefineObject(name);
        Assert.Equal(name, u.Context.GetClass(name).Name);
    }

    [Theory]
    [InlineData("a")] // one character: an assertion in QEMU
    [InlineData("")]
    [InlineData("0ab")] // '0' first
    [InlineData("-ab")]
    [InlineData("_ab")]
    [InlineData(".ab")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("a+b")] // '+' only in the legacy Sun names
    [InlineData("Sun-UltraSparc+")] // the legacy rule needs 17 characters before the '+'
    [InlineData("Sun-UltraSparc-I+")]
    public void IllegalNamesAreRejectedWithQemuText(string name)
    {
        var u = new TestUniverse();
        var error = Assert.Throws<QomFatalException>(() => u.DefineObject(name));
        Assert.Equal($"Registering '{name}' with illegal type name", error.Message);
        Assert.Null(u.Context.FindType(name));
    }

    [Fact]
    public void LegacyPlusNameIsNotCheckedBeyondThePlus()
    {
        // QEMU's scan stops at the '+' of a legacy name and accepts whatever follows.
        var u = new TestUniverse();
        u.DefineObject("Sun-UltraSparc-IV+ x");
        Assert.NotNull(u.Context.FindType("Sun-UltraSparc-IV+ x"));
    }

    [Fact]
    public void DuplicateNameUsesBacktickQuote()
    {
        var u = new TestUniverse();
        u.DefineObject("dup-type");
        var error = Assert.Throws<QomFatalException>(() => u.DefineObject("dup-type"));
        Assert.Equal("Registering `dup-type' which already exists", error.Message);
    }

    [Fact]
    public void RuntimeTypesCannotBeRegisteredAgain()
    {
        var u = new TestUniverse();
        var error = Assert.Throws<QomFatalException>(() => u.DefineObject("container"));
        Assert.Equal("Registering `container' which already exists", error.Message);
    }

    [Fact]
    public void TypeMayBeRegisteredBeforeItsParent()
    {
        var u = new TestUniverse();
        u.DefineObject("late-child", "late-parent");
        u.DefineObject("late-parent");
        var klass = u.Context.GetClass("late-child");
        Assert.Equal("late-parent", klass.Parent!.Name);
        Assert.Equal("object", klass.Parent.Parent!.Name);
    }

    [Fact]
    public void MissingParentFailsAtFirstUseNotAtRegistration()
    {
        var u = new TestUniverse();
        u.DefineObject("orphan-type", "no-such-parent");
        Assert.NotNull(u.Context.FindType("orphan-type"));
        var error = Assert.Throws<QomFatalException>(() => u.Context.FindClass("orphan-type"));
        Assert.Equal("Type 'orphan-type' is missing its parent 'no-such-parent'", error.Message);
    }

    [Fact]
    public void MissingParentDeeperInTheChainNamesThatType()
    {
        var u = new TestUniverse();
        u.DefineObject("mid-type", "gone-type");
        u.DefineObject("leaf-type", "mid-type");
        var error = Assert.Throws<QomFatalException>(() => u.New("leaf-type"));
        Assert.Equal("Type 'mid-type' is missing its parent 'gone-type'", error.Message);
    }

    [Fact]
    public void MissingInterfaceNamesTheParentType()
    {
        var u = new TestUniverse();
        u.DefineObject("base-impl");
        u.DefineObject("bad-impl", "base-impl", "no-such-iface");
        var error = Assert.Throws<QomFatalException>(() => u.Context.FindClass("bad-impl"));
        Assert.Equal("missing interface 'no-such-iface' for object 'base-impl'", error.Message);
    }

    [Fact]
    public void InterfaceShapeIsCheckedAtClassInit()
    {
        // QEMU asserts these in type_initialize; here they are fatal errors at first use.
        var u = new TestUniverse();
        u.DefineInterface("good-if");
        u.Define(new QomDynamicType("unflagged-if", "good-if"));
        u.Define(new QomDynamicType("object-if", "object") { Interface = true });
        u.Define(new QomDynamicType("hooked-if", "interface") { Interface = true, InstanceInit = static _ => { } });
        u.Define(new QomDynamicType("nested-if", "interface") { Interface = true, Interfaces = ["good-if"] });
        Assert.Equal("type 'unflagged-if' descends from an interface but is not one",
            Assert.Throws<QomFatalException>(() => u.Context.FindClass("unflagged-if")).Message);
        Assert.Equal("interface type 'object-if' must descend from 'interface'",
            Assert.Throws<QomFatalException>(() => u.Context.FindClass("object-if")).Message);
        Assert.Equal("interface type 'hooked-if' cannot have instance hooks or interfaces",
            Assert.Throws<QomFatalException>(() => u.Context.FindClass("hooked-if")).Message);
        Assert.Equal("interface type 'nested-if' cannot have instance hooks or interfaces",
            Assert.Throws<QomFatalException>(() => u.Context.FindClass("nested-if")).Message);
        Assert.True(u.Context.GetClass("good-if").IsInterface);
    }

    [Fact]
    public void UnknownTypeHasNoClass()
    {
        var u = new TestUniverse();
        Assert.Null(u.Context.FindClass("nothing-here"));
        Assert.Null(u.Context.FindType("nothing-here"));
    }

    [Fact]
    public void TypesOfOneContextAreInvisibleToAnother()
    {
        var u = new TestUniverse();
        u.DefineObject("private-type");
        Assert.Null(new QomContext().FindType("private-type"));
    }
}
