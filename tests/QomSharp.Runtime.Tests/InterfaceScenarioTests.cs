using QomSharp;

namespace QomSharp.Runtime.Tests;

/// <summary>
/// QEMU's tests/unit/check-qom-interface.c in this runtime's terms: a class init that writes into
/// its interface class, seen by direct implementers and by their subclasses.
/// </summary>
public class InterfaceScenarioTests
{
    private const uint Pattern = 0xFAFBFCFD;

    internal sealed class TestIfClass : QomClass
    {
        public uint Test;
    }

    private static TestUniverse Universe()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("test-interface", "interface") { Interface = true, ClassFactory = static () => new TestIfClass() });
        u.Define(new QomDynamicType("direct-impl", "object")
        {
            Factory = static () => new TestObject(),
            Interfaces = ["test-interface"],
            ClassInit = static k => ((TestIfClass)k.DynamicCast("test-interface")!).Test = Pattern,
        });
        u.Define(new QomDynamicType("intermediate-impl", "direct-impl"));
        return u;
    }

    [Theory]
    [InlineData("direct-impl")]
    [InlineData("intermediate-impl")]
    public void ImplementationSeesThePatternItsClassInitWrote(string type)
    {
        var u = Universe();
        var obj = u.New(type);
        Assert.Same(obj, obj.DynamicCast("test-interface"));
        var ioc = (TestIfClass)obj.Class.DynamicCast("test-interface")!;
        Assert.Equal(Pattern, ioc.Test);
        obj.Unref();
    }

    [Fact]
    public void TheInterfaceItselfIsUntouched()
    {
        var u = Universe();
        u.New("intermediate-impl");
        Assert.Equal(0u, ((TestIfClass)u.Context.GetClass("test-interface")).Test);
    }

    [Fact]
    public void SubclassCopyIsIndependent()
    {
        var u = Universe();
        var direct = (TestIfClass)u.Context.GetClass("direct-impl").DynamicCast("test-interface")!;
        var intermediate = (TestIfClass)u.Context.GetClass("intermediate-impl").DynamicCast("test-interface")!;
        Assert.NotSame(direct, intermediate);
        intermediate.Test = 1;
        Assert.Equal(Pattern, direct.Test);
    }
}
