namespace QomSharp.Runtime.Tests;

/// <summary>A class property added to a class after subclasses were built applies to their objects too.</summary>
public class LateClassPropertyTests
{
    [Fact]
    public void AReleasablePropertyAddedToAParentLaterIsReleasedForSubclassObjects()
    {
        var u = new TestUniverse();
        u.DefineObject("dog");
        u.Define(new QomDynamicType("kennel", "object") { Factory = static () => new TestObject() });
        u.Define(new QomDynamicType("big-kennel", "kennel") { Factory = static () => new TestObject() });
        var objects = u.Context.GetRootContainer("objects");
        var rex = u.New("dog");
        objects.AddChild("rex", rex);
        rex.Unref();

        // The subclass is built (and an object of it made and freed) before the parent gains a strong link.
        u.NewTest("big-kennel").Unref();
        u.Context.GetClass("kennel").AddProperty(TestProperties.Link("pet", "dog", QomLinkProperty.AllowSet, strong: true));

        var holder = u.NewTest("big-kennel");
        holder.SetPropertyLink("pet", rex);
        Assert.Equal(2, rex.RefCount);
        holder.Unref();
        Assert.True(holder.IsFinalized);
        Assert.Equal(1, rex.RefCount);

        // And for the parent's own objects.
        var plain = u.NewTest("kennel");
        plain.SetPropertyLink("pet", rex);
        plain.Unref();
        Assert.Equal(1, rex.RefCount);
    }
}
