using System.Linq;
using QomSharp.Generated.Tests.Types;

namespace QomSharp.Generated.Tests;

/// <summary>
/// The API a user reaches for, on generated types: create with properties in one call, instance
/// properties by attribute, a getter-only read-only link, an interface carrying class data.
/// </summary>
public sealed class ApiTests
{
    private readonly QomContext context = new();

    [Fact]
    public void NewWithPropertiesCreatesSetsAndAdds()
    {
        var objects = context.GetRootContainer("objects");
        var api = (E2eApi)context.NewWithProperties("e2e-api", objects, "api0", ("size", "16"), ("level", "7"));

        Assert.Equal(16U, api.Size);
        Assert.Equal(7, api.Level);
        Assert.Equal("/objects/api0", api.CanonicalPath);
        Assert.Equal(1, api.RefCount);
    }

    [Fact]
    public void NewWithPropertiesFailureLeavesNothing()
    {
        var objects = context.GetRootContainer("objects");
        var error = Assert.Throws<QomException>(() =>
            context.NewWithProperties("e2e-api", objects, "api1", ("size", "16"), ("level", "x")));
        Assert.Equal("Parameter 'level' expects int64", error.Message);
        Assert.Empty(objects.Children);
    }

    [Fact]
    public void InstancePropertiesAreOnTheObjectNotTheClass()
    {
        var api = context.New<E2eApi>();

        Assert.True(api.LevelWasThereAtInit);
        Assert.Equal(["level", "peer"], api.InstanceProperties.Select(p => p.Name));
        Assert.Null(api.Class.FindProperty("level"));
        Assert.NotNull(api.Class.FindProperty("size"));
        Assert.Equal(2, api.GetPropertyInt("level"));
        Assert.False(api.FindProperty("level")!.IsStatic);
        Assert.Equal("level", api.GetProperties().First().Name);

        var target = context.New<E2eTarget>();
        context.GetRootContainer("objects").AddChild("t0", target);
        api.SetPropertyString("peer", "/objects/t0");
        Assert.Same(target, api.Peer);
    }

    [Fact]
    public void ReadOnlyLinkReadsAndRefusesWrites()
    {
        var api = context.New<E2eApi>();
        var target = context.New<E2eTarget>();
        context.GetRootContainer("objects").AddChild("owner0", target);
        api.Adopt(target);

        Assert.Equal("/objects/owner0", api.GetPropertyString("owner"));
        Assert.Equal("Property 'e2e-api.owner' is not writable",
            Assert.Throws<QomException>(() => api.SetPropertyString("owner", "/objects/owner0")).Message);
        Assert.Equal("link<e2e-target>", api.FindProperty("owner")!.Type);
    }

    [Fact]
    public void InterfaceCarriesClassDataPerImplementation()
    {
        var apiClass = context.GetClass("e2e-api");
        var childClass = context.GetClass("e2e-api-child");

        var own = Assert.IsType<E2eHandlerClass>(apiClass.DynamicCast("e2e-handler"));
        var inherited = Assert.IsType<E2eHandlerClass>(childClass.DynamicCast("e2e-handler"));
        Assert.Equal("hello from e2e-api", own.Greeting);
        Assert.Equal("hello from e2e-api", inherited.Greeting);
        Assert.NotSame(own, inherited);
        Assert.IsType<E2eHandlerClass>(context.GetClass("e2e-handler"));
    }
}
