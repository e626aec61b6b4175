using System.Collections.Generic;
using QomSharp;

namespace QomSharp.Runtime.Tests;

/// <summary>A private QOM universe per test (tests run in parallel) with a module for run-time types.</summary>
internal sealed class TestUniverse
{
    public QomContext Context { get; } = new();

    public QomDynamicModule Module { get; } = new("QomSharp.Runtime.Tests");

    /// <summary>What hooks recorded, in order.</summary>
    public List<string> Log { get; } = [];

    public QomTypeInfo Define(QomDynamicType type) => Module.Register(Context, type);

    /// <summary>A concrete type of <see cref="TestObject"/> instances.</summary>
    public QomTypeInfo DefineObject(string name, string parent = "object", params string[] interfaces) =>
        Define(new QomDynamicType(name, parent) { Factory = static () => new TestObject(), Interfaces = interfaces });

    public QomTypeInfo DefineInterface(string name, string parent = "interface") =>
        Define(new QomDynamicType(name, parent) { Interface = true });

    public QomObject New(string typeName) => Context.New(typeName);

    public TestObject NewTest(string typeName) => (TestObject)Context.New(typeName);
}
