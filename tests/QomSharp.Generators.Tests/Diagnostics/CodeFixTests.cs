using System.Threading.Tasks;
using QomSharp.Generators.Analyzers;
using QomSharp.Generators.CodeFixes;

namespace QomSharp.Generators.Tests.Diagnostics;

/// <summary>Before/after for "Add partial" (QOM0001) and the Abstract flag fixes (QOM0005).</summary>
public sealed class CodeFixTests
{
    [Fact]
    public Task AddPartial_OnClassAndContainingTypes() =>
        CodeFixVerifier<QomDeclarationAnalyzer, AddPartialCodeFixProvider>.VerifyAsync("""
            using QomSharp;
            namespace Devices
            {
                public static class Outer
                {
                    [QomType("inner-device")]
                    public sealed class {|QOM0001:Inner|} : QomObject { }
                }
            }
            """, """
            using QomSharp;
            namespace Devices
            {
                public static partial class Outer
                {
                    [QomType("inner-device")]
                    public sealed partial class Inner : QomObject { }
                }
            }
            """);

    [Fact]
    public Task AddPartial_WithoutModifiers() =>
        CodeFixVerifier<QomDeclarationAnalyzer, AddPartialCodeFixProvider>.VerifyAsync("""
            using QomSharp;
            [QomType("dev")]
            class {|QOM0001:Dev|} : QomObject { }
            """, """
            using QomSharp;
            [QomType("dev")]
            partial class Dev : QomObject { }
            """);

    private const string FlaggedConcrete = """
        using QomSharp;
        [QomType("flagged", Abstract = true)]
        public sealed partial class {|QOM0005:Flagged|} : QomObject { }
        """;

    [Fact]
    public Task AbstractTrueOnConcreteClass_MakeClassAbstract() =>
        CodeFixVerifier<QomDeclarationAnalyzer, FixAbstractFlagCodeFixProvider>.VerifyAsync(FlaggedConcrete, """
            using QomSharp;
            [QomType("flagged", Abstract = true)]
            public abstract partial class Flagged : QomObject { }
            """, 0, FixAbstractFlagCodeFixProvider.MakeClassAbstractKey);

    [Fact]
    public Task AbstractTrueOnConcreteClass_RemoveFlag() =>
        CodeFixVerifier<QomDeclarationAnalyzer, FixAbstractFlagCodeFixProvider>.VerifyAsync(FlaggedConcrete, """
            using QomSharp;
            [QomType("flagged")]
            public sealed partial class Flagged : QomObject { }
            """, 1, FixAbstractFlagCodeFixProvider.RemoveAbstractFlagKey);

    private const string UnflaggedAbstract = """
        using QomSharp;
        [QomType("unflagged", Abstract = false)]
        public abstract partial class {|QOM0005:Unflagged|} : QomObject { }
        """;

    [Fact]
    public Task AbstractFalseOnAbstractClass_SetTrue() =>
        CodeFixVerifier<QomDeclarationAnalyzer, FixAbstractFlagCodeFixProvider>.VerifyAsync(UnflaggedAbstract, """
            using QomSharp;
            [QomType("unflagged", Abstract = true)]
            public abstract partial class Unflagged : QomObject { }
            """, 0, FixAbstractFlagCodeFixProvider.SetAbstractTrueKey);

    [Fact]
    public Task AbstractFalseOnAbstractClass_RemoveFlag() =>
        CodeFixVerifier<QomDeclarationAnalyzer, FixAbstractFlagCodeFixProvider>.VerifyAsync(UnflaggedAbstract, """
            using QomSharp;
            [QomType("unflagged")]
            public abstract partial class Unflagged : QomObject { }
            """, 1, FixAbstractFlagCodeFixProvider.RemoveAbstractFlagKey);
}
