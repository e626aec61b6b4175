using System.Threading.Tasks;

namespace QomSharp.Generators.Tests.Generator;

/// <summary>Generated source for each shape of input, compared with reviewed baselines and compiled.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public Task PlainTypeWithEveryPropertyKind() => Snapshots.VerifyAsync("""
        using QomSharp;

        namespace Demo.Devices;

        [QomEnum("DemoMode")]
        public enum DemoMode
        {
            Legacy,
            [QomEnumValue("scalable")]
            ScalableMode,
            PassThrough,
        }

        [QomType("demo-device")]
        public partial class DemoDevice : QomObject
        {
            private int counter;

            [QomProperty("enabled", Default = true, Description = "Whether the device answers")]
            public partial bool Enabled { get; set; }

            [QomProperty("aw-bits", Default = 39, Description = "Address width")]
            public partial byte AwBits { get; set; }

            [QomProperty("u16")]
            public partial ushort U16 { get; set; }

            [QomProperty("u32", Default = 7)]
            public partial uint U32 { get; set; }

            [QomProperty("u64", Default = ulong.MaxValue)]
            public partial ulong U64 { get; set; }

            [QomProperty("i8", Default = -1)]
            public partial sbyte I8 { get; set; }

            [QomProperty("i16", Default = -300)]
            public partial short I16 { get; set; }

            [QomProperty("i32", Default = int.MinValue)]
            public partial int I32 { get; set; }

            [QomProperty("i64", Default = -5L)]
            public partial long I64 { get; set; }

            [QomProperty("window", Size = true, Default = 4096UL)]
            public partial ulong Window { get; set; }

            [QomProperty("label", Default = "say \"hi\"\n")]
            public partial string? Label { get; set; }

            [QomProperty("name")]
            public partial string Name { get; set; }

            [QomProperty("mode", Default = DemoMode.ScalableMode)]
            public partial DemoMode Mode { get; set; }

            [QomProperty("version", Description = "Read only")]
            public partial int Version { get; private set; }

            [QomProperty("counter")]
            public int Counter { get => counter; set => counter = value; }
        }
        """);

    [Fact]
    public Task BoolPropertiesShareOneField() => Snapshots.VerifyAsync("""
        using QomSharp;

        namespace Demo;

        [QomType("demo-flags")]
        public partial class DemoFlags : QomObject
        {
            [QomProperty("a", Default = true)]
            public partial bool A { get; set; }

            [QomProperty("b")]
            public partial bool B { get; private set; }

            [QomProperty("c", Default = true)]
            public partial bool C { get; init; }

            [QomProperty("count", Default = 3)]
            public partial int Count { get; set; }
        }

        [QomType("demo-one-flag")]
        public partial class DemoOneFlag : QomObject
        {
            [QomProperty("only", Default = true)]
            public partial bool Only { get; set; }
        }

        [QomType("demo-many-flags")]
        public partial class DemoManyFlags : QomObject
        {
            [QomProperty("f0")] public partial bool F0 { get; set; }
            [QomProperty("f1")] public partial bool F1 { get; set; }
            [QomProperty("f2")] public partial bool F2 { get; set; }
            [QomProperty("f3")] public partial bool F3 { get; set; }
            [QomProperty("f4")] public partial bool F4 { get; set; }
            [QomProperty("f5")] public partial bool F5 { get; set; }
            [QomProperty("f6")] public partial bool F6 { get; set; }
            [QomProperty("f7")] public partial bool F7 { get; set; }
            [QomProperty("f8", Default = true)] public partial bool F8 { get; set; }
        }
        """);

    [Fact]
    public Task AbstractTypeAndConcreteChild() => Snapshots.VerifyAsync("""
        using QomSharp;

        namespace Demo;

        [QomType("demo-base", Abstract = true)]
        public abstract partial class DemoBase : QomObject
        {
            [QomProperty("id", Default = 5)]
            public partial int Id { get; set; }
        }

        [QomType("demo-leaf")]
        public sealed partial class DemoLeaf : DemoBase
        {
            [QomProperty("leaf-id")]
            public partial int LeafId { get; set; }
        }
        """);

    [Fact]
    public Task NestedTypesInNamespaces() => Snapshots.VerifyAsync("""
        using QomSharp;

        [QomType("global-device")]
        internal sealed partial class GlobalDevice : QomObject
        {
        }

        namespace Outer.Inner
        {
            public static partial class Holder
            {
                internal partial class Nested
                {
                    [QomType("nested-device")]
                    public partial class Device : QomObject
                    {
                    }
                }
            }

            public partial record Box
            {
                [QomType("boxed-device")]
                protected internal sealed partial class Boxed : QomObject
                {
                }
            }
        }
        """);

    [Fact]
    public Task Interfaces() => Snapshots.VerifyAsync("""
        using QomSharp;

        namespace Demo;

        [QomInterface("demo-iface")]
        public interface IDemo : IQomInterface
        {
        }

        [QomInterface("demo-sub-iface")]
        public interface IDemoSub : IDemo
        {
        }

        [QomInterface("demo-other-iface")]
        internal interface IOther
        {
        }

        [QomType("demo-impl")]
        public partial class DemoImpl : QomObject, IDemoSub, IOther
        {
        }

        [QomType("demo-impl-child")]
        public partial class DemoImplChild : DemoImpl, IDemo
        {
        }
        """);

    [Fact]
    public Task HooksOfEveryKind() => Snapshots.VerifyAsync("""
        using QomSharp;

        namespace Demo;

        [QomType("demo-hooks")]
        public partial class DemoHooks : QomObject
        {
            [QomClassInit]
            private static void ClassInit(QomClass klass) { }

            [QomClassBaseInit]
            private static void BaseInit(QomClass klass) { }

            [QomInstanceInit]
            private void Init() { }

            [QomInstancePostInit]
            private void PostInit() { }

            [QomInstanceFinalize]
            private void Finalize2() { }
        }

        [QomType("demo-hooks-child")]
        public partial class DemoHooksChild : DemoHooks
        {
            [QomInstanceInit]
            private void Init() { }
        }
        """);

    [Fact]
    public Task LinksAndChildren() => Snapshots.VerifyAsync("""
        using QomSharp;

        namespace Demo;

        [QomInterface("demo-port")]
        public interface IDemoPort : IQomInterface
        {
        }

        [QomType("demo-target")]
        public partial class DemoTarget : QomObject, IDemoPort
        {
        }

        [QomType("demo-linker")]
        public partial class DemoLinker : QomObject
        {
            private DemoTarget? manual;

            [QomLink("strong", Description = "A strong link")]
            public partial DemoTarget? Strong { get; set; }

            [QomLink("weak", Strong = false)]
            public partial DemoTarget? Weak { get; set; }

            [QomLink("fixed", ReadOnly = true)]
            public partial DemoTarget? Fixed { get; set; }

            [QomLink("port")]
            public partial IDemoPort? Port { get; set; }

            [QomLink("manual", Strong = false)]
            public DemoTarget? Manual { get => manual; set => manual = value; }

            [QomChild("child")]
            public partial DemoTarget? Child { get; set; }
        }
        """);

    [Fact]
    public Task TypeWithClassType() => Snapshots.VerifyAsync("""
        using QomSharp;

        namespace Demo;

        public class DemoClass : QomClass
        {
            public int Answer;
        }

        [QomType("demo-classy", ClassType = typeof(DemoClass))]
        public partial class DemoClassy : QomObject
        {
            [QomClassInit]
            private static void ClassInit(DemoClass klass) => klass.Answer = 42;

            [QomClassBaseInit]
            private static void BaseInit(DemoClass klass) => klass.Answer++;
        }
        """);

    [Fact]
    public Task ModuleOrdersTypesByName() => Snapshots.VerifyAsync("""
        using QomSharp;

        [QomType("zeta")]
        public partial class Zeta : QomObject { }

        [QomType("Alpha")]
        public partial class Alpha : QomObject { }

        [QomType("alpha", Abstract = true)]
        public abstract partial class AlphaLower : QomObject { }

        [QomInterface("beta-iface")]
        public interface IBeta : IQomInterface { }
        """);

    /// <summary>[assembly: QomExplicitRegistration]: the module has no module initializer; the host adds it.</summary>
    [Fact]
    public Task ExplicitRegistration() => Snapshots.VerifyAsync("""
        using QomSharp;

        [assembly: QomExplicitRegistration]

        [QomType("explicit-device")]
        public partial class ExplicitDevice : QomObject { }
        """);

    /// <summary>Names that are not ASCII (after a legacy name's '+'): sorted in UTF-16 order, lines start at UTF-8 byte offsets.</summary>
    [Fact]
    public Task ModuleWithNamesThatAreNotAscii() => Snapshots.VerifyAsync("""
        using QomSharp;

        [QomType("Sun-UltraSparc-IIIi+\uFB00")]
        public partial class Ligature : QomObject { }

        [QomType("Sun-UltraSparc-IIIi+\U0001F600")]
        public partial class Astral : QomObject { }

        [QomType("Sun-UltraSparc-IIIi+\u00E4")]
        public partial class Latin : QomObject { }

        [QomType("Sun-UltraSparc-IIIi+z")]
        public partial class Neighbour : QomObject { }
        """);

    /// <summary>Names added by hand: inside a QOM class they are listed on it; elsewhere (and children) on the assembly.</summary>
    [Fact]
    public Task HandAddedPropertyNames() => Snapshots.VerifyAsync("""
        using QomSharp;

        namespace Demo;

        [QomType("demo-hand")]
        public partial class DemoHand : QomObject
        {
            private const string Mode = "mode";

            [QomClassInit]
            private static void Init(QomClass klass)
            {
                klass.AddProperty(new QomBoolProperty("ready", static o => true, null));
                klass.AddProperty(new QomStringProperty(Mode, static o => "", null));
                klass.AddProperty(new DemoAddress());
            }

            [QomInstanceInit]
            private void Populate() => AddChild("slot", Context.New("container"));
        }

        public sealed class DemoAddress() : QomProperty(PropertyName, "str", null)
        {
            private const string PropertyName = "addr";
            public override bool CanRead => true;
            public override bool CanWrite => false;
            protected override System.Text.Json.Nodes.JsonNode? Read(QomObject obj) => "";
            protected override void Write(QomObject obj, in QomInput input) { }
        }
        """);

    /// <summary>An interface with its own class struct: the module creates it with the interface's class.</summary>
    [Fact]
    public Task InterfaceWithClassType() => Snapshots.VerifyAsync("""
        using QomSharp;

        namespace Demo;

        public class DemoHandlerClass : QomClass
        {
            public string? Label { get; set; }
        }

        [QomInterface("demo-handler", ClassType = typeof(DemoHandlerClass))]
        public interface IDemoHandler : IQomInterface
        {
        }

        [QomType("demo-handling")]
        public partial class DemoHandling : QomObject, IDemoHandler
        {
            [QomClassInit]
            private static void Init(QomClass klass) => ((DemoHandlerClass)klass.DynamicCast("demo-handler")!).Label = "handled";
        }
        """);

    /// <summary>Instance properties: added to each object by the instance-init bridge, before the type's own hook.</summary>
    [Fact]
    public Task InstanceProperties() => Snapshots.VerifyAsync("""
        using QomSharp;

        namespace Demo;

        [QomEnum("DemoLevel")]
        public enum DemoLevel { Low, High }

        [QomType("demo-instance")]
        public partial class DemoInstance : QomObject
        {
            [QomProperty("class-prop")]
            public partial int ClassProp { get; set; }

            [QomProperty("level", Instance = true, Default = DemoLevel.High)]
            public partial DemoLevel Level { get; set; }

            [QomLink("handler", Instance = true, Strong = false)]
            public partial QomObject? Handler { get; set; }

            [QomInstanceInit]
            private void Init() => Level = DemoLevel.Low;
        }

        [QomType("demo-instance-only")]
        public partial class DemoInstanceOnly : QomObject
        {
            [QomProperty("count", Instance = true)]
            public partial uint Count { get; set; }
        }
        """);
}
