using System;
using System.Linq;
using QomSharp;

namespace QomSharp.Runtime.Tests;

/// <summary>
/// A module's class is built from its table on first look-up, with only what that needs: no type
/// record, the parent's ancestor array shared, property maps and interface copies made on first
/// use. What a class answers must be the same as if everything had been built at once.
/// </summary>
public class LazyClassTests
{
    // Abstract | Interface = 3, Abstract = 1.
    private const string Table =
        "lazy-base\tobject\t0\t\n" +
        "lazy-iface\tinterface\t3\t\n" +
        "lazy-iface-sub\tlazy-iface\t3\t\n" +
        "lazy-other-iface\tinterface\t3\t\n" +
        "lazy-leaf\tlazy-base\t0\tlazy-iface-sub\n" +
        "lazy-leaf-b\tlazy-base\t0\t\n" +
        "lazy-grandchild\tlazy-leaf\t0\tlazy-other-iface\n" +
        "lazy-abstract\tlazy-base\t1\t\n";

    private sealed class TableModule(string table) : QomModule("lazy", table)
    {
        protected internal override QomObject CreateInstance(int index) => new PlainObject();
    }

    private static (QomContext Context, TableModule Module) Registered()
    {
        var context = new QomContext();
        var module = new TableModule(Table);
        context.RegisterModule(module);
        return (context, module);
    }

    [Fact]
    public void ClassPropertyAddedToAParentAfterAChildIsBuiltIsSeenByTheChild()
    {
        var (context, _) = Registered();
        var leaf = context.GetClass("lazy-leaf");
        Assert.Null(leaf.FindProperty("late"));

        context.GetClass("lazy-base").AddProperty(new QomStringProperty("late", static _ => "yes", null));
        Assert.Equal("late", leaf.FindProperty("late")!.Name);
        Assert.Equal("late", context.GetClass("lazy-leaf-b").FindProperty("late")!.Name);
        Assert.Contains(leaf.GetProperties(), static p => p.Name == "late");
    }

    [Fact]
    public void InterfaceCastsOfALazilyBuiltClass()
    {
        var (context, _) = Registered();
        var leaf = context.GetClass("lazy-leaf");
        Assert.True(leaf.CastsTo("lazy-iface-sub"));
        Assert.True(leaf.CastsTo("lazy-iface"));
        Assert.False(leaf.CastsTo("lazy-other-iface"));

        var implementation = leaf.DynamicCast("lazy-iface")!;
        Assert.Same(leaf, implementation.ConcreteClass);
        Assert.Equal("lazy-iface-sub", implementation.InterfaceType!.Name);
        Assert.Equal("lazy-leaf::lazy-iface-sub", implementation.Name);
        Assert.Single(leaf.Interfaces);

        // The grandchild inherits the interface and adds its own, inherited first.
        var grandchild = context.GetClass("lazy-grandchild");
        Assert.Equal(["lazy-grandchild::lazy-iface-sub", "lazy-grandchild::lazy-other-iface"], grandchild.Interfaces.Select(static c => c.Name));
        Assert.True(grandchild.CastsTo("lazy-iface"));
        Assert.True(grandchild.CastsTo("lazy-other-iface"));
        Assert.False(context.GetClass("lazy-leaf-b").CastsTo("lazy-iface"));
    }

    [Fact]
    public void AncestryIsRightWhetherAParentGotItsOwnArrayBeforeOrAfterItsChildren()
    {
        var (context, _) = Registered();
        var leafB = context.GetClass("lazy-leaf-b");
        var leaf = context.GetClass("lazy-leaf");
        var root = context.GetClass("object");
        var parent = context.GetClass("lazy-base");

        // The grandchild makes lazy-leaf's own array after lazy-leaf was built sharing its parent's.
        var grandchild = context.GetClass("lazy-grandchild");
        foreach (var klass in new[] { leafB, leaf, grandchild })
        {
            Assert.True(klass.IsSubclassOf(klass));
            Assert.True(klass.IsSubclassOf(parent));
            Assert.True(klass.IsSubclassOf(root));
            Assert.False(parent.IsSubclassOf(klass));
        }

        Assert.True(grandchild.IsSubclassOf(leaf));
        Assert.False(leaf.IsSubclassOf(grandchild));
        Assert.False(leafB.IsSubclassOf(leaf));
        Assert.False(leaf.IsSubclassOf(leafB));
        Assert.False(grandchild.IsSubclassOf(leafB));
        Assert.Equal(3, grandchild.Depth);
        Assert.Same(leaf, grandchild.Parent);
        Assert.Same(grandchild, grandchild.DynamicCast(grandchild));
        Assert.Null(leafB.DynamicCast(leaf));
    }

    [Fact]
    public void TheRecordOfALazilyBuiltClassIsTheModulesAndSaysWhatTheTableSays()
    {
        var (context, module) = Registered();
        var leaf = context.GetClass(new string("lazy-leaf".AsSpan()));
        var info = leaf.TypeInfo;
        Assert.Equal("lazy-leaf", info.Name);
        Assert.Equal("lazy-base", info.ParentName);
        Assert.Equal(["lazy-iface-sub"], info.InterfaceNames);
        Assert.Equal(QomTypeFlags.None, info.Flags);
        Assert.Same(module, info.Module);
        Assert.Same(module.Types[info.Index], info);
        Assert.Same(info, context.FindType("lazy-leaf"));
        Assert.Equal("lazy-leaf", leaf.Name);

        // Another context shares the record, and builds a class of its own.
        var other = new QomContext();
        other.RegisterModule(module);
        Assert.Same(info, other.GetClass("lazy-leaf").TypeInfo);
        Assert.NotSame(leaf, other.GetClass("lazy-leaf"));
    }

    [Fact]
    public void AnyStringWithTheNameFindsTheSameClass()
    {
        var (context, _) = Registered();
        var first = context.GetClass(new string("lazy-leaf-b".AsSpan()));
        Assert.Same(first, context.GetClass("lazy-leaf-b"));
        Assert.Same(first, context.GetClass(new string("lazy-leaf-b".AsSpan())));
        Assert.Same(first, context.GetClass("xlazy-leaf-b".AsSpan(1)));
        Assert.Equal("lazy-leaf-b", first.Name);
    }

    [Fact]
    public void AbstractAndMissingParentErrorsAreQemus()
    {
        var (context, _) = Registered();
        Assert.True(context.GetClass("lazy-abstract").IsAbstract);
        Assert.Equal("object type 'lazy-abstract' is abstract", Assert.Throws<QomFatalException>(() => context.New("lazy-abstract")).Message);
        context.RegisterModule(new TableModule("lazy-orphan\tlazy-missing\t0\t\n"));
        Assert.Equal("Type 'lazy-orphan' is missing its parent 'lazy-missing'", Assert.Throws<QomFatalException>(() => context.GetClass("lazy-orphan")).Message);
        Assert.Equal("unknown type 'lazy-nothing'", Assert.Throws<QomFatalException>(() => context.GetClass("lazy-nothing")).Message);
    }

    [Fact]
    public void ListingSeesTypesNeverLookedUpAndBuildsParentsFirst()
    {
        var (context, _) = Registered();
        var names = context.GetClassesSorted("lazy-base", includeAbstract: true).Select(static c => c.Name).ToList();
        Assert.Equal(["lazy-abstract", "lazy-base", "lazy-grandchild", "lazy-leaf", "lazy-leaf-b"], names);
        Assert.Equal(["lazy-grandchild", "lazy-leaf"], context.GetClassesSorted("lazy-iface").Select(static c => c.Name));
    }
}
