using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = QomSharp.Generators.Tests.Diagnostics.AnalyzerVerifier<QomSharp.Generators.Analyzers.QomUsageAnalyzer>;

namespace QomSharp.Generators.Tests.Diagnostics;

/// <summary>QOM0201-QOM0204 at call sites with literal names.</summary>
public sealed class UsageAnalyzerTests
{
    /// <summary>A small hierarchy; QomTypeName is written by hand where the generator would emit it.</summary>
    private const string Types = """
        using QomSharp;
        [QomType("device", Abstract = true)]
        public abstract partial class Device : QomObject
        {
            public const string QomTypeName = "device";
            [QomProperty("realized")] public bool Realized { get; set; }
        }
        [QomType("pci-device")]
        public partial class PciDevice : Device
        {
            public new const string QomTypeName = "pci-device";
            [QomProperty("addr")] public int Addr { get; set; }
        }
        [QomType("e1000")]
        public sealed partial class E1000 : PciDevice { [QomProperty("mac")] public string? Mac { get; set; } }
        [QomType("bus")]
        public partial class Bus : QomObject { }
        [QomType("pci-bus")]
        public sealed partial class PciBus : Bus { }
        [QomInterface("hotplug-handler")]
        public interface IHotplugHandler : IQomInterface { }

        """;

    private static DiagnosticResult Warning(string id) => new(id, DiagnosticSeverity.Warning);

    [Fact]
    public Task AbstractInstantiation_Fires() => Verify.VerifyAsync(Types + """
        class Use
        {
            void M(QomContext ctx)
            {
                {|#0:Qom.New<Device>()|};
                {|QOM0201:ctx.New<Device>()|};
                Qom.New({|#1:"device"|});
                ctx.New({|QOM0201:"interface"|});
                Qom.New({|QOM0201:"object"|});
                Qom.New({|QOM0201:"hotplug-handler"|});
            }
        }
        """,
        Verify.Diagnostic("QOM0201").WithLocation(0).WithArguments("Device", "device"),
        Verify.Diagnostic("QOM0201").WithLocation(1).WithArguments("Device", "device"));

    [Fact]
    public Task NotAQomType_Fires() => Verify.VerifyAsync(Types + """
        public sealed class Helper : QomObject { }
        public sealed class UndeclaredBus : Bus { }
        class Use
        {
            void M(QomContext ctx)
            {
                {|#0:Qom.New<Helper>()|};
                {|QOM0205:ctx.New<UndeclaredBus>()|};
            }
        }
        """,
        Verify.Diagnostic("QOM0205").WithLocation(0).WithArguments("Helper"));

    [Fact]
    public Task NotAQomType_QomTypesAndTypeParameters_DoNotFire() => Verify.VerifyAsync(Types + """
        class Use
        {
            T Make<T>(QomContext ctx) where T : QomObject => ctx.New<T>();
            void M(QomContext ctx)
            {
                Qom.New<PciDevice>();
                ctx.New<E1000>();
                Make<PciDevice>(ctx);
            }
        }
        """);

    [Fact]
    public Task AbstractInstantiation_ConcreteOrLookupOnly_DoesNotFire() => Verify.VerifyAsync(Types + """
        class Use
        {
            void M(QomContext ctx)
            {
                Qom.New<PciDevice>();
                ctx.New("pci-device");
                Qom.FindClass("object");
                Qom.FindClass("device");
                ctx.GetClass("interface");
            }
        }
        """);

    [Fact]
    public Task UnknownTypeName_Fires() => Verify.VerifyAsync(Types + """
        class Use
        {
            void M(QomContext ctx, QomObject o)
            {
                Qom.New({|#0:"pci-devcie"|});
                ctx.FindClass({|#1:"nope"|});
                o.IsA({|QOM0202:"nope"|});
                o.Class.DynamicCast({|QOM0202:"nope"|});
            }
        }
        """,
        Warning("QOM0202").WithLocation(0).WithArguments("pci-devcie", "; did you mean 'pci-device'?"),
        Warning("QOM0202").WithLocation(1).WithArguments("nope", ""));

    [Fact]
    public Task UnknownTypeName_KnownOrHandRegisteredOrNotLiteral_DoesNotFire() => Verify.VerifyAsync(Types + """
        class Use
        {
            void M(QomContext ctx, QomObject o, string name, QomModule module)
            {
                Qom.New("e1000");
                ctx.FindClass("hotplug-handler");
                o.IsA("container");
                Qom.New("dup-name");
                o.IsA("remote-iface");
                Qom.New(name);
                ctx.RegisterType(new QomTypeInfo("hand-made", "object", default, [], module, 0));
                Qom.New("hand-made");
            }
        }
        """,
        [ReferencedQomAssembly.WithDuplicateName()]);

    [Fact]
    public Task UnknownPropertyName_Fires() => Verify.VerifyAsync(Types + """
        class Use
        {
            void M(E1000 nic, PciBus bus, PciDevice dev)
            {
                nic.GetPropertyString({|#0:"macc"|});
                bus.SetPropertyBool({|#1:"realized"|}, true);
                dev.FindProperty({|QOM0203:"adr"|});
            }
        }
        """,
        Warning("QOM0203").WithLocation(0).WithArguments("E1000", "e1000", "macc", "; did you mean 'mac'?"),
        Warning("QOM0203").WithLocation(1).WithArguments("PciBus", "pci-bus", "realized", ""));

    [Fact]
    public Task UnknownPropertyName_KnownOrPossiblyAdded_DoesNotFire() => Verify.VerifyAsync(Types + """
        [QomType("leaf")]
        public partial class Leaf : PciDevice { [QomProperty("leaf-only")] public int X { get; set; } }
        class Use
        {
            static void AddMyProperty(QomObject o, string name) { }
            void M(E1000 nic, PciDevice dev, QomObject any, Bus bus)
            {
                nic.GetPropertyString("mac");
                nic.GetPropertyInt("addr");
                nic.SetPropertyBool("realized", true);
                nic.GetPropertyString("type");
                dev.GetPropertyInt("leaf-only");
                any.GetPropertyInt("whatever");
                bus.AddChild("slot0", any);
                bus.GetPropertyLink("slot0");
                AddMyProperty(dev, "extra");
                nic.GetPropertyInt("extra");
            }
        }
        """);

    [Fact]
    public Task UnrelatedCast_Fires() => Verify.VerifyAsync(Types + """
        class Use
        {
            void M(Bus bus, PciDevice dev)
            {
                bus.IsA({|#0:"pci-device"|});
                dev.DynamicCast({|QOM0204:"pci-bus"|});
                dev.CastChecked({|QOM0204:"bus"|});
            }
        }
        """,
        Warning("QOM0204").WithLocation(0).WithArguments("Bus", "bus", "pci-device"));

    [Fact]
    public Task UnrelatedCast_RelatedOrInterfaceOrUntyped_DoesNotFire() => Verify.VerifyAsync(Types + """
        class Use
        {
            void M(Bus bus, PciDevice dev, QomObject any)
            {
                bus.IsA("pci-bus");
                dev.DynamicCast("device");
                dev.IsA("e1000");
                dev.IsA("object");
                dev.IsA("hotplug-handler");
                any.IsA("bus");
            }
        }
        """);
}
