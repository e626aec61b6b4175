using System.Text.Json;
using QomSharp;

namespace QomSharp.Runtime.Tests;

/// <summary>The three input paths of semantics 2.8, and an object with a property of every kind.</summary>
internal static class Inputs
{
    public const string StringPath = "string";
    public const string KeyvalPath = "keyval";
    public const string JsonPath = "json";

    public static QomInput Make(string path, string value) => path switch
    {
        StringPath => QomInput.FromString(value),
        KeyvalPath => QomInput.FromKeyval(value),
        _ => QomInput.FromJson(JsonDocument.Parse(value).RootElement.Clone()),
    };

    public static TestObject Kinds()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("kinds", "object") { Factory = static () => new TestObject(), Properties = TestProperties.AllScalars });
        return u.NewTest("kinds");
    }

    /// <summary>Sets through a path and reads the property back as JSON text.</summary>
    public static string SetAndRead(string property, string path, string value)
    {
        var obj = Kinds();
        obj.SetPropertyValue(property, Make(path, value));
        return obj.GetPropertyValue(property)!.ToJsonString();
    }

    /// <summary>Sets through a path, expects a <see cref="QomException"/>, and checks nothing changed.</summary>
    public static QomException Fails(string property, string path, string value)
    {
        var obj = Kinds();
        string before = obj.GetPropertyValue(property)!.ToJsonString();
        var error = Assert.Throws<QomException>(() => obj.SetPropertyValue(property, Make(path, value)));
        Assert.Equal(before, obj.GetPropertyValue(property)!.ToJsonString());
        return error;
    }
}
