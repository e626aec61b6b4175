using System;
using QomSharp;

namespace QomSharp.Runtime.Tests;

/// <summary>
/// A module's types are found through its sorted index, and nothing is made for a type until its
/// class is built; QEMU's registration errors still come when the module is registered.
/// </summary>
public class ModuleIndexTests
{
    // A hand-written table, deliberately not in name order.
    private const string Table = "idx-zeta\tobject\t0\t\nidx-alpha\tobject\t0\t\n\nidx-mid\tidx-alpha\t0\t\n";

    private sealed class TableModule(string name, string table) : QomModule(name, table)
    {
        protected internal override QomObject CreateInstance(int index) => new PlainObject();
    }

    [Fact]
    public void RegisteringAModuleOrFindingItsTypesBuildsNothing()
    {
        var context = new QomContext();
        int before = context.BuiltClassCount;
        context.RegisterModule(new TableModule("idx", Table));
        Assert.Equal(before, context.BuiltClassCount);

        Assert.Equal("idx-alpha", context.FindType("idx-mid")!.ParentName);
        Assert.Equal(before, context.BuiltClassCount);

        // The class, its parent's and the root's (the context's first), nothing else.
        Assert.Equal(0, before);
        Assert.Equal("idx-alpha", context.GetClass("idx-mid").Parent!.Name);
        Assert.Equal(3, context.BuiltClassCount);
        Assert.Same(context.GetClass("idx-mid"), context.FindClass("idx-mid".AsSpan()));
        Assert.Equal(3, context.BuiltClassCount);
    }

    [Fact]
    public void EveryTypeOfAnUnsortedTableIsFound()
    {
        var context = new QomContext();
        var module = new TableModule("idx", Table);
        context.RegisterModule(module);
        foreach (string name in new[] { "idx-zeta", "idx-alpha", "idx-mid" })
        {
            var type = context.FindType(name);
            Assert.NotNull(type);
            Assert.Same(module.Types[type.Index], type);
        }

        Assert.Null(context.FindType("idx-beta"));
        Assert.Null(context.FindType("idx"));
        Assert.Equal("idx-alpha", context.GetClass("idx-mid").Parent!.Name);
    }

    [Fact]
    public void TheGeneratedHashIndexFindsWhatTheSortedIndexFinds()
    {
        // The generator hashes the names as the runtime does: every name of a generated module is
        // found through the hash index at its line, and names it does not hold are not.
        var module = Generated.QomModule_QomSharp_Runtime.Instance;
        Assert.True(module.Count > 10);
        for (int line = 0; line < module.Count; line++)
        {
            string name = module.Types[line].Name;
            Assert.Equal(line, module.IndexOf(name));
            Assert.Equal(line, module.IndexOfBySearch(name));
            Assert.Equal(-1, module.IndexOf(name + "x"));
            Assert.Equal(-1, module.IndexOf(name.AsSpan(0, name.Length - 1)));
        }

        Assert.Equal(-1, module.IndexOf(""));
        Assert.Equal(-1, module.IndexOf("no-such-type-with-a-long-name"));
    }

    [Theory]
    [InlineData("idx-b\tobject\t0\t\nidx-a\tobject\t0\t")]
    [InlineData("\n\nidx-b\tobject\t0\t\n\nidx-a\tobject\t0\t\n\n")]
    public void EmptyLinesAndAMissingLastNewlineChangeNothing(string table)
    {
        var context = new QomContext();
        var module = new TableModule("idx", table);
        context.RegisterModule(module);
        Assert.Equal(["idx-b", "idx-a"], module.Types.Select(static t => t.Name));
        Assert.Equal(1, context.FindType("idx-a")!.Index);
    }

    [Fact]
    public void TypesNeverLookedUpAreListed()
    {
        var context = new QomContext();
        context.RegisterModule(new TableModule("idx", Table));
        var names = context.GetClasses("object").Select(static c => c.Name).ToList();
        Assert.Contains("idx-zeta", names);
        Assert.Contains("idx-mid", names);
    }

    [Fact]
    public void NameOfAnotherModuleIsRefusedAtRegistration()
    {
        var context = new QomContext();
        context.RegisterModule(new TableModule("first", "idx-one\tobject\t0\t\nidx-two\tobject\t0\t\n"));
        var error = Assert.Throws<QomFatalException>(() =>
            context.RegisterModule(new TableModule("second", "idx-three\tobject\t0\t\nidx-two\tobject\t0\t\n")));
        Assert.Equal("Registering `idx-two' which already exists", error.Message);
        Assert.Null(context.FindType("idx-three"));
    }

    [Fact]
    public void NameTwiceInOneTableIsRefused()
    {
        var context = new QomContext();
        var error = Assert.Throws<QomFatalException>(() =>
            context.RegisterModule(new TableModule("twice", "idx-b\tobject\t0\t\nidx-a\tobject\t0\t\nidx-b\tobject\t0\t\n")));
        Assert.Equal("Registering `idx-b' which already exists", error.Message);
    }

    [Fact]
    public void RuntimeTypeInAModuleIsRefused()
    {
        var context = new QomContext();
        var error = Assert.Throws<QomFatalException>(() => context.RegisterModule(new TableModule("again", "container\tobject\t0\t\n")));
        Assert.Equal("Registering `container' which already exists", error.Message);
    }

    [Fact]
    public void IllegalNameInAModuleIsRefused()
    {
        var context = new QomContext();
        var error = Assert.Throws<QomFatalException>(() => context.RegisterModule(new TableModule("bad", "idx-ok\tobject\t0\t\na b\tobject\t0\t\n")));
        Assert.Equal("Registering 'a b' with illegal type name", error.Message);
        Assert.Null(context.FindType("idx-ok"));
    }

    [Fact]
    public void IllegalNameIsRefusedByEveryContext()
    {
        var module = new TableModule("bad", "idx-ok\tobject\t0\t\na b\tobject\t0\t\n");
        foreach (var context in new[] { new QomContext(), new QomContext() })
        {
            var error = Assert.Throws<QomFatalException>(() => context.RegisterModule(module));
            Assert.Equal("Registering 'a b' with illegal type name", error.Message);
        }
    }

    // What the generator emits for a table whose names it checked at compile time.
    private sealed class VouchedModule(string name, string table) : QomModule(name, table)
    {
        protected override bool NamesCheckedAtCompileTime => true;

        protected internal override QomObject CreateInstance(int index) => new PlainObject();
    }

    [Fact]
    public void NamesCheckedAtCompileTimeAreNotCheckedAgain()
    {
        var context = new QomContext();
        context.RegisterModule(new VouchedModule("vouched", "idx-vouched\tobject\t0\t\nidx vouched\tobject\t0\t\n"));
        Assert.NotNull(context.FindType("idx vouched"));
    }

    [Fact]
    public void NamesCheckedAtCompileTimeAreStillCheckedAgainstOtherModules()
    {
        var context = new QomContext();
        var error = Assert.Throws<QomFatalException>(() => context.RegisterModule(new VouchedModule("vouched", "container\tobject\t0\t\n")));
        Assert.Equal("Registering `container' which already exists", error.Message);
    }

    [Fact]
    public void SingleTypeWithAModuleTypesNameIsRefusedBeforeThatTypeIsUsed()
    {
        var context = new QomContext();
        context.RegisterModule(new TableModule("idx", Table));
        var error = Assert.Throws<QomFatalException>(() => context.RegisterType(
            new QomTypeInfo("idx-zeta", "object", QomTypeFlags.None, [], new TableModule("other", string.Empty), 0)));
        Assert.Equal("Registering `idx-zeta' which already exists", error.Message);
    }

    [Fact]
    public void ModuleWithASinglyRegisteredNameIsRefused()
    {
        var context = new QomContext();
        context.RegisterType(new QomTypeInfo("idx-alpha", "object", QomTypeFlags.None, [], new TableModule("other", string.Empty), 0));
        var error = Assert.Throws<QomFatalException>(() => context.RegisterModule(new TableModule("idx", Table)));
        Assert.Equal("Registering `idx-alpha' which already exists", error.Message);
    }

    // Names past a legacy name's '+' that are not ASCII, in UTF-16 ordinal order (the generator's):
    // U+00E4, then U+1F600 (a surrogate pair, D83D DE00), then U+FB00, which UTF-8 bytes order the
    // other way round (EF AC 80 before F0 9F 98 80).
    private const string Latin = "Sun-UltraSparc-IIIi+\u00e4";
    private const string Astral = "Sun-UltraSparc-IIIi+\U0001F600";
    private const string Ligature = "Sun-UltraSparc-IIIi+\ufb00";
    private const string Neighbour = "Sun-UltraSparc-IIIi+z";

    private static string Lines(params string[] names) => string.Concat(names.Select(static n => n + "\tobject\t0\t\n"));

    // What the generator emits: the table sorted, where each line starts (in UTF-8 bytes), names vouched for.
    private sealed class GeneratedLikeModule(string name, params string[] names) : QomModule(name, Lines(names))
    {
        private readonly int[] starts = Starts(names);

        protected override bool NamesCheckedAtCompileTime => true;

        protected override ReadOnlySpan<int> TypeTableStarts => starts;

        protected internal override QomObject CreateInstance(int index) => new PlainObject();

        private static int[] Starts(string[] names)
        {
            var starts = new int[names.Length];
            for (int i = 1; i < names.Length; i++)
            {
                starts[i] = starts[i - 1] + System.Text.Encoding.UTF8.GetByteCount(Lines(names[i - 1]));
            }

            return starts;
        }
    }

    [Fact]
    public void NamesThatAreNotAsciiAreFoundInAGeneratedTable()
    {
        var context = new QomContext();
        context.RegisterModule(new GeneratedLikeModule("wide", Neighbour, Latin, Astral, Ligature));
        foreach (string name in new[] { Neighbour, Latin, Astral, Ligature })
        {
            Assert.Equal(name, context.FindType(name)?.Name);
            Assert.Equal(name, context.FindType(name.AsSpan())?.Name);
            Assert.Equal(name, context.GetClass(name).Name);
        }

        Assert.Null(context.FindType("Sun-UltraSparc-IIIi+\u00e5"));
        Assert.Null(context.FindType("Sun-UltraSparc-IIIi+"));
        Assert.Equal(4, context.GetClasses("object").Count(static c => c.Name.StartsWith("Sun-UltraSparc-IIIi+", StringComparison.Ordinal)));
    }

    [Fact]
    public void NamesThatAreNotAsciiAreFoundInAHandWrittenTable()
    {
        var context = new QomContext();
        context.RegisterModule(new TableModule("wide", Lines(Ligature, Neighbour, Astral, Latin)));
        foreach (string name in new[] { Neighbour, Latin, Astral, Ligature })
        {
            Assert.Equal(name, context.FindType(name)?.Name);
        }
    }

    [Fact]
    public void NameThatIsNotAsciiInAnotherModuleIsRefused()
    {
        var context = new QomContext();
        context.RegisterModule(new GeneratedLikeModule("first", Ligature));
        var error = Assert.Throws<QomFatalException>(() => context.RegisterModule(new GeneratedLikeModule("second", Astral, Ligature)));
        Assert.Equal($"Registering `{Ligature}' which already exists", error.Message);
    }

    private static string Numbered(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(static i => $"gal-{i:D4}\tobject\t0\t\n"));

    // The merge gallops through the longer table: a name deep inside it, at either end, or between
    // its names, whichever module was registered first.
    [Theory]
    [InlineData("gal-0217", true, true)]
    [InlineData("gal-0217", false, true)]
    [InlineData("gal-0000", true, true)]
    [InlineData("gal-0299", false, true)]
    [InlineData("gal-0217x", true, false)]
    [InlineData("gal-0300", false, false)]
    public void NameInsideALongerModuleIsFound(string name, bool longerFirst, bool refused)
    {
        var context = new QomContext();
        var longer = new TableModule("longer", Numbered(300));
        var shorter = new TableModule("shorter", $"gal-0001x\tobject\t0\t\n{name}\tobject\t0\t\ngam\tobject\t0\t\n");
        context.RegisterModule(longerFirst ? longer : shorter);
        var second = longerFirst ? shorter : longer;
        if (refused)
        {
            var error = Assert.Throws<QomFatalException>(() => context.RegisterModule(second));
            Assert.Equal($"Registering `{name}' which already exists", error.Message);
        }
        else
        {
            context.RegisterModule(second);
            Assert.NotNull(context.FindType(name));
            Assert.NotNull(context.FindType("gal-0150"));
        }
    }
}
