using QomSharp.Generated.Tests.Types;

namespace QomSharp.Generated.Tests;

/// <summary>Strong links count references; children are adopted and unparented.</summary>
public sealed class LinkAndChildTests
{
    private readonly QomContext context = new();

    [Fact]
    public void StrongLinkHoldsAReference()
    {
        var linker = context.New<E2eLinker>();
        var first = context.New<E2eTarget>();
        var second = context.New<E2eTarget>();

        linker.Strong = first;
        Assert.Equal(2, first.RefCount);
        linker.Strong = first;
        Assert.Equal(2, first.RefCount);
        linker.Strong = second;
        Assert.Equal(1, first.RefCount);
        Assert.Equal(2, second.RefCount);
        linker.Strong = null;
        Assert.Equal(1, second.RefCount);

        linker.Weak = first;
        Assert.Equal(1, first.RefCount);
    }

    [Fact]
    public void FinalizeReleasesStrongLinks()
    {
        var linker = context.New<E2eLinker>();
        var target = context.New<E2eTarget>();
        linker.Strong = target;
        linker.Unref();
        Assert.Equal(1, target.RefCount);
    }

    [Fact]
    public void LinkIsSetByPathAndReadAsPath()
    {
        var linker = context.New<E2eLinker>();
        var target = context.New<E2eTarget>();
        context.GetRootContainer("objects").AddChild("t0", target);
        target.Unref();

        linker.ParseProperty("strong", "/objects/t0");
        Assert.Same(target, linker.Strong);
        Assert.Equal(2, target.RefCount);
        Assert.Equal("\"/objects/t0\"", linker.GetPropertyValue("strong")!.ToJsonString());
        Assert.Equal("link<e2e-target>", linker.GetPropertyOrThrow("strong").Type);

        linker.ParseProperty("port", "/objects/t0");
        Assert.Same(target, linker.Port);
        Assert.Equal("link<e2e-port>", linker.GetPropertyOrThrow("port").Type);
    }

    [Fact]
    public void LinkToAnObjectOfTheWrongTypeIsRefusedWithQemuText()
    {
        var linker = context.New<E2eLinker>();
        var other = context.New<E2eLinker>();
        context.GetRootContainer("objects").AddChild("l0", other);
        other.Unref();

        var error = Assert.Throws<QomException>(() => linker.ParseProperty("strong", "/objects/l0"));
        Assert.Equal("Invalid parameter type for 'strong', expected: e2e-target", error.Message);
    }

    [Fact]
    public void ReadOnlyLinkIsNotWritableByName()
    {
        var linker = context.New<E2eLinker>();
        var error = Assert.Throws<QomException>(() => linker.ParseProperty("fixed", ""));
        Assert.Equal("Property 'e2e-linker.fixed' is not writable", error.Message);
    }

    [Fact]
    public void ChildIsAdoptedAndUnparented()
    {
        var parent = context.New<E2eLinker>();
        context.GetRootContainer("objects").AddChild("p0", parent);
        var child = context.New<E2eTarget>();

        parent.Child = child;
        Assert.Same(parent, child.Parent);
        Assert.Equal(1, child.RefCount);
        Assert.Same(child, parent.GetChild("child"));
        Assert.Equal("/objects/p0/child", child.CanonicalPath);
        Assert.Equal("child<e2e-target>", parent.GetPropertyOrThrow("child").Type);

        var replacement = context.New<E2eTarget>();
        parent.Child = replacement;
        Assert.True(child.IsFinalized);
        Assert.Same(replacement, parent.GetChild("child"));

        parent.Child = null;
        Assert.True(replacement.IsFinalized);
        Assert.Null(parent.GetChild("child"));
    }
}
