using QomSharp;

namespace QomSharp.Runtime.Tests;

/// <summary>Semantics 2.10: link properties, their references, check callback and resolution errors.</summary>
public class LinkTests
{
    private static (TestUniverse U, TestObject Holder, QomObject Objects) Setup(QomLinkCheck? check, bool strong, string targetType = "dog")
    {
        var u = new TestUniverse();
        u.DefineObject("animal");
        u.DefineObject("dog", "animal");
        u.DefineObject("cat", "animal");
        u.Define(new QomDynamicType("kennel", "object")
        {
            Factory = static () => new TestObject(),
            Properties = () => [TestProperties.Link("pet", targetType, check, strong)],
        });
        var objects = u.Context.GetRootContainer("objects");
        var holder = u.NewTest("kennel");
        objects.AddChild("kennel", holder);
        holder.Unref();
        return (u, holder, objects);
    }

    private static QomObject Add(TestUniverse u, QomObject parent, string name, string type)
    {
        var obj = u.New(type);
        parent.AddChild(name, obj);
        obj.Unref();
        return obj;
    }

    [Fact]
    public void StrongLinkHoldsAReferenceAndEmptyStringClears()
    {
        var (u, holder, objects) = Setup(QomLinkProperty.AllowSet, strong: true);
        var rex = Add(u, objects, "rex", "dog");
        var fido = Add(u, objects, "fido", "dog");
        Assert.Equal("", holder.GetPropertyString("pet"));
        holder.ParseProperty("pet", "/objects/rex");
        Assert.Same(rex, holder.Link);
        Assert.Equal(2, rex.RefCount);
        Assert.Equal("/objects/rex", holder.GetPropertyString("pet"));
        holder.ParseProperty("pet", "fido"); // partial path
        Assert.Equal(1, rex.RefCount);
        Assert.Equal(2, fido.RefCount);
        holder.ParseProperty("pet", "");
        Assert.Null(holder.Link);
        Assert.Equal(1, fido.RefCount);
        Assert.Null(holder.GetPropertyLink("pet"));
    }

    [Fact]
    public void WeakLinkTakesNoReference()
    {
        var (u, holder, objects) = Setup(QomLinkProperty.AllowSet, strong: false);
        var rex = Add(u, objects, "rex", "dog");
        holder.SetPropertyLink("pet", rex);
        Assert.Same(rex, holder.GetPropertyLink("pet"));
        Assert.Equal(1, rex.RefCount);
    }

    [Fact]
    public void StrongLinkIsDroppedWhenTheHolderDies()
    {
        var (u, holder, objects) = Setup(QomLinkProperty.AllowSet, strong: true);
        var rex = Add(u, objects, "rex", "dog");
        holder.SetPropertyLink("pet", rex);
        Assert.Equal(2, rex.RefCount);
        holder.Unparent();
        Assert.True(holder.IsFinalized);
        Assert.Equal(1, rex.RefCount);
    }

    [Fact]
    public void CheckCallbackSeesTheNewTargetAndMayVeto()
    {
        string? seen = null;
        var (u, holder, objects) = Setup((obj, name, target) =>
        {
            seen = $"{obj.TypeName}.{name} -> {target?.CanonicalPath ?? "null"}";
            if (target?.CanonicalPathComponent == "bad")
            {
                throw new QomException("no bad dogs");
            }
        }, strong: true);
        var good = Add(u, objects, "good", "dog");
        var bad = Add(u, objects, "bad", "dog");
        holder.ParseProperty("pet", "/objects/good");
        Assert.Equal("kennel.pet -> /objects/good", seen);
        Assert.Equal("no bad dogs", Assert.Throws<QomException>(() => holder.ParseProperty("pet", "/objects/bad")).Message);
        Assert.Same(good, holder.Link);
        Assert.Equal(1, bad.RefCount);
        Assert.Equal(2, good.RefCount);
        holder.ParseProperty("pet", "");
        Assert.Equal("kennel.pet -> null", seen);
    }

    [Fact]
    public void ResolutionErrors()
    {
        var (u, holder, objects) = Setup(QomLinkProperty.AllowSet, strong: true);
        Add(u, objects, "tom", "cat");
        var box1 = Add(u, objects, "box1", "animal");
        var box2 = Add(u, objects, "box2", "animal");
        Add(u, box1, "twin", "dog");
        Add(u, box2, "twin", "dog");
        Add(u, box1, "kit", "cat");
        Add(u, box2, "kit", "cat");
        Assert.Equal("Path 'twin' does not uniquely identify an object",
            Assert.Throws<QomException>(() => holder.ParseProperty("pet", "twin")).Message);
        Assert.Equal("Invalid parameter type for 'pet', expected: dog",
            Assert.Throws<QomException>(() => holder.ParseProperty("pet", "/objects/tom")).Message);
        // Ambiguous untyped, no match typed: still the type error.
        Assert.Equal("Invalid parameter type for 'pet', expected: dog",
            Assert.Throws<QomException>(() => holder.ParseProperty("pet", "kit")).Message);
        var missing = Assert.Throws<QomException>(() => holder.ParseProperty("pet", "/objects/nobody"));
        Assert.Equal("Device '/objects/nobody' not found", missing.Message);
        Assert.Equal(QomErrorClass.DeviceNotFound, missing.ErrorClass);
        Assert.Null(holder.Link);
    }

    [Fact]
    public void LinkWithoutCheckIsReadOnly()
    {
        var (u, holder, objects) = Setup(null, strong: false);
        var rex = Add(u, objects, "rex", "dog");
        Assert.Equal("Property 'kennel.pet' is not writable",
            Assert.Throws<QomException>(() => holder.ParseProperty("pet", "/objects/rex")).Message);
        holder.Link = rex;
        Assert.Equal("/objects/rex", holder.GetPropertyString("pet"));
    }

    [Fact]
    public void LinkToASubtypeIsAccepted()
    {
        var (u, holder, objects) = Setup(QomLinkProperty.AllowSet, strong: false, targetType: "animal");
        var rex = Add(u, objects, "rex", "dog");
        holder.ParseProperty("pet", "/objects/rex");
        Assert.Same(rex, holder.Link);
        Assert.Equal("link<animal>", holder.FindProperty("pet")!.Type);
    }

    [Fact]
    public void LinkToADetachedObjectReadsEmpty()
    {
        var (u, holder, _) = Setup(QomLinkProperty.AllowSet, strong: false);
        holder.Link = u.New("dog");
        Assert.Equal("", holder.GetPropertyString("pet"));
    }

    [Fact]
    public void JsonPathNeedsAString()
    {
        var (_, holder, _) = Setup(QomLinkProperty.AllowSet, strong: false);
        Assert.Equal("Invalid parameter type for 'pet', expected: string",
            Assert.Throws<QomException>(() => holder.SetPropertyValue("pet", Inputs.Make(Inputs.JsonPath, "1"))).Message);
    }

    [Fact]
    public void GetLinkOfAnUnresolvablePath()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("fake-link", "object")
        {
            Factory = static () => new TestObject(),
            Properties = static () => [new QomStringProperty("pet", static _ => "/nowhere", null)],
        });
        var obj = u.New("fake-link");
        var error = Assert.Throws<QomException>(() => obj.GetPropertyLink("pet"));
        Assert.Equal("Device '/nowhere' not found", error.Message);
        Assert.Equal(QomErrorClass.DeviceNotFound, error.ErrorClass);
    }

    [Fact]
    public void ReadOnlyLinkNeedsNoStoreAndRefusesWrites()
    {
        var u = new TestUniverse();
        u.DefineObject("dog");
        u.Define(new QomDynamicType("ro-kennel", "object")
        {
            Factory = static () => new TestObject(),
            Properties = static () => [QomLinkProperty.CreateReadOnly("pet", "dog", static o => ((TestObject)o).Link)],
        });
        var objects = u.Context.GetRootContainer("objects");
        var rex = u.New("dog");
        objects.AddChild("rex", rex);
        var holder = u.NewTest("ro-kennel");
        holder.Link = rex;

        Assert.Equal("/objects/rex", holder.GetPropertyString("pet"));
        Assert.False(holder.FindProperty("pet")!.CanWrite);
        Assert.Equal("Property 'ro-kennel.pet' is not writable",
            Assert.Throws<QomException>(() => holder.SetPropertyString("pet", "/objects/rex")).Message);
        holder.Unref();
        Assert.Equal(2, rex.RefCount); // weak: the finalized holder released nothing
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void WritableOrStrongLinkWithoutStoreIsRefused(bool writable, bool strong) =>
        Assert.Throws<System.ArgumentException>(() =>
            new QomLinkProperty("pet", "dog", static _ => null, store: null, writable ? QomLinkProperty.AllowSet : null, strong));
}
