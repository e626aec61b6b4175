using System.Text.Json.Nodes;
using QomSharp;

namespace QomSharp.Runtime.Tests;

/// <summary>Semantics 2.7: lookup order, duplicates, auto-index, errors, descriptions, defaults, iteration.</summary>
public class PropertyModelTests
{
    private static TestUniverse Universe()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("pm-root", "object")
        {
            Factory = static () => new TestObject(),
            Properties = static () => [TestProperties.Bool("flag"), TestProperties.Str("label")],
        });
        u.Define(new QomDynamicType("pm-leaf", "pm-root")
        {
            Properties = static () => [TestProperties.U32("speed", def: 10), TestProperties.I32("level")],
        });
        return u;
    }

    [Fact]
    public void ClassPropertiesAreFoundBeforeInstanceProperties()
    {
        var u = new TestUniverse();
        u.DefineObject("shadow");
        var obj = u.New("shadow");
        var instance = obj.AddProperty(TestProperties.Str("later"));
        Assert.Same(instance, obj.FindProperty("later"));
        // A class property added afterwards wins the lookup, as object_property_find checks the class first.
        var classProperty = TestProperties.Str("later");
        obj.Class.AddProperty(classProperty);
        Assert.Same(classProperty, obj.FindProperty("later"));
    }

    [Fact]
    public void DuplicateInstanceOrClassNameIsRejected()
    {
        var u = Universe();
        var obj = u.New("pm-leaf");
        obj.AddProperty(TestProperties.Str("extra"));
        Assert.Equal("attempt to add duplicate property 'extra' to object (type 'pm-leaf')",
            Assert.Throws<QomException>(() => obj.AddProperty(TestProperties.Str("extra"))).Message);
        Assert.Equal("attempt to add duplicate property 'flag' to object (type 'pm-leaf')",
            Assert.Throws<QomException>(() => obj.AddProperty(TestProperties.Bool("flag"))).Message);
        Assert.Equal("attempt to add duplicate property 'type' to object (type 'pm-leaf')",
            Assert.Throws<QomException>(() => obj.AddProperty(TestProperties.Str("type"))).Message);
    }

    [Fact]
    public void DuplicateClassPropertyIsFatal()
    {
        var u = Universe();
        Assert.Throws<QomFatalException>(() => u.Context.GetClass("pm-leaf").AddProperty(TestProperties.Bool("flag")));
    }

    [Fact]
    public void StarSuffixTakesTheFirstFreeIndex()
    {
        var u = Universe();
        var obj = u.New("pm-leaf");
        Assert.Equal("slot[0]", obj.AddProperty(TestProperties.Str("slot[*]")).Name);
        Assert.Equal("slot[1]", obj.AddProperty(TestProperties.Str("slot[*]")).Name);
        obj.DeleteProperty("slot[0]");
        Assert.Equal("slot[0]", obj.AddProperty(TestProperties.Str("slot[*]")).Name);
        Assert.Equal("slot[2]", obj.AddProperty(TestProperties.Str("slot[*]")).Name);
        // An index taken by a class property is skipped too.
        u.Context.GetClass("pm-leaf").AddProperty(TestProperties.Str("port[0]"));
        Assert.Equal("port[1]", obj.AddProperty(TestProperties.Str("port[*]")).Name);
    }

    [Fact]
    public void NotFoundNamesTheConcreteType()
    {
        var u = Universe();
        var obj = u.New("pm-leaf");
        Assert.Equal("Property 'pm-leaf.nope' not found", Assert.Throws<QomException>(() => obj.GetPropertyValue("nope")).Message);
        Assert.Equal("Property 'pm-leaf.nope' not found", Assert.Throws<QomException>(() => obj.ParseProperty("nope", "1")).Message);
        Assert.Equal("Property 'pm-leaf.nope' not found", Assert.Throws<QomException>(() => obj.DeleteProperty("nope")).Message);
    }

    [Fact]
    public void NotReadableAndNotWritable()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("rw-type", "object")
        {
            Factory = static () => new TestObject(),
            Properties = static () =>
            [
                new QomStringProperty("wo", null, (o, v) => ((TestObject)o).Str = v),
                new QomStringProperty("ro", o => "fixed", null),
            ],
        });
        var obj = u.NewTest("rw-type");
        Assert.Equal("Property 'rw-type.wo' is not readable", Assert.Throws<QomException>(() => obj.GetPropertyValue("wo")).Message);
        Assert.Equal("Property 'rw-type.ro' is not writable", Assert.Throws<QomException>(() => obj.ParseProperty("ro", "x")).Message);
        Assert.Equal("Property 'rw-type.type' is not writable", Assert.Throws<QomException>(() => obj.SetPropertyString("type", "x")).Message);
        obj.ParseProperty("wo", "written");
        Assert.Equal("written", obj.Str);
        Assert.Equal("fixed", obj.GetPropertyString("ro"));
    }

    [Fact]
    public void TypePropertyIsTheConcreteTypeName()
    {
        var u = Universe();
        var obj = u.New("pm-leaf");
        Assert.Equal("pm-leaf", obj.GetPropertyString("type"));
        Assert.Equal("string", obj.FindProperty("type")!.Type);
    }

    [Fact]
    public void DescriptionsAndDefaults()
    {
        var u = Universe();
        var obj = u.New("pm-leaf");
        var speed = obj.FindProperty("speed")!;
        Assert.Null(speed.Description);
        speed.Description = "How fast";
        Assert.Equal("How fast", u.Context.GetClass("pm-leaf").FindProperty("speed")!.Description);
        Assert.Equal("10", speed.DefaultValue!.ToJsonString());
        Assert.Null(obj.FindProperty("level")!.DefaultValue);
        Assert.Equal("true", TestProperties.Bool(def: true).DefaultValue!.ToJsonString());
        Assert.Equal("\"x\"", TestProperties.Str(def: "x").DefaultValue!.ToJsonString());
        Assert.Equal("\"platypus\"", TestProperties.Enum(def: Animal.Platypus).DefaultValue!.ToJsonString());
        Assert.Equal("-1", TestProperties.I32(def: -1).DefaultValue!.ToJsonString());
    }

    [Fact]
    public void IterationIsInstanceThenClassThenAncestors()
    {
        var u = Universe();
        var obj = u.New("pm-leaf");
        obj.AddProperty(TestProperties.Str("mine"));
        Assert.Equal(["mine", "speed", "level", "flag", "label", "type"], obj.GetProperties().Select(p => p.Name));
        Assert.Equal(["speed", "level", "flag", "label", "type"], obj.Class.GetProperties().Select(p => p.Name));
        Assert.Equal(["flag", "label", "type"], u.Context.GetClass("pm-root").GetProperties().Select(p => p.Name));
    }

    [Fact]
    public void TypeStrings()
    {
        string[] expected = ["bool", "uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64", "size", "string", "DummyAnimal"];
        Assert.Equal(expected, TestProperties.AllScalars().Select(p => p.Type));
        Assert.Equal("link<dog>", TestProperties.Link("l", "dog", null, strong: false).Type);
    }

    [Fact]
    public void TypedGettersCheckTheJsonType()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("getters", "object") { Factory = static () => new TestObject(), Properties = TestProperties.AllScalars });
        var obj = u.NewTest("getters");
        obj.I32 = -5;
        obj.U64 = ulong.MaxValue;
        Assert.Equal(-5, obj.GetPropertyInt("i32"));
        Assert.Equal("Invalid parameter type for 'i32', expected: uint", Assert.Throws<QomException>(() => obj.GetPropertyUInt("i32")).Message);
        Assert.Equal(ulong.MaxValue, obj.GetPropertyUInt("u64"));
        Assert.Equal("Invalid parameter type for 'u64', expected: int", Assert.Throws<QomException>(() => obj.GetPropertyInt("u64")).Message);
        Assert.Equal("Invalid parameter type for 'bv', expected: int", Assert.Throws<QomException>(() => obj.GetPropertyInt("bv")).Message);
        Assert.Equal("Invalid parameter type for 'sv', expected: boolean", Assert.Throws<QomException>(() => obj.GetPropertyBool("sv")).Message);
        Assert.Equal("Invalid parameter type for 'bv', expected: string", Assert.Throws<QomException>(() => obj.GetPropertyString("bv")).Message);
        Assert.Equal("Invalid parameter type for 'u8', expected: string", Assert.Throws<QomException>(() => obj.GetPropertyString("u8")).Message);
        Assert.False(obj.GetPropertyBool("bv"));
        Assert.Equal("", obj.GetPropertyString("sv")); // unset strings read as ""
        Assert.Equal("frog", obj.GetPropertyString("av"));
        Assert.Equal("Number", JsonValueKind(obj.GetPropertyValue("u8")));
    }

    private static string JsonValueKind(JsonNode? node) => node!.GetValueKind().ToString();
}
