using System.Threading.Tasks;
using Verify = QomSharp.Generators.Tests.Diagnostics.AnalyzerVerifier<QomSharp.Generators.Analyzers.QomPropertyAnalyzer>;

namespace QomSharp.Generators.Tests.Diagnostics;

/// <summary>
/// QOM0101-QOM0106. Partial properties get a hand-written implementation part here, standing in
/// for the generator's output.
/// </summary>
public sealed class PropertyAnalyzerTests
{
    private const string Usings = "using QomSharp;\n";

    [Fact]
    public Task UnsupportedType_Fires() => Verify.VerifyAsync(Usings + """
        public enum Plain { A }
        [QomType("dev")]
        public partial class Dev : QomObject
        {
            [QomProperty("ratio")] public double {|#0:Ratio|} { get => 0; set { } }
            [QomProperty("mode")] public Plain {|QOM0101:Mode|} { get => 0; set { } }
            [QomProperty("count")] public int? {|QOM0101:Count|} { get => 0; set { } }
        }
        """,
        Verify.Diagnostic("QOM0101").WithLocation(0).WithArguments("Ratio", "ratio", "Dev", "double"));

    [Fact]
    public Task UnsupportedType_SupportedTypes_DoNotFire() => Verify.VerifyAsync(Usings + """
        [QomEnum("OnOffAuto")] public enum OnOffAuto { On, Off, Auto }
        [QomType("dev")]
        public partial class Dev : QomObject
        {
            [QomProperty("mode")] public OnOffAuto Mode { get; set; }
            [QomProperty("on")] public bool On { get; set; }
            [QomProperty("name")] public string? Name { get; set; }
            [QomProperty("b")] public byte B { get; set; }
            [QomProperty("l")] public long L { get; set; }
            [QomProperty("mem", Size = true)] public ulong Mem { get; set; }
        }
        """);

    [Fact]
    public Task DuplicateName_Fires_InTypeAndAlongHierarchy() => Verify.VerifyAsync(Usings + """
        [QomType("base-dev", Abstract = true)]
        public abstract partial class BaseDev : QomObject
        {
            [QomProperty("addr")] public int Addr { get; set; }
        }
        [QomType("dev")]
        public partial class Dev : BaseDev
        {
            [QomProperty({|#0:"addr"|})] public int Addr2 { get; set; }
            [QomProperty("x")] public int X { get; set; }
            [QomProperty({|QOM0102:"x"|})] public int X2 { get; set; }
            [QomProperty({|QOM0102:"type"|})] public string? TypeName2 { get; set; }
        }
        """,
        Verify.Diagnostic("QOM0102").WithLocation(0).WithArguments("Addr2", "Dev", "addr", "BaseDev"));

    [Fact]
    public Task DuplicateName_SiblingsMayShare_DoesNotFire() => Verify.VerifyAsync(Usings + """
        [QomType("base-dev", Abstract = true)]
        public abstract partial class BaseDev : QomObject { }
        [QomType("dev-a")]
        public partial class DevA : BaseDev { [QomProperty("addr")] public int Addr { get; set; } }
        [QomType("dev-b")]
        public partial class DevB : BaseDev { [QomProperty("addr")] public int Addr { get; set; } }
        """);

    [Fact]
    public Task InvalidName_Fires() => Verify.VerifyAsync(Usings + """
        [QomType("dev")]
        public partial class Dev : QomObject
        {
            [QomProperty({|QOM0103:"a/b"|})] public int A { get; set; }
            [QomLink({|QOM0103:""|})] public QomObject? B { get; set; }
        }
        """);

    [Fact]
    public Task InvalidName_OddButLegalNames_DoNotFire() => Verify.VerifyAsync(Usings + """
        [QomType("dev")]
        public partial class Dev : QomObject
        {
            [QomProperty("x-aw_bits.2")] public int A { get; set; }
            [QomLink("parent_bus")] public QomObject? B { get; set; }
        }
        """);

    [Fact]
    public Task InvalidDefault_Fires() => Verify.VerifyAsync(Usings + """
        [QomEnum("OnOffAuto")] public enum OnOffAuto { On, Off, Auto }
        public enum Other { X }
        [QomType("dev")]
        public partial class Dev : QomObject
        {
            private byte b; private bool on; private OnOffAuto mode; private int i;
            [QomProperty("b", Default = 300)] public partial byte {|#0:B|} { get; set; }
            [QomProperty("on", Default = 1)] public partial bool {|QOM0104:On|} { get; set; }
            [QomProperty("mode", Default = Other.X)] public partial OnOffAuto {|QOM0104:Mode|} { get; set; }
            [QomProperty("i", Default = "3")] public partial int {|QOM0104:I|} { get; set; }
            [QomProperty("manual", Default = 5)] public int {|QOM0104:Manual|} { get => 0; set { } }

            public partial byte B { get => b; set => b = value; }
            public partial bool On { get => on; set => on = value; }
            public partial OnOffAuto Mode { get => mode; set => mode = value; }
            public partial int I { get => i; set => i = value; }
        }
        """,
        Verify.Diagnostic("QOM0104").WithLocation(0).WithArguments("B", "b", "Dev", "300 is out of range for 'byte'"));

    [Fact]
    public Task InvalidDefault_FittingDefaults_DoNotFire() => Verify.VerifyAsync(Usings + """
        [QomEnum("OnOffAuto")] public enum OnOffAuto { On, Off, Auto }
        [QomType("dev")]
        public partial class Dev : QomObject
        {
            private byte b; private bool on; private OnOffAuto mode; private ulong size; private string? s; private long l;
            [QomProperty("b", Default = 255)] public partial byte B { get; set; }
            [QomProperty("on", Default = true)] public partial bool On { get; set; }
            [QomProperty("mode", Default = OnOffAuto.Auto)] public partial OnOffAuto Mode { get; set; }
            [QomProperty("size", Size = true, Default = 0x1000UL)] public partial ulong Size { get; set; }
            [QomProperty("s", Default = null)] public partial string? S { get; set; }
            [QomProperty("l", Default = -5)] public partial long L { get; set; }

            public partial byte B { get => b; set => b = value; }
            public partial bool On { get => on; set => on = value; }
            public partial OnOffAuto Mode { get => mode; set => mode = value; }
            public partial ulong Size { get => size; set => size = value; }
            public partial string? S { get => s; set => s = value; }
            public partial long L { get => l; set => l = value; }
        }
        """);

    [Fact]
    public Task InvalidLinkTarget_Fires() => Verify.VerifyAsync(Usings + """
        public interface IPlain { }
        [QomType("dev")]
        public partial class Dev : QomObject
        {
            [QomLink("a")] public string? {|#0:A|} { get; set; }
            [QomLink("b")] public IPlain? {|QOM0105:B|} { get; set; }
            [QomChild("c")] public IQomInterface? {|QOM0105:C|} { get; set; }
        }
        """,
        Verify.Diagnostic("QOM0105").WithLocation(0).WithArguments("A", "a", "Dev", "string?", "a QOM class or a QOM interface"));

    [Fact]
    public Task InvalidLinkTarget_QomTargets_DoNotFire() => Verify.VerifyAsync(Usings + """
        [QomInterface("iommu")] public interface IIommu : IQomInterface { }
        [QomType("bus")] public partial class Bus : QomObject { }
        [QomType("dev")]
        public partial class Dev : QomObject
        {
            [QomLink("iommu")] public IIommu? Iommu { get; set; }
            [QomLink("bus")] public Bus? ParentBus { get; set; }
            [QomLink("any")] public QomObject? Any { get; set; }
            [QomChild("child-bus")] public Bus? ChildBus { get; set; }
        }
        """);

    [Fact]
    public Task PropertyShape_Fires() => Verify.VerifyAsync(Usings + """
        public partial class NotQom
        {
            [QomProperty("x")] public int {|QOM0106:X|} { get; set; }
        }
        [QomType("dev")]
        public partial class Dev : QomObject
        {
            private int getOnly; private long notUlong; private int init;
            [QomProperty("get-only")] public partial int {|QOM0106:GetOnly|} { get; }
            [QomProperty("not-ulong", Size = true)] public partial long {|QOM0106:NotUlong|} { get; set; }
            [QomProperty("init")] public partial int {|QOM0106:Init|} { get; init; }
            [QomProperty("shared")] public static int {|QOM0106:Shared|} { get; set; }
            [QomProperty("both"), QomLink("both-link")] public QomObject? {|QOM0106:Both|} { get; set; }
            [QomLink("getter-only")] public QomObject? {|QOM0106:GetterOnly|} => null;
            [QomLink("getter-only-strong", ReadOnly = true)] public QomObject? {|QOM0106:GetterOnlyStrong|} => null;
            [QomLink("getter-only-writable", Strong = false)] public QomObject? {|QOM0106:GetterOnlyWritable|} => null;

            public partial int GetOnly { get => getOnly; }
            public partial long NotUlong { get => notUlong; set => notUlong = value; }
            public partial int Init { get => init; init => this.init = value; }
        }
        """);

    [Fact]
    public Task PropertyShape_RightShapes_DoNotFire() => Verify.VerifyAsync(Usings + """
        [QomType("dev")]
        public partial class Dev : QomObject
        {
            private int x;
            [QomProperty("x")] public partial int X { get; set; }
            [QomProperty("read-only")] public int ReadOnly => 1;
            [QomProperty("size", Size = true)] public ulong Size { get; set; }
            [QomLink("parent", ReadOnly = true, Strong = false)] public QomObject? Parent2 => null;

            public partial int X { get => x; set => x = value; }
        }
        """);
}
