using System.Collections.Generic;
using System.Threading;
using QomSharp;

namespace QomSharp.Runtime.Tests;

/// <summary>Semantics 2.2: lazy, once, thread-safe class init in QEMU's order; class-struct copies.</summary>
public class ClassInitTests
{
    /// <summary>A class struct with data, as QEMU's class structs carry virtual methods and fields.</summary>
    internal class DataClass : QomClass
    {
        public int Value;
        public string? Tag;
    }

    [Fact]
    public void ClassInitRunsOnFirstUseOnly()
    {
        var u = new TestUniverse();
        int runs = 0;
        u.Define(new QomDynamicType("lazy-type", "object") { ClassInit = _ => runs++ });
        Assert.Equal(0, runs); // registration builds nothing
        Assert.NotNull(u.Context.FindType("lazy-type"));
        Assert.Equal(0, runs);
        var first = u.Context.FindClass("lazy-type");
        var second = u.Context.FindClass("lazy-type");
        u.New("lazy-type").Unref();
        Assert.Equal(1, runs);
        Assert.Same(first, second);
    }

    [Fact]
    public void ListingTheSubtypesOfAClassBuildsOnlyThoseSubtypes()
    {
        var u = new TestUniverse();
        var built = new List<string>();
        u.Define(new QomDynamicType("listed-base", "object") { Abstract = true, ClassInit = _ => built.Add("listed-base") });
        u.Define(new QomDynamicType("listed-leaf", "listed-base") { ClassInit = _ => built.Add("listed-leaf") });
        u.Define(new QomDynamicType("unrelated", "object") { ClassInit = _ => built.Add("unrelated") });

        var listed = u.Context.GetClasses("listed-base");
        Assert.Equal(["listed-leaf"], listed.ConvertAll(c => c.Name));
        Assert.DoesNotContain("unrelated", built);

        // Listing every class (QEMU's object_class_get_list(NULL)) still builds them all.
        Assert.Contains(u.Context.GetClasses(), c => c.Name == "unrelated");
        Assert.Contains("unrelated", built);
    }

    [Fact]
    public void ParallelFirstUseRunsClassInitOnce()
    {
        var u = new TestUniverse();
        int runs = 0;
        u.Define(new QomDynamicType("contended", "object")
        {
            ClassInit = _ =>
            {
                Interlocked.Increment(ref runs);
                Thread.Sleep(20); // widen the window for a second initializer
            },
        });
        using var start = new ManualResetEventSlim();
        var classes = new QomClass?[32];
        var threads = new Thread[classes.Length];
        for (int i = 0; i < threads.Length; i++)
        {
            int slot = i;
            threads[i] = new Thread(() =>
            {
                start.Wait();
                classes[slot] = u.Context.FindClass("contended");
            });
            threads[i].Start();
        }

        start.Set();
        foreach (var thread in threads)
        {
            thread.Join();
        }

        Assert.Equal(1, runs);
        Assert.All(classes, c => Assert.Same(classes[0], c));
    }

    [Fact]
    public void ChildClassInitBuildsParentFirst()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("order-leaf", "order-mid") { ClassInit = k => u.Log.Add("init " + k.Name) });
        u.Define(new QomDynamicType("order-mid", "order-root") { ClassInit = k => u.Log.Add("init " + k.Name) });
        u.Define(new QomDynamicType("order-root", "object") { ClassInit = k => u.Log.Add("init " + k.Name) });
        u.Context.FindClass("order-leaf");
        Assert.Equal(["init order-root", "init order-mid", "init order-leaf"], u.Log);
    }

    [Fact]
    public void BaseInitsOfAncestorsRunNearestFirstThenClassInit()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("bi-root", "object")
        {
            ClassBaseInit = k => u.Log.Add("root base on " + k.Name),
            ClassInit = k => u.Log.Add("init " + k.Name),
        });
        u.Define(new QomDynamicType("bi-mid", "bi-root")
        {
            ClassBaseInit = k => u.Log.Add("mid base on " + k.Name),
            ClassInit = k => u.Log.Add("init " + k.Name),
        });
        u.Define(new QomDynamicType("bi-leaf", "bi-mid")
        {
            ClassBaseInit = k => u.Log.Add("leaf base on " + k.Name), // never on itself
            ClassInit = k => u.Log.Add("init " + k.Name),
        });
        u.Context.FindClass("bi-leaf");
        Assert.Equal(
            [
                "init bi-root",
                "root base on bi-mid", "init bi-mid",
                "mid base on bi-leaf", "root base on bi-leaf", "init bi-leaf",
            ],
            u.Log);
    }

    [Fact]
    public void InterfacesAreInPlaceBeforeClassInit()
    {
        // QEMU steps 5/6 precede step 10: the class init can reach its interface classes.
        var u = new TestUniverse();
        u.DefineInterface("early-if");
        QomClass? seen = null;
        u.Define(new QomDynamicType("early-impl", "object")
        {
            Interfaces = ["early-if"],
            ClassInit = k => seen = k.DynamicCast("early-if"),
        });
        var klass = u.Context.GetClass("early-impl");
        Assert.NotNull(seen);
        Assert.Same(klass.Interfaces[0], seen);
    }

    [Fact]
    public void InterfaceOrderIsInheritedThenDeclared()
    {
        var u = new TestUniverse();
        u.DefineInterface("if-a");
        u.DefineInterface("if-b");
        u.DefineInterface("if-c");
        u.DefineObject("io-parent", "object", "if-b");
        u.DefineObject("io-child", "io-parent", "if-c", "if-a");
        var klass = u.Context.GetClass("io-child");
        Assert.Equal(["if-b", "if-c", "if-a"], klass.Interfaces.Select(i => i.InterfaceType!.Name));
        Assert.Equal(["io-child::if-b", "io-child::if-c", "io-child::if-a"], klass.Interfaces.Select(i => i.Name));
        Assert.All(klass.Interfaces, i => Assert.Same(klass, i.ConcreteClass));
    }

    [Fact]
    public void InterfaceAlreadyImplementedIsSkipped()
    {
        var u = new TestUniverse();
        u.DefineInterface("base-if");
        u.DefineInterface("sub-if", "base-if");
        // Through a sub-interface declared first, and through the parent.
        u.DefineObject("skip-sub", "object", "sub-if", "base-if");
        u.DefineObject("skip-parent", "object", "base-if");
        u.DefineObject("skip-child", "skip-parent", "base-if");
        Assert.Equal(["sub-if"], u.Context.GetClass("skip-sub").Interfaces.Select(i => i.InterfaceType!.Name));
        var child = u.Context.GetClass("skip-child");
        Assert.Single(child.Interfaces);
        Assert.Equal("skip-child::base-if", child.Interfaces[0].Name);
    }

    [Fact]
    public void InterfaceDeclaredBeforeItsSubInterfaceIsKeptTwice()
    {
        // QEMU only skips an interface something already implements; base then sub keeps both.
        var u = new TestUniverse();
        u.DefineInterface("b2-if");
        u.DefineInterface("s2-if", "b2-if");
        u.DefineObject("both-impl", "object", "b2-if", "s2-if");
        Assert.Equal(["b2-if", "s2-if"], u.Context.GetClass("both-impl").Interfaces.Select(i => i.InterfaceType!.Name));
    }

    [Fact]
    public void InterfaceClassInitRunsOnceOnTheInterfaceItself()
    {
        var u = new TestUniverse();
        int runs = 0;
        u.Define(new QomDynamicType("counted-if", "interface") { Interface = true, ClassInit = _ => runs++ });
        u.DefineObject("ci-one", "object", "counted-if");
        u.DefineObject("ci-two", "object", "counted-if");
        u.Context.FindClass("ci-one");
        u.Context.FindClass("ci-two");
        Assert.Equal(1, runs);
    }

    [Fact]
    public void InterfaceBaseInitRunsOnEveryImplementation()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("based-if", "interface")
        {
            Interface = true,
            ClassBaseInit = k => u.Log.Add("base on " + k.Name),
        });
        u.DefineObject("bi-impl", "object", "based-if");
        u.DefineObject("bi-sub", "bi-impl");
        u.Context.FindClass("bi-sub");
        Assert.Equal(["base on bi-impl::based-if", "base on bi-sub::based-if"], u.Log);
    }

    [Fact]
    public void SubtypeClassIsACopyOfTheParentClass()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("copy-parent", "object")
        {
            ClassFactory = static () => new DataClass(),
            ClassInit = static k => { ((DataClass)k).Value = 7; ((DataClass)k).Tag = "parent"; },
        });
        u.Define(new QomDynamicType("copy-child", "copy-parent")
        {
            ClassInit = k => u.Log.Add("child sees " + ((DataClass)k).Value + " " + ((DataClass)k).Tag),
        });
        var child = (DataClass)u.Context.GetClass("copy-child");
        var parent = (DataClass)u.Context.GetClass("copy-parent");
        Assert.Equal(["child sees 7 parent"], u.Log);
        child.Value = 99;
        child.Tag = "child";
        Assert.Equal(7, parent.Value);
        Assert.Equal("parent", parent.Tag);
        Assert.NotSame(parent, child);
    }

    [Fact]
    public void ClassFactoryTypeInheritsThroughInheritFrom()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("if-parent", "object")
        {
            ClassFactory = static () => new DataClass(),
            ClassInit = static k => ((DataClass)k).Value = 5,
        });
        u.Define(new QomDynamicType("if-child", "if-parent")
        {
            ClassFactory = static () => new CopyingClass(),
        });
        var child = (CopyingClass)u.Context.GetClass("if-child");
        Assert.Equal(5, child.Value);
        Assert.Equal(1, child.Copies);
    }

    internal sealed class CopyingClass : DataClass
    {
        public int Copies;

        protected internal override void InheritFrom(QomClass parent)
        {
            base.InheritFrom(parent);
            Value = ((DataClass)parent).Value;
            Copies++;
        }
    }

    [Fact]
    public void ParentIsInitialisedWhenAChildIsUsed()
    {
        var u = new TestUniverse();
        var inits = new List<string>();
        u.Define(new QomDynamicType("pi-parent", "object") { ClassInit = k => inits.Add(k.Name) });
        u.DefineObject("pi-child", "pi-parent");
        u.New("pi-child").Unref();
        Assert.Equal(["pi-parent"], inits);
    }
}
