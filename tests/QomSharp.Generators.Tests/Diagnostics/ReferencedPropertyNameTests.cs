using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using QomSharp.Generators.Tests.Generator;
using Verify = QomSharp.Generators.Tests.Diagnostics.AnalyzerVerifier<QomSharp.Generators.Analyzers.QomUsageAnalyzer>;

namespace QomSharp.Generators.Tests.Diagnostics;

/// <summary>
/// QOM0203 for classes whose ancestors come from referenced assemblies (the runtime's and a device
/// library built with the generator) and for <c>New("literal")</c> receivers.
/// </summary>
public sealed class ReferencedPropertyNameTests
{
    /// <summary>
    /// A device library built by the generator: a declared property, one added by hand in class init,
    /// one added by a property class outside any QOM type, and a child added by name.
    /// </summary>
    private static readonly MetadataReference Library = GeneratorHost.CompileLibrary("Lib.Devices", """
        using QomSharp;
        using QomSharp.Qdev;
        namespace Lib.Devices
        {
            [QomType("lib-device", Abstract = true)]
            public abstract partial class LibDevice : Device
            {
                [QomProperty("lib-prop")] public partial uint LibProp { get; set; }

                [QomClassInit]
                private static void Init(QomClass klass)
                {
                    klass.AddProperty(new QomBoolProperty("hand-made", static o => true, null));
                    klass.AddProperty(new AddressProperty());
                }
            }

            public sealed class AddressProperty() : QomProperty(Name, "str", null)
            {
                private const string Name = "lib-addr";
                public override bool CanRead => true;
                public override bool CanWrite => false;
                protected override System.Text.Json.Nodes.JsonNode? Read(QomObject obj) => "";
                protected override void Write(QomObject obj, in QomInput input) { }
            }

            [QomType("lib-board")]
            public sealed partial class LibBoard : QomObject
            {
                [QomInstanceInit]
                private void Init() => AddChild("slot0", Context.New("container"));
            }
        }
        """);

    private const string UserTypes = """
        using QomSharp;
        using Lib.Devices;
        [QomType("my-uart")]
        public partial class MyUart : LibDevice { [QomProperty("baud")] public uint Baud { get; set; } }

        """;

    private static DiagnosticResult Warning(string id) => new(id, DiagnosticSeverity.Warning);

    [Fact]
    public Task SubclassOfReferencedClass_Fires() => Verify.VerifyAsync(UserTypes + """
        class Use
        {
            void M(MyUart uart, LibDevice device)
            {
                uart.ParseProperty({|#0:"lib-prp"|}, "1");
                uart.SetPropertyBool({|#1:"realised"|}, true);
                device.GetPropertyInt({|#2:"bogus"|});
            }
        }
        """,
        [Library],
        Warning("QOM0203").WithLocation(0).WithArguments("MyUart", "my-uart", "lib-prp", "; did you mean 'lib-prop'?"),
        Warning("QOM0203").WithLocation(1).WithArguments("MyUart", "my-uart", "realised", "; did you mean 'realized'?"),
        Warning("QOM0203").WithLocation(2).WithArguments("Lib.Devices.LibDevice", "lib-device", "bogus", ""));

    [Fact]
    public Task SubclassOfReferencedClass_DeclaredOrAddedByHand_DoesNotFire() => Verify.VerifyAsync(UserTypes + """
        class Use
        {
            void M(MyUart uart, LibDevice device, LibBoard board)
            {
                uart.GetPropertyInt("baud");
                uart.GetPropertyInt("lib-prop");
                uart.GetPropertyBool("hand-made");
                uart.GetPropertyString("lib-addr");
                uart.SetPropertyBool("realized", true);
                uart.GetPropertyLink("parent_bus");
                uart.GetPropertyString("type");
                device.GetPropertyInt("baud");
                board.GetPropertyLink("slot0");
            }
        }
        """,
        [Library]);

    [Fact]
    public Task SubclassOfClassFromAnUndescribedAssembly_DoesNotFire() => Verify.VerifyAsync("""
        using QomSharp;
        [QomType("sub-dup")]
        public partial class SubDup : Plain.Library.Dup { }
        class Use
        {
            void M(SubDup d) => d.GetPropertyInt("anything");
        }
        """,
        [ReferencedQomAssembly.WithoutModuleAttribute()]);

    [Fact]
    public Task NewWithLiteral_Fires() => Verify.VerifyAsync(UserTypes + """
        class Use
        {
            void M(QomContext ctx)
            {
                ctx.New("my-uart").ParseProperty({|#0:"bogus"|}, "1");
                Qom.New("my-uart").GetPropertyInt({|#1:"bauds"|});
                ctx.New("container").GetPropertyInt({|#2:"lib-prop"|});
                ctx.NewWithProperties("my-uart", ctx.Root, "u0", ("baud", "9600"), ({|#3:"baudd"|}, "1"));
                ctx.NewWithProperties("my-uart", null, null).ParseProperty({|#4:"lib-pro"|}, "1");
                Qom.NewWithProperties({|QOM0201:"lib-device"|}, null, null);
            }
        }
        """,
        [Library],
        Warning("QOM0203").WithLocation(0).WithArguments("MyUart", "my-uart", "bogus", ""),
        Warning("QOM0203").WithLocation(1).WithArguments("MyUart", "my-uart", "bauds", "; did you mean 'baud'?"),
        Warning("QOM0203").WithLocation(2).WithArguments("QomSharp.QomContainer", "container", "lib-prop", ""),
        Warning("QOM0203").WithLocation(3).WithArguments("MyUart", "my-uart", "baudd", "; did you mean 'baud'?"),
        Warning("QOM0203").WithLocation(4).WithArguments("MyUart", "my-uart", "lib-pro", "; did you mean 'lib-prop'?"));

    [Fact]
    public Task NewWithLiteral_KnownOrUnjudgeable_DoesNotFire() => Verify.VerifyAsync(UserTypes + """
        class Use
        {
            void M(QomContext ctx, string name, QomModule module)
            {
                ctx.New("my-uart").ParseProperty("baud", "9600");
                ctx.New("my-uart").GetPropertyBool("hand-made");
                ctx.New(name).ParseProperty("bogus", "1");
                ctx.RegisterType(new QomTypeInfo("hand-registered", "object", default, [], module, 0));
                ctx.New("hand-registered").ParseProperty("bogus", "1");
                ctx.NewWithProperties("my-uart", ctx.Root, "u0", ("baud", "9600"), ("hand-made", "on"), ("lib-addr", "x"));
                ctx.NewWithProperties(name, ctx.Root, "u1", ("bogus", "1"));
            }
        }
        """,
        [Library]);

    /// <summary>The device models' real <c>pci-device</c>: <c>addr</c> comes from a hand-written property class.</summary>
    private static readonly MetadataReference Devices = MetadataReference.CreateFromFile(typeof(QomSharp.Devices.Pci.PciDevice).Assembly.Location);

    private const string UserPciDevice = """
        using QomSharp;
        using QomSharp.Devices.Pci;
        [QomType("my-nic")]
        public sealed partial class MyNic : PciDevice { [QomProperty("mac")] public string? Mac { get; set; } }

        """;

    [Fact]
    public Task SubclassOfPciDevice_Fires() => Verify.VerifyAsync(UserPciDevice + """
        class Use
        {
            void M(MyNic nic, QomContext ctx)
            {
                nic.ParseProperty({|#0:"adr"|}, "4.0");
                ctx.New("my-nic").SetPropertyBool({|#1:"multifuntion"|}, true);
            }
        }
        """,
        [Devices],
        Warning("QOM0203").WithLocation(0).WithArguments("MyNic", "my-nic", "adr", "; did you mean 'addr'?"),
        Warning("QOM0203").WithLocation(1).WithArguments("MyNic", "my-nic", "multifuntion", "; did you mean 'multifunction'?"));

    [Fact]
    public Task SubclassOfPciDevice_KnownNames_DoNotFire() => Verify.VerifyAsync(UserPciDevice + """
        class Use
        {
            void M(MyNic nic, QomContext ctx)
            {
                nic.ParseProperty("addr", "4.0");
                nic.GetPropertyString("legacy-addr");
                nic.SetPropertyBool("multifunction", true);
                nic.SetPropertyBool("realized", true);
                nic.GetPropertyString("mac");
                ctx.New("my-nic").ParseProperty("addr", "4.0");
            }
        }
        """,
        [Devices]);
}
