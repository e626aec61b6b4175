using QomSharp;

namespace QomSharp.Runtime.Tests;

/// <summary>Semantics 2.5: object and class casts, interfaces and their ambiguity rule.</summary>
public class CastTests
{
    private static TestUniverse Hierarchy()
    {
        var u = new TestUniverse();
        u.DefineObject("animal");
        u.DefineObject("dog", "animal");
        u.DefineObject("cat", "animal");
        u.DefineObject("puppy", "dog");
        return u;
    }

    [Fact]
    public void ObjectCastsBySelfAncestorSiblingUnknown()
    {
        var u = Hierarchy();
        var puppy = u.New("puppy");
        Assert.Same(puppy, puppy.DynamicCast("puppy"));
        Assert.Same(puppy, puppy.DynamicCast("dog"));
        Assert.Same(puppy, puppy.DynamicCast("animal"));
        Assert.Same(puppy, puppy.DynamicCast("object"));
        Assert.Null(puppy.DynamicCast("cat"));
        Assert.Null(puppy.DynamicCast("no-such-type"));
        Assert.Null(u.New("dog").DynamicCast("puppy")); // a parent is not its child
        Assert.True(puppy.IsA("animal"));
        Assert.False(puppy.IsA("interface"));
    }

    [Fact]
    public void RepeatedCastsByTheSameNamesKeepTheirAnswersPerClass()
    {
        var u = Hierarchy();
        var puppy = u.New("puppy");
        var cat = u.New("cat");
        string dog = "dog";
        string later = "later-type";
        for (int round = 0; round < 3; round++)
        {
            Assert.Same(puppy, puppy.DynamicCast(dog));
            Assert.Null(cat.DynamicCast(dog));
            Assert.Null(puppy.DynamicCast("cat"));
            Assert.Same(cat, cat.DynamicCast("cat"));
            Assert.True(puppy.IsA(dog));
            Assert.False(cat.IsA(dog));
            Assert.False(puppy.IsA(later));
        }

        // A name unknown at the first cast names no ancestor later either.
        u.DefineObject(later, "dog");
        Assert.False(puppy.IsA(later));
        Assert.True(u.New(later).IsA(dog));
    }

    [Fact]
    public void CastToANullNameIsRefused()
    {
        var puppy = Hierarchy().New("puppy");
        Assert.Throws<System.ArgumentNullException>(() => puppy.DynamicCast((string)null!));
        Assert.Throws<System.ArgumentNullException>(() => puppy.Class.CastsTo((string)null!));
    }

    [Fact]
    public void CheckedCastFailureIsFatal()
    {
        var u = Hierarchy();
        var dog = u.New("dog");
        Assert.Same(dog, dog.CastChecked("animal"));
        var error = Assert.Throws<QomFatalException>(() => dog.CastChecked("cat"));
        Assert.EndsWith("is not an instance of type cat", error.Message);
    }

    [Fact]
    public void ClassCasts()
    {
        var u = Hierarchy();
        var puppy = u.Context.GetClass("puppy");
        Assert.Same(puppy, puppy.DynamicCast("dog"));
        Assert.Same(puppy, puppy.DynamicCast("puppy"));
        Assert.Null(puppy.DynamicCast("cat"));
        Assert.Null(puppy.DynamicCast("unknown-x"));
        Assert.Null(puppy.DynamicCast((QomClass?)null));
        Assert.Null(u.Context.GetClass("dog").DynamicCast("puppy"));
    }

    [Fact]
    public void InterfaceCastGivesTheImplementationClassAndTheObjectItself()
    {
        var u = new TestUniverse();
        u.DefineInterface("walker");
        u.DefineObject("robot", "object", "walker");
        var klass = u.Context.GetClass("robot");
        var implementation = klass.DynamicCast("walker");
        Assert.NotNull(implementation);
        Assert.Equal("robot::walker", implementation!.Name);
        Assert.NotSame(u.Context.GetClass("walker"), implementation);
        Assert.Same(klass, implementation.ConcreteClass);
        // T::I casts to I (itself) but not to T.
        Assert.Same(implementation, implementation.DynamicCast("walker"));
        Assert.Null(implementation.DynamicCast("robot"));
        var robot = u.New("robot");
        Assert.Same(robot, robot.DynamicCast("walker"));
        Assert.Same(robot, robot.DynamicCast("interface")); // one interface: unambiguous
    }

    [Fact]
    public void InterfaceIsInheritedThroughTheParentClass()
    {
        var u = new TestUniverse();
        u.DefineInterface("swimmer");
        u.DefineObject("fish", "object", "swimmer");
        u.DefineObject("trout", "fish");
        var trout = u.Context.GetClass("trout");
        Assert.Equal("trout::swimmer", trout.DynamicCast("swimmer")!.Name);
        Assert.Equal("fish::swimmer", trout.DynamicCast("swimmer")!.Parent!.Name);
        Assert.NotNull(u.New("trout").DynamicCast("swimmer"));
    }

    [Fact]
    public void TwoInterfacesDerivedFromTheTargetMakeTheCastAmbiguous()
    {
        var u = new TestUniverse();
        u.DefineInterface("base-if");
        u.DefineInterface("left-if", "base-if");
        u.DefineInterface("right-if", "base-if");
        u.DefineObject("both", "object", "left-if", "right-if");
        var both = u.New("both");
        Assert.Null(both.DynamicCast("base-if"));
        Assert.Null(both.Class.DynamicCast("base-if"));
        Assert.Same(both, both.DynamicCast("left-if"));
        Assert.Same(both, both.DynamicCast("right-if"));
        Assert.Null(both.DynamicCast("interface")); // two interfaces: ambiguous
    }

    [Fact]
    public void NonInterfaceTargetIgnoresInterfaces()
    {
        var u = new TestUniverse();
        u.DefineInterface("one-if");
        u.DefineObject("holder-a", "object", "one-if");
        var holder = u.Context.GetClass("holder-a");
        Assert.Same(holder, holder.DynamicCast("object"));
        Assert.Null(holder.DynamicCast("container"));
    }

    [Fact]
    public void GetClassesFiltersAbstractAndImplements()
    {
        var u = new TestUniverse();
        u.DefineInterface("gc-if");
        u.DefineInterface("gc-other-if");
        u.Define(new QomDynamicType("gc-abstract", "object") { Abstract = true, Interfaces = ["gc-if"] });
        u.DefineObject("gc-one", "gc-abstract");
        u.DefineObject("gc-two", "object", "gc-if", "gc-other-if");
        u.DefineObject("gc-none");
        Assert.Equal(["gc-one", "gc-two"], u.Context.GetClassesSorted("gc-if").Select(c => c.Name));
        Assert.Equal(["gc-abstract", "gc-if", "gc-one", "gc-two"], u.Context.GetClassesSorted("gc-if", includeAbstract: true).Select(c => c.Name));
        Assert.Empty(u.Context.GetClasses("no-such-type"));
        Assert.Empty(u.Context.GetClasses(""));
        // implements=interface keeps interface types and classes with exactly one interface.
        var withInterface = u.Context.GetClassesSorted("interface", includeAbstract: true).Select(c => c.Name).ToList();
        Assert.Contains("gc-one", withInterface);
        Assert.Contains("gc-abstract", withInterface);
        Assert.Contains("gc-if", withInterface);
        Assert.Contains("interface", withInterface);
        Assert.DoesNotContain("gc-two", withInterface);
        Assert.DoesNotContain("gc-none", withInterface);
        // Every registered concrete type, none abstract, no T::I implementation types.
        var all = u.Context.GetClasses().Select(c => c.Name).ToList();
        Assert.Contains("gc-none", all);
        Assert.Contains("container", all);
        Assert.DoesNotContain("gc-abstract", all);
        Assert.DoesNotContain("interface", all);
        Assert.DoesNotContain(all, n => n.Contains("::", System.StringComparison.Ordinal));
    }

    [Fact]
    public void GetClassesInitialisesEveryType()
    {
        var u = new TestUniverse();
        int runs = 0;
        u.Define(new QomDynamicType("enum-init", "object") { Abstract = true, ClassInit = _ => runs++ });
        u.Context.GetClasses();
        Assert.Equal(1, runs);
    }

    [Fact]
    public void SortedListIgnoresAsciiCase()
    {
        var u = new TestUniverse();
        u.DefineObject("Zeta", "container");
        u.DefineObject("alpha", "container");
        u.DefineObject("Beta", "container");
        u.DefineObject("gamma", "container");
        Assert.Equal(["alpha", "Beta", "gamma", "Zeta"], u.Context.GetClassesSorted("container").Where(c => c.Name != "container").Select(c => c.Name));
    }
}
