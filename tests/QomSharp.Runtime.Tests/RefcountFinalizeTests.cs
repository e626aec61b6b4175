using QomSharp;

namespace QomSharp.Runtime.Tests;

/// <summary>Semantics 2.4: references, finalization order, unparent.</summary>
public class RefcountFinalizeTests
{
    private static TestUniverse WithFinalizers()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("fin-root", "object")
        {
            Factory = static () => new TestObject(),
            InstanceFinalize = o => u.Log.Add("finalize root " + ((TestObject)o).Str),
        });
        u.Define(new QomDynamicType("fin-leaf", "fin-root")
        {
            InstanceFinalize = o => u.Log.Add("finalize leaf " + ((TestObject)o).Str),
        });
        return u;
    }

    [Fact]
    public void RefAndUnrefCountAndTheLastUnrefFinalizes()
    {
        var u = WithFinalizers();
        var obj = u.NewTest("fin-leaf");
        obj.Str = "a";
        Assert.Same(obj, obj.Ref());
        Assert.Equal(2, obj.RefCount);
        obj.Unref();
        Assert.Equal(1, obj.RefCount);
        Assert.Empty(u.Log);
        obj.Unref();
        Assert.Equal(0, obj.RefCount);
        Assert.True(obj.IsFinalized);
        Assert.Equal(["finalize leaf a", "finalize root a"], u.Log);
    }

    [Fact]
    public void UnrefBelowZeroIsFatal()
    {
        var u = WithFinalizers();
        var obj = u.New("fin-leaf");
        obj.Unref();
        Assert.Throws<QomFatalException>(obj.Unref);
        Assert.Equal(0, obj.RefCount);
        Assert.Throws<QomFatalException>(() => obj.Ref()); // no resurrection
        Assert.Equal(0, obj.RefCount);
    }

    [Fact]
    public void ChildrenDieBeforeTheParentsFinalizeHooks()
    {
        var u = WithFinalizers();
        var parent = u.NewTest("fin-leaf");
        parent.Str = "parent";
        var child = u.NewTest("fin-leaf");
        child.Str = "child";
        child.Unparenting = c => u.Log.Add("unparent child, parent set: " + (c.Parent is not null));
        parent.AddChild("kid", child);
        child.Unref();
        Assert.Equal(1, child.RefCount);
        parent.Unref();
        Assert.Equal(
            ["unparent child, parent set: True", "finalize leaf child", "finalize root child", "finalize leaf parent", "finalize root parent"],
            u.Log);
        Assert.True(child.IsFinalized);
        Assert.Null(child.Parent);
    }

    [Fact]
    public void ChildWithAnotherReferenceSurvivesItsParent()
    {
        var u = WithFinalizers();
        var parent = u.New("fin-leaf");
        var child = u.New("fin-leaf");
        parent.AddChild("kid", child);
        parent.Unref();
        Assert.False(child.IsFinalized);
        Assert.Equal(1, child.RefCount);
        Assert.Null(child.Parent);
        child.Unref();
        Assert.True(child.IsFinalized);
    }

    [Fact]
    public void StrongLinkIsReleasedAtFinalize()
    {
        var u = WithFinalizers();
        var holder = u.New("fin-leaf");
        var target = u.New("fin-leaf");
        u.Context.GetRootContainer("objects").AddChild("target", target);
        holder.AddProperty(QomLinkProperty.CreateInstanceLink("peer", "object", QomLinkProperty.AllowSet, strong: true));
        holder.SetPropertyLink("peer", target);
        Assert.Equal(3, target.RefCount);
        holder.Unref();
        Assert.Equal(2, target.RefCount);
    }

    [Fact]
    public void UnparentRunsTheHookWithParentSetThenClearsParentAndDropsItsReference()
    {
        var u = WithFinalizers();
        var parent = u.New("fin-leaf");
        var child = u.NewTest("fin-leaf");
        child.Unparenting = c => u.Log.Add($"hook: parent={c.Parent?.TypeName} path={c.CanonicalPathComponent}");
        parent.AddChild("kid", child);
        Assert.Equal(2, child.RefCount);
        child.Unparent();
        Assert.Equal(["hook: parent=fin-leaf path=kid"], u.Log);
        Assert.Null(child.Parent);
        Assert.Equal(1, child.RefCount);
        Assert.Null(parent.FindProperty("kid"));
        Assert.Null(parent.GetChild("kid"));
        child.Unparent(); // no parent: nothing happens
        Assert.Equal(1, child.RefCount);
        Assert.Single(u.Log);
    }

    [Fact]
    public void UnparentOfTheOnlyReferenceFinalizes()
    {
        var u = WithFinalizers();
        var parent = u.New("fin-leaf");
        var child = u.NewTest("fin-leaf");
        child.Str = "c";
        parent.AddChild("kid", child);
        child.Unref();
        child.Unparent();
        Assert.True(child.IsFinalized);
        Assert.Equal(["finalize leaf c", "finalize root c"], u.Log);
    }

    [Fact]
    public void FailedAddChildLeavesReferencesUnchanged()
    {
        var u = WithFinalizers();
        var parent = u.New("fin-leaf");
        var first = u.New("fin-leaf");
        var second = u.New("fin-leaf");
        parent.AddChild("kid", first);
        var error = Assert.Throws<QomException>(() => parent.AddChild("kid", second));
        Assert.Equal("attempt to add duplicate property 'kid' to object (type 'fin-leaf')", error.Message);
        Assert.Equal(1, second.RefCount);
        Assert.Null(second.Parent);
        Assert.Equal(2, first.RefCount);
        Assert.Equal(1, parent.RefCount);
    }

    [Fact]
    public void FailedLinkSetLeavesReferencesUnchanged()
    {
        var u = WithFinalizers();
        var holder = u.New("fin-leaf");
        var target = u.New("fin-leaf");
        var objects = u.Context.GetRootContainer("objects");
        objects.AddChild("t", target);
        holder.AddProperty(QomLinkProperty.CreateInstanceLink("peer", "object",
            (_, _, candidate) => throw new QomException("vetoed"), strong: true));
        Assert.Equal("vetoed", Assert.Throws<QomException>(() => holder.SetPropertyLink("peer", target)).Message);
        Assert.Equal(2, target.RefCount);
        Assert.Equal("", holder.GetPropertyString("peer"));
    }

    [Fact]
    public void DeletingAnInstancePropertyReleasesIt()
    {
        var u = WithFinalizers();
        var parent = u.New("fin-leaf");
        var child = u.NewTest("fin-leaf");
        child.Str = "c";
        parent.AddChild("kid", child);
        child.Unref();
        parent.DeleteProperty("kid");
        Assert.True(child.IsFinalized);
        Assert.Null(parent.FindProperty("kid"));
    }
}
