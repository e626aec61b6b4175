using QomSharp;

namespace QomSharp.Runtime.Tests;

/// <summary>
/// QomContext.NewWithProperties (QEMU's object_new_with_props): QEMU's checks and texts in QEMU's
/// order, and a failure at any step leaves no object in the tree and every reference as it was.
/// </summary>
public class NewWithPropertiesTests
{
    private const string Dummy = "nwp-dummy";
    private const string Creatable = "nwp-creatable";

    private static TestUniverse Universe()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType(Dummy, "object")
        {
            Factory = static () => new TestObject(),
            Properties = static () => [TestProperties.Str("sv"), TestProperties.U32("u32"), TestProperties.Link("target", "object", QomLinkProperty.AllowSet, strong: true)],
        });
        u.Define(new QomDynamicType(Creatable, "object")
        {
            Factory = static () => new CompletingObject(),
            Properties = static () => [TestProperties.Str("sv")],
            Interfaces = ["user-creatable"],
        });
        u.Define(new QomDynamicType("nwp-abstract", "object") { Abstract = true });
        return u;
    }

    [Fact]
    public void CreatesSetsAndAddsInOneCall()
    {
        var u = Universe();
        var parent = u.Context.GetRootContainer("objects");
        var obj = (TestObject)u.Context.NewWithProperties(Dummy, parent, "d0", ("sv", "hello"), ("u32", "7"));

        Assert.Equal("hello", obj.Str);
        Assert.Equal(7U, obj.U32);
        Assert.Same(obj, QomContext.ResolvePathComponent(parent, "d0"));
        Assert.Equal(1, obj.RefCount); // the tree's reference only
        obj.Unparent();
        Assert.True(obj.IsFinalized);
    }

    [Fact]
    public void WithoutIdTheCallerKeepsTheCreatorsReference()
    {
        var u = Universe();
        var obj = u.Context.NewWithProperties(Dummy, null, null, ("sv", "x"));
        Assert.Null(obj.Parent);
        Assert.Equal(1, obj.RefCount);
        Assert.False(obj.IsFinalized);
        obj.Unref();
        Assert.True(obj.IsFinalized);
    }

    [Fact]
    public void UnknownAndAbstractTypesAreQemusErrors()
    {
        var u = Universe();
        var parent = u.Context.GetRootContainer("objects");
        Assert.Equal("invalid object type: nwp-nope",
            Assert.Throws<QomException>(() => u.Context.NewWithProperties("nwp-nope", parent, "x")).Message);
        Assert.Equal("object type 'nwp-abstract' is abstract",
            Assert.Throws<QomException>(() => u.Context.NewWithProperties("nwp-abstract", parent, "x")).Message);
        Assert.Empty(parent.Children);
    }

    [Fact]
    public void FailingPropertyLeavesNothingAndGivesReferencesBack()
    {
        var u = Universe();
        var parent = u.Context.GetRootContainer("objects");
        var target = u.Context.NewWithProperties(Dummy, parent, "target0");
        int before = target.RefCount;

        var error = Assert.Throws<QomException>(() =>
            u.Context.NewWithProperties(Dummy, parent, "d1", ("target", "/objects/target0"), ("u32", "-1")));

        Assert.Equal("Parameter 'u32' expects uint32_t", error.Message);
        Assert.Null(QomContext.ResolvePathComponent(parent, "d1"));
        Assert.Equal(before, target.RefCount);
        Assert.Equal("Property 'nwp-dummy.bogus' not found",
            Assert.Throws<QomException>(() => u.Context.NewWithProperties(Dummy, parent, "d2", ("bogus", "1"))).Message);
        Assert.Single(parent.Children);
    }

    [Fact]
    public void FailingCompletionUnparentsAndReleases()
    {
        var u = Universe();
        var parent = u.Context.GetRootContainer("objects");
        CompletingObject.Fail = "refused";
        try
        {
            Assert.Equal("refused",
                Assert.Throws<QomException>(() => u.Context.NewWithProperties(Creatable, parent, "c0", ("sv", "x"))).Message);
        }
        finally
        {
            CompletingObject.Fail = null;
        }

        Assert.Null(QomContext.ResolvePathComponent(parent, "c0"));
        Assert.True(CompletingObject.LastFailed!.IsFinalized);
        var ok = (CompletingObject)u.Context.NewWithProperties(Creatable, parent, "c1", ("sv", "x"));
        Assert.True(ok.Completed);
    }

    [Fact]
    public void DuplicateIdFailsAndReleasesTheNewObject()
    {
        var u = Universe();
        var parent = u.Context.GetRootContainer("objects");
        var first = u.Context.NewWithProperties(Dummy, parent, "dup");
        var error = Assert.Throws<QomException>(() => u.Context.NewWithProperties(Dummy, parent, "dup", ("sv", "second")));
        Assert.Equal("attempt to add duplicate property 'dup' to object (type 'container')", error.Message);
        Assert.Same(first, QomContext.ResolvePathComponent(parent, "dup"));
    }

    /// <summary>A user-creatable object whose completion can be made to fail.</summary>
    private sealed class CompletingObject : TestObject, IUserCreatable
    {
        [System.ThreadStatic] public static string? Fail;
        [System.ThreadStatic] public static CompletingObject? LastFailed;

        public bool Completed { get; private set; }

        public void Complete()
        {
            if (Fail is { } message)
            {
                LastFailed = this;
                throw new QomException(message);
            }

            Completed = true;
        }
    }
}
