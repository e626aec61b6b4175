using QomSharp;

namespace QomSharp.Runtime.Tests;

/// <summary>Semantics 2.12: absolute, partial and typed path resolution.</summary>
public class PathTests
{
    private sealed class Tree
    {
        public required TestUniverse U;
        public required QomObject Machine;
        public required QomObject Bus;
        public required TestObject Dev;
        public required QomObject Disk;
    }

    // /machine (animal) -> bus (animal) -> dev (dog, link "pet") ; /objects/disk (cat)
    private static Tree Build()
    {
        var u = new TestUniverse();
        u.DefineObject("animal");
        u.DefineObject("dog", "animal");
        u.DefineObject("cat", "animal");
        u.Define(new QomDynamicType("linker", "dog")
        {
            Properties = static () => [TestProperties.Link("pet", "animal", QomLinkProperty.AllowSet, strong: false)],
        });
        var root = u.Context.Root;
        var machine = Adopt(u, root, "machine", "animal");
        var bus = Adopt(u, machine, "bus", "animal");
        var dev = (TestObject)Adopt(u, bus, "dev", "linker");
        var disk = Adopt(u, u.Context.GetRootContainer("objects"), "disk", "cat");
        return new Tree { U = u, Machine = machine, Bus = bus, Dev = dev, Disk = disk };
    }

    private static QomObject Adopt(TestUniverse u, QomObject parent, string name, string type)
    {
        var obj = u.New(type);
        parent.AddChild(name, obj);
        obj.Unref();
        return obj;
    }

    [Fact]
    public void AbsolutePaths()
    {
        var t = Build();
        var c = t.U.Context;
        Assert.Same(c.Root, c.ResolvePath("/"));
        Assert.Same(t.Dev, c.ResolvePath("/machine/bus/dev"));
        Assert.Same(t.Dev, c.ResolvePath("//machine//bus/dev/")); // empty components are ignored
        Assert.Null(c.ResolvePath("/machine/nope"));
        Assert.Null(c.ResolvePath("/machine/bus/dev/type")); // a property without a resolver
        Assert.Same(t.Dev, c.ResolvePath("/machine/bus/dev", "dog", out bool ambiguous));
        Assert.False(ambiguous);
        Assert.Null(c.ResolvePath("/machine/bus/dev", "cat", out _));
    }

    [Fact]
    public void AbsolutePathsFollowLinksAndStopAtEmptyOnes()
    {
        var t = Build();
        var c = t.U.Context;
        Assert.Null(c.ResolvePath("/machine/bus/dev/pet"));
        t.Dev.SetPropertyLink("pet", t.Disk);
        Assert.Same(t.Disk, c.ResolvePath("/machine/bus/dev/pet"));
        Adopt(t.U, t.Disk, "platter", "animal");
        Assert.Same(t.Disk.GetChild("platter"), c.ResolvePath("/machine/bus/dev/pet/platter"));
    }

    [Fact]
    public void PartialPaths()
    {
        var t = Build();
        var c = t.U.Context;
        Assert.Same(t.Dev, c.ResolvePath("dev"));
        Assert.Same(t.Dev, c.ResolvePath("bus/dev"));
        Assert.Same(t.Dev, c.ResolvePath("machine/bus/dev"));
        Assert.Null(c.ResolvePath("nothing"));
        Adopt(t.U, t.Disk, "dev", "cat");
        Assert.Null(c.ResolvePath("dev", null, out bool ambiguous));
        Assert.True(ambiguous);
        // Typed: only one "dev" is a dog.
        Assert.Same(t.Dev, c.ResolvePath("dev", "dog", out ambiguous));
        Assert.False(ambiguous);
    }

    [Fact]
    public void SameObjectReachedTwiceIsAmbiguous()
    {
        var t = Build();
        var c = t.U.Context;
        Assert.Same(t.Disk, c.ResolvePath("disk"));
        // A link named like the child, to the same object: partial paths do not de-duplicate.
        t.Machine.AddProperty(QomLinkProperty.CreateInstanceLink("disk", "cat", QomLinkProperty.AllowSet, strong: false));
        t.Machine.SetPropertyLink("disk", t.Disk);
        Assert.Same(t.Disk, c.ResolvePath("/machine/disk"));
        Assert.Null(c.ResolvePath("disk", null, out bool ambiguous));
        Assert.True(ambiguous);
        // The search visits objects through child edges only: below the link it does not look again.
        var platter = Adopt(t.U, t.Disk, "platter", "animal");
        Assert.Same(platter, c.ResolvePath("platter"));
        Assert.Same(platter, c.ResolvePath("/machine/disk/platter"));
    }

    [Fact]
    public void EmptyPartialPathFindsTheUniqueObjectOfAType()
    {
        var t = Build();
        var c = t.U.Context;
        Assert.Same(t.Disk, c.ResolvePath("", "cat", out bool ambiguous));
        Assert.False(ambiguous);
        Assert.Null(c.ResolvePath("", "animal", out ambiguous));
        Assert.True(ambiguous);
        Assert.Same(t.Dev, c.ResolveTypeUnambiguous("linker"));
        Assert.Equal("More than one object of type animal", Assert.Throws<QomException>(() => c.ResolveTypeUnambiguous("animal")).Message);
        t.U.DefineObject("ghost");
        Assert.Equal("No object found of type ghost", Assert.Throws<QomException>(() => c.ResolveTypeUnambiguous("ghost")).Message);
    }

    [Fact]
    public void ResolvePathAtAndComponent()
    {
        var t = Build();
        var c = t.U.Context;
        Assert.Same(t.Dev, c.ResolvePathAt(t.Machine, "bus/dev"));
        Assert.Null(c.ResolvePathAt(t.Machine, "dev")); // relative, no search
        Assert.Same(t.Disk, c.ResolvePathAt(t.Machine, "/objects/disk"));
        Assert.Same(t.Machine, c.ResolvePathAt(t.Machine, ""));
        Assert.Same(t.Bus, QomContext.ResolvePathComponent(t.Machine, "bus"));
        Assert.Null(QomContext.ResolvePathComponent(t.Machine, "type"));
        Assert.Null(QomContext.ResolvePathComponent(t.Machine, "missing"));
    }

    [Fact]
    public void UnparentedObjectsAreNoLongerFound()
    {
        var t = Build();
        var c = t.U.Context;
        t.Bus.Ref();
        t.Bus.Unparent();
        Assert.Null(c.ResolvePath("/machine/bus/dev"));
        Assert.Null(c.ResolvePath("dev"));
        t.Bus.Unref();
    }
}
