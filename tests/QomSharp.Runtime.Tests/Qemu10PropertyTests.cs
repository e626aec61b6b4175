using System.Linq;
using System.Text.Json.Nodes;
using QomSharp;
using QomSharp.Monitor;

namespace QomSharp.Runtime.Tests;

/// <summary>
/// What QEMU 10.0 changed in how properties present themselves, and the ordering hook: declared
/// bools are described on/off, help prints string defaults bare and bools as on/off, size32 refuses
/// values past 32 bits with QEMU's text, and a class can state its properties' declaration and iteration orders.
/// </summary>
public class Qemu10PropertyTests
{
    [Fact]
    public void DeclaredBoolIsDescribedOnOffUnlessItHasItsOwnDescription()
    {
        Assert.Equal("on/off", new QomBoolProperty("a", null, null, isStatic: true).Description);
        Assert.Equal("mine", new QomBoolProperty("a", null, null, description: "mine", isStatic: true).Description);
        Assert.Null(new QomBoolProperty("a", null, null).Description);
    }

    [Theory]
    [InlineData("\"auto\"", "  x=<T>                  -  (default: auto)")]
    [InlineData("true", "  x=<T>                  -  (default: on)")]
    [InlineData("false", "  x=<T>                  -  (default: off)")]
    [InlineData("-1", "  x=<T>                  -  (default: -1)")]
    [InlineData("18446744073709551615", "  x=<T>                  -  (default: 18446744073709551615)")]
    public void HelpPrintsDefaultsAsQemu10(string json, string line) =>
        Assert.Equal(line, HelpText.PropertyLine("x", "T", JsonNode.Parse(json), string.Empty));

    [Fact]
    public void Size32TakesSizesUpTo32BitsWithQemusRefusal()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("s32-holder", "object")
        {
            Factory = static () => new TestObject(),
            Properties = static () => [new QomSize32Property("cap", static o => ((TestObject)o).U32, static (o, v) => ((TestObject)o).U32 = v, 4096)],
        });
        var obj = u.NewTest("s32-holder");
        Assert.Equal("size", obj.FindProperty("cap")!.Type);
        Assert.Equal(4096UL, obj.FindProperty("cap")!.DefaultValue!.GetValue<ulong>());
        var error = Assert.Throws<QomException>(() => obj.ParseProperty("cap", "4G"));
        Assert.Equal("Property s32-holder.cap doesn't take value 4294967296 (maximum: 4294967295)", error.Message);
        obj.ParseProperty("cap", "4095M");
        Assert.Equal(4095u * 1024 * 1024, obj.U32);
    }

    [Fact]
    public void DeclarationAndIterationOrdersAreStatedApart()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("ordered", "object")
        {
            Factory = static () => new TestObject(),
            Properties = static () => [TestProperties.Bool("a"), TestProperties.Str("b"), TestProperties.U32("c"), TestProperties.I32("d")],
            ClassInit = static k =>
            {
                k.OrderOwnProperties("c", "a");
                k.SetPropertyIterationOrder("d", "b");
            },
        });
        var klass = u.Context.FindClass("ordered")!;
        Assert.Equal(["c", "a", "b", "d"], klass.OwnProperties.Select(p => p.Name));
        Assert.Equal(["d", "b", "c", "a", "type"], klass.GetProperties().Select(p => p.Name));

        // A subclass starts with orders of its own; a property added later joins both orders at the end.
        u.Define(new QomDynamicType("ordered-leaf", "ordered") { Properties = static () => [TestProperties.U16("f")] });
        Assert.Equal(["f", "d", "b", "c", "a", "type"], u.Context.FindClass("ordered-leaf")!.GetProperties().Select(p => p.Name));
        klass.AddProperty(TestProperties.U8("e"));
        Assert.Equal(["d", "b", "c", "a", "e", "type"], klass.GetProperties().Select(p => p.Name));
        Assert.Equal(["f", "d", "b", "c", "a", "e", "type"], u.Context.FindClass("ordered-leaf")!.GetProperties().Select(p => p.Name));
        Assert.Throws<System.ArgumentException>(() => klass.OrderOwnProperties("type"));
        Assert.Throws<System.ArgumentException>(() => klass.SetPropertyIterationOrder("nope"));
    }
}
