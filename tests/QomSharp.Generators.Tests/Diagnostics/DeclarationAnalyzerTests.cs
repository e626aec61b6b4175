using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis;
using System.Threading.Tasks;
using QomSharp.Generators.Analyzers;
using Verify = QomSharp.Generators.Tests.Diagnostics.AnalyzerVerifier<QomSharp.Generators.Analyzers.QomDeclarationAnalyzer>;

namespace QomSharp.Generators.Tests.Diagnostics;

/// <summary>QOM0001-QOM0003 and QOM0005-QOM0009: one case that fires and one near miss that does not, per id.</summary>
public sealed class DeclarationAnalyzerTests
{
    private const string Usings = "using QomSharp;\n";

    [Fact]
    public Task NotPartial_Fires_WithMessage() => Verify.VerifyAsync(Usings + """
        [QomType("my-device")]
        public class {|#0:MyDevice|} : QomObject { }
        """,
        Verify.Diagnostic("QOM0001").WithLocation(0).WithArguments("MyDevice", "my-device", "MyDevice"));

    [Fact]
    public Task NotPartial_ContainingType_Fires() => Verify.VerifyAsync(Usings + """
        public class Outer
        {
            [QomType("inner-device")]
            public partial class {|QOM0001:Inner|} : QomObject { }
        }
        """);

    [Fact]
    public Task NotPartial_AllPartial_DoesNotFire() => Verify.VerifyAsync(Usings + """
        public partial class Outer
        {
            [QomType("inner-device")]
            public partial class Inner : QomObject { }
        }
        """);

    [Fact]
    public Task UnknownParent_Fires() => Verify.VerifyAsync(Usings + """
        public class Plain { }
        [QomType("orphan")]
        public partial class {|#0:Orphan|} : Plain { }
        """,
        Verify.Diagnostic("QOM0002").WithLocation(0).WithArguments("Orphan", "orphan", "Plain"));

    [Fact]
    public Task UnknownParent_QomBases_DoNotFire() => Verify.VerifyAsync(Usings + """
        [QomType("base-type", Abstract = true)]
        public abstract partial class BaseType : QomObject { }
        public abstract class Helper : BaseType { }
        [QomType("leaf")]
        public partial class Leaf : Helper { }
        """);

    [Fact]
    public Task InvalidTypeName_Fires() => Verify.VerifyAsync(Usings + """
        [QomType({|#0:"x"|})] public partial class A : QomObject { }
        [QomType({|QOM0003:"0abc"|})] public partial class B : QomObject { }
        [QomType({|QOM0003:"has space"|})] public partial class C : QomObject { }
        [QomType({|QOM0003:""|})] public partial class D : QomObject { }
        """,
        Verify.Diagnostic("QOM0003").WithLocation(0).WithArguments("A", "x"));

    [Fact]
    public Task InvalidTypeName_QemuStyleNames_DoNotFire() => Verify.VerifyAsync(Usings + """
        [QomType("pci-bridge_v2.0")] public partial class A : QomObject { }
        [QomType("Sun-UltraSparc-IIIi+")] public partial class B : QomObject { }
        [QomType("9p")] public partial class C : QomObject { }
        """);

    [Fact]
    public Task AbstractMismatch_Fires_BothDirections() => Verify.VerifyAsync(Usings + """
        [QomType("flagged", Abstract = true)]
        public partial class {|#0:Flagged|} : QomObject { }
        [QomType("unflagged", Abstract = false)]
        public abstract partial class {|#1:Unflagged|} : QomObject { }
        """,
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult("QOM0005", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0)
            .WithArguments("Flagged", "flagged", "is declared Abstract = true but its C# class is not abstract"),
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult("QOM0005", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(1)
            .WithArguments("Unflagged", "unflagged", "is declared Abstract = false but its C# class is abstract"));

    [Fact]
    public Task AbstractMismatch_Consistent_DoesNotFire() => Verify.VerifyAsync(Usings + """
        [QomType("flagged", Abstract = true)]
        public abstract partial class Flagged : QomObject { }
        [QomType("implied")]
        public abstract partial class Implied : QomObject { }
        [QomType("concrete", Abstract = false)]
        public partial class Concrete : QomObject { }
        """);

    [Fact]
    public Task Generic_Fires() => Verify.VerifyAsync(Usings + """
        [QomType("generic")]
        public partial class {|QOM0006:Generic|}<T> : QomObject { }
        public partial class Outer<T>
        {
            [QomType("nested")]
            public partial class {|QOM0006:Nested|} : QomObject { }
        }
        """);

    [Fact]
    public Task Generic_NonGenericNested_DoesNotFire() => Verify.VerifyAsync(Usings + """
        public partial class Outer
        {
            [QomType("nested")]
            public partial class Nested : QomObject { }
        }
        """);

    [Fact]
    public Task Interface_Unmarked_Or_BadName_Fires() => Verify.VerifyAsync(Usings + """
        [QomInterface("hotplug-handler")]
        public interface IHotplugHandler : IQomInterface { }
        public interface {|QOM0007:IFancyHandler|} : IHotplugHandler { }
        [QomInterface({|QOM0007:"bad name"|})]
        public interface IBad : IQomInterface { }
        """);

    [Fact]
    public Task Interface_MarkedOrUnrelated_DoesNotFire() => Verify.VerifyAsync(Usings + """
        [QomInterface("hotplug-handler")]
        public interface IHotplugHandler : IQomInterface { }
        [QomInterface("fancy-handler")]
        public interface IFancyHandler : IHotplugHandler { }
        public interface IPlain { }
        """);

    [Fact]
    public Task ClassStruct_Unusable_Fires() => Verify.VerifyAsync(Usings + """
        public class HandlerClass : QomClass { }
        public class OtherClass : QomClass { }
        public abstract class AbstractClass : QomClass { }
        public class NeedsArgsClass : QomClass { public NeedsArgsClass(int x) { } }
        [QomInterface("handler", ClassType = typeof(HandlerClass))]
        public interface IHandler : IQomInterface { }
        [QomInterface("sub-handler", ClassType = typeof(OtherClass))]
        public interface {|#0:ISubHandler|} : IHandler { }
        [QomInterface("plain-handler", ClassType = typeof(string))]
        public interface {|QOM0007:IPlainHandler|} : IQomInterface { }
        [QomType("abstract-struct", ClassType = typeof(AbstractClass))]
        public partial class {|QOM0008:AbstractStruct|} : QomObject { }
        [QomType("args-struct", ClassType = typeof(NeedsArgsClass))]
        public partial class {|QOM0008:ArgsStruct|} : QomObject { }
        """,
        new DiagnosticResult("QOM0007", DiagnosticSeverity.Warning).WithLocation(0)
            .WithArguments("ISubHandler", "names the class struct 'OtherClass', which does not derive from the inherited class struct 'HandlerClass'"));

    [Fact]
    public Task ClassStruct_Usable_DoesNotFire() => Verify.VerifyAsync(Usings + """
        public class HandlerClass : QomClass { }
        public class SubHandlerClass : HandlerClass { }
        [QomInterface("handler", ClassType = typeof(HandlerClass))]
        public interface IHandler : IQomInterface { }
        [QomInterface("sub-handler", ClassType = typeof(SubHandlerClass))]
        public interface ISubHandler : IHandler { }
        [QomInterface("inheriting-handler")]
        public interface IInheritingHandler : IHandler { }
        [QomType("with-struct", ClassType = typeof(SubHandlerClass))]
        public partial class WithStruct : QomObject { }
        """);

    [Fact]
    public Task NotInstantiable_Fires() => Verify.VerifyAsync(Usings + """
        public partial class Outer
        {
            [QomType("hidden")]
            private partial class {|QOM0008:Hidden|} : QomObject { }
        }
        [QomType("needs-args")]
        public partial class {|QOM0008:NeedsArgs|} : QomObject
        {
            public NeedsArgs(int x) { }
        }
        [QomType("private-ctor")]
        public partial class {|QOM0008:PrivateCtor|} : QomObject
        {
            private PrivateCtor() { }
        }
        """);

    [Fact]
    public Task NotInstantiable_ReachableWithConstructor_DoesNotFire() => Verify.VerifyAsync(Usings + """
        public partial class Outer
        {
            [QomType("visible")]
            internal partial class Visible : QomObject { }
        }
        [QomType("internal-ctor")]
        public partial class InternalCtor : QomObject
        {
            internal InternalCtor() { }
        }
        [QomType("abstract-no-ctor", Abstract = true)]
        public abstract partial class AbstractNoCtor : QomObject
        {
            protected AbstractNoCtor(int x) { }
        }
        """);

    [Fact]
    public Task HookShape_Fires() => Verify.VerifyAsync(Usings + """
        public class DeviceClass : QomClass { }
        public class OtherClass : QomClass { }
        [QomType("device", Abstract = true, ClassType = typeof(DeviceClass))]
        public abstract partial class Device : QomObject
        {
            [QomClassInit] void {|QOM0009:NotStatic|}(DeviceClass k) { }
            [QomClassBaseInit] static void {|QOM0009:NoClassParameter|}(int k) { }
            [QomInstanceInit] void {|QOM0009:HasParameter|}(int x) { }
            [QomInstanceFinalize] static void {|QOM0009:IsStatic|}() { }
            [QomInstancePostInit] int {|QOM0009:ReturnsValue|}() => 0;
            [QomInstancePostInit] protected virtual void {|QOM0009:VirtualHook|}() { }
            protected abstract void Realize();
        }
        [QomType("leaf")]
        public partial class Leaf : Device
        {
            [QomClassInit] static void {|QOM0009:WrongClassStruct|}(OtherClass k) { }
            [QomInstanceInit] void Init() { }
            [QomInstanceInit] void {|QOM0009:InitAgain|}() { }
            [QomInstanceFinalize] protected override void {|QOM0009:Realize|}() { }
        }
        public class NotQom
        {
            [QomInstanceInit] void {|QOM0009:Stray|}() { }
        }
        """);

    [Fact]
    public Task HookShape_RightShapes_DoNotFire() => Verify.VerifyAsync(Usings + """
        public class DeviceClass : QomClass { }
        [QomType("device", Abstract = true, ClassType = typeof(DeviceClass))]
        public abstract partial class Device : QomObject
        {
            [QomClassInit] static void ClassInit(DeviceClass k) { }
            [QomClassBaseInit] static void BaseInit(QomClass k) { }
            [QomInstanceInit] void Init() { }
            [QomInstancePostInit] void PostInit() { }
            [QomInstanceFinalize] void Finalize2() { }
            protected virtual void Realize() { }
            protected override void OnUnparent() => base.OnUnparent();
        }
        [QomType("leaf")]
        public partial class Leaf : Device
        {
            [QomClassInit] static void ClassInit(QomClass k) { }
            protected override void Realize() => base.Realize();
        }
        """);
}
