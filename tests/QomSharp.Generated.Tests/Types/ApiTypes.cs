namespace QomSharp.Generated.Tests.Types;

/// <summary>The class struct of the <c>e2e-handler</c> interface: class data each implementation fills in.</summary>
public class E2eHandlerClass : QomClass
{
    /// <summary>Set by the implementing class's class init, per implementation.</summary>
    public string? Greeting { get; set; }
}

/// <summary>A QOM interface carrying class data.</summary>
[QomInterface("e2e-handler", ClassType = typeof(E2eHandlerClass))]
public interface IE2eHandler : IQomInterface
{
}

/// <summary>The API a user reaches for: instance properties, a getter-only link, an interface with class data.</summary>
[QomType("e2e-api")]
public partial class E2eApi : QomObject, IE2eHandler
{
    private E2eTarget? owner;

    /// <summary>A class property, for contrast.</summary>
    [QomProperty("size", Default = 4U)]
    public partial uint Size { get; set; }

    /// <summary>An instance property (QEMU's object_property_add_* in instance_init).</summary>
    [QomProperty("level", Instance = true, Default = 2)]
    public partial int Level { get; set; }

    /// <summary>An instance link.</summary>
    [QomLink("peer", Instance = true, Strong = false)]
    public partial E2eTarget? Peer { get; set; }

    /// <summary>A read-only link without a setter.</summary>
    [QomLink("owner", ReadOnly = true, Strong = false)]
    public E2eTarget? Owner => owner;

    /// <summary>What the instance-init hook saw of the instance property.</summary>
    public bool LevelWasThereAtInit { get; private set; }

    /// <summary>Sets the read-only link's target from C#.</summary>
    public void Adopt(E2eTarget target) => owner = target;

    [QomClassInit]
    private static void InitClass(QomClass klass) =>
        ((E2eHandlerClass)klass.DynamicCast("e2e-handler")!).Greeting = "hello from e2e-api";

    [QomInstanceInit]
    private void Init() => LevelWasThereAtInit = FindProperty("level") is not null;
}

/// <summary>A subclass: its interface implementation starts as a copy of its parent's.</summary>
[QomType("e2e-api-child")]
public partial class E2eApiChild : E2eApi
{
}
