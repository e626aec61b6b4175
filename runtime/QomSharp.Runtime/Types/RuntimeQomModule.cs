namespace QomSharp;

/// <summary>The runtime's own types: <c>object</c> (with its <c>type</c> property), <c>interface</c>, <c>container</c>.</summary>
internal sealed class RuntimeQomModule : QomModule
{
    public static readonly RuntimeQomModule Instance = new();

    private const int ObjectIndex = 0;
    private const int ContainerIndex = 2;

    private RuntimeQomModule()
        : base(
            "QomSharp.Runtime",
            "object\t\t" + (int)QomTypeFlags.Properties + "\t\n" +
            "interface\t\t" + (int)(QomTypeFlags.Abstract | QomTypeFlags.Interface) + "\t\n" +
            "container\tobject\t0\t\n")
    {
    }

    protected internal override QomObject CreateInstance(int index) => index switch
    {
        ObjectIndex => new QomObject(),
        ContainerIndex => new QomContainer(),
        _ => throw new QomFatalException($"object type '{Types[index].Name}' is abstract"),
    };

    protected internal override QomProperty[] CreateProperties(int index) => index == ObjectIndex
        ? [new QomStringProperty("type", static o => o.TypeName, null, type: "string")]
        : [];
}
