using QomSharp;

namespace QomSharp.Generated.Tests;

/// <summary>A C# abstract class is an abstract QOM type even without <c>Abstract = true</c>.</summary>
public class ImplicitAbstractTests
{
    [Fact]
    public void AbstractClassWithoutTheFlagIsRegisteredAsAbstract()
    {
        var context = new QomContext();
        var klass = context.FindClass("e2e-implicit-abstract");
        Assert.NotNull(klass);
        Assert.True(klass.IsAbstract);
        Assert.Equal("e2e-implicit-abstract", context.GetClass("e2e-implicit-concrete").Parent!.Name);
        Assert.Equal("object type 'e2e-implicit-abstract' is abstract", Assert.Throws<QomFatalException>(() => klass.CreateInstance()).Message);
    }
}

[QomType("e2e-implicit-abstract")]
public abstract partial class ImplicitAbstract : QomObject;

[QomType("e2e-implicit-concrete")]
public sealed partial class ImplicitConcrete : ImplicitAbstract;
