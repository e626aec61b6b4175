using System;
using System.Linq;
using QomSharp;

namespace QomSharp.Runtime.Tests;

/// <summary>
/// The per-class property map: every class property is found by string and by span, the nearest
/// class's property hides an ancestor's of the same name, misses are null, and names the map's
/// hash cannot tell apart are still found (the map then probes).
/// </summary>
public class PropertyMapTests
{
    [Fact]
    public void EveryPropertyOfAManyPropertyClassIsFoundAndMissesAreNull()
    {
        var names = Enumerable.Range(0, 200).Select(i => $"prop-{i}").ToArray();
        var u = new TestUniverse();
        u.Define(new QomDynamicType("many", "object")
        {
            Factory = static () => new TestObject(),
            Properties = () => names.Select(n => (QomProperty)TestProperties.Str(n)).ToArray(),
        });
        var obj = u.New("many");
        foreach (string name in names)
        {
            var found = obj.FindProperty(name);
            Assert.NotNull(found);
            Assert.Equal(name, found.Name);
            Assert.Same(found, obj.FindProperty(("x" + name + "y").AsSpan(1, name.Length)));
        }

        Assert.Null(obj.FindProperty("prop-200"));
        Assert.Null(obj.FindProperty("prop-"));
        Assert.Null(obj.FindProperty(""));
        Assert.NotNull(obj.FindProperty("type"));
    }

    [Fact]
    public void AlternatingLookupsByTheSameStringsStayRight()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("pair", "object")
        {
            Factory = static () => new TestObject(),
            Properties = () => [TestProperties.Str("first"), TestProperties.Str("second")],
        });
        var obj = u.New("pair");
        string first = "first";
        string second = new("second".AsSpan());
        string missing = "third";
        for (int round = 0; round < 3; round++)
        {
            Assert.Equal("first", obj.FindProperty(first)?.Name);
            Assert.Null(obj.FindProperty(missing));
            Assert.Equal("second", obj.FindProperty(second)?.Name);
            Assert.Equal("second", obj.FindProperty(new string("second".AsSpan()))?.Name);
            Assert.Equal("first", obj.FindProperty("first".AsSpan())?.Name);
        }
    }

    [Fact]
    public void NamesWithTheSameHashAreAllFound()
    {
        // Ten-character names agreeing in their first and last four characters hash alike (the
        // hash reads only those and the length), so no seed separates them.
        string[] twins = ["abcdXYefgh", "abcdZWefgh", "abcdQQefgh", "abcd--efgh"];
        var u = new TestUniverse();
        u.Define(new QomDynamicType("twins", "object")
        {
            Factory = static () => new TestObject(),
            Properties = () => twins.Select(n => (QomProperty)TestProperties.Str(n)).ToArray(),
        });
        var obj = u.New("twins");
        foreach (string name in twins)
        {
            Assert.Equal(name, obj.FindProperty(name)?.Name);
        }

        Assert.Null(obj.FindProperty("abcdRRefgh"));
        Assert.Equal(twins.Length, twins.Select(n => obj.FindProperty(n.AsSpan())).Distinct().Count());
    }

    [Fact]
    public void APropertyAddedAfterTheMapWasBuiltIsFound()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("map-root", "object")
        {
            Factory = static () => new TestObject(),
            Properties = static () => [TestProperties.Str("shared")],
        });
        u.Define(new QomDynamicType("map-leaf", "map-root"));
        var obj = u.New("map-leaf");
        Assert.NotNull(obj.FindProperty("shared"));
        Assert.Null(obj.FindProperty("added"));

        // Adding a class property later invalidates the flattened map of every class.
        var added = TestProperties.Str("added");
        u.Context.GetClass("map-root").AddProperty(added);
        Assert.Same(added, obj.FindProperty("added"));
        Assert.Same(added, obj.FindProperty("xadded".AsSpan(1)));
    }
}
