using QomSharp;

namespace QomSharp.Runtime.Tests;

/// <summary>Semantics 2.9: child properties and canonical paths.</summary>
public class ChildTests
{
    [Fact]
    public void ChildPropertyTypePathAndResolution()
    {
        var u = new TestUniverse();
        u.DefineObject("box");
        var objects = u.Context.GetRootContainer("objects");
        var outer = u.New("box");
        var inner = u.New("box");
        var property = objects.AddChild("outer", outer);
        outer.AddChild("inner", inner);
        Assert.Equal("child<box>", property.Type);
        Assert.Same(objects, outer.Parent);
        Assert.Equal("/objects/outer", outer.CanonicalPath);
        Assert.Equal("/objects/outer/inner", inner.CanonicalPath);
        Assert.Equal("inner", inner.CanonicalPathComponent);
        Assert.Equal("/objects/outer/inner", outer.GetPropertyString("inner"));
        Assert.Same(inner, QomContext.ResolvePathComponent(outer, "inner"));
        Assert.Equal(["inner"], outer.Children.Select(c => c.Name));
    }

    [Fact]
    public void RootPathIsSlash()
    {
        var u = new TestUniverse();
        Assert.Equal("/", u.Context.Root.CanonicalPath);
        Assert.Null(u.Context.Root.Parent);
        Assert.Equal(["chardevs", "objects", "backend"], u.Context.Root.Children.Select(c => c.Name));
    }

    [Fact]
    public void DetachedTreeHasNoCanonicalPathAndReadsEmpty()
    {
        var u = new TestUniverse();
        u.DefineObject("box");
        var top = u.New("box");
        var child = u.New("box");
        top.AddChild("c", child);
        Assert.Null(top.CanonicalPath);
        Assert.Null(child.CanonicalPath);
        Assert.Equal("c", child.CanonicalPathComponent);
        Assert.Equal("", top.GetPropertyString("c")); // a null path is printed as ""
    }

    [Fact]
    public void AnObjectHasOneParent()
    {
        var u = new TestUniverse();
        u.DefineObject("box");
        var a = u.New("box");
        var b = u.New("box");
        var child = u.New("box");
        a.AddChild("c", child);
        Assert.Throws<QomFatalException>(() => b.AddChild("c", child));
        Assert.Null(b.FindProperty("c"));
        Assert.Equal(2, child.RefCount);
        Assert.Same(a, child.Parent);
        child.Unparent();
        b.AddChild("c", child); // re-parenting after unparent works
        Assert.Same(b, child.Parent);
    }

    [Fact]
    public void DuplicateChildNameLeavesTheChildUntouched()
    {
        var u = new TestUniverse();
        u.DefineObject("box");
        var parent = u.New("box");
        parent.AddProperty(TestProperties.Str("name"));
        var child = u.New("box");
        Assert.Equal("attempt to add duplicate property 'name' to object (type 'box')",
            Assert.Throws<QomException>(() => parent.AddChild("name", child)).Message);
        Assert.Null(child.Parent);
        Assert.Equal(1, child.RefCount);
        Assert.Null(child.CanonicalPathComponent);
    }

    [Fact]
    public void ChildPropertyIsNotWritable()
    {
        var u = new TestUniverse();
        u.DefineObject("box");
        var parent = u.New("box");
        parent.AddChild("kid", u.New("box"));
        Assert.Equal("Property 'box.kid' is not writable", Assert.Throws<QomException>(() => parent.ParseProperty("kid", "/")).Message);
        Assert.False(parent.FindProperty("kid")!.CanWrite);
    }

    [Fact]
    public void AutoIndexedChildren()
    {
        var u = new TestUniverse();
        u.DefineObject("box");
        var objects = u.Context.GetRootContainer("objects");
        var first = u.New("box");
        var second = u.New("box");
        objects.AddChild("dev[*]", first);
        objects.AddChild("dev[*]", second);
        Assert.Equal("/objects/dev[0]", first.CanonicalPath);
        Assert.Equal("/objects/dev[1]", second.CanonicalPath);
    }
}
