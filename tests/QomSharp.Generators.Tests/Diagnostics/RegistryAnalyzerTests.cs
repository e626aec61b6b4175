using System.Threading.Tasks;
using Verify = QomSharp.Generators.Tests.Diagnostics.AnalyzerVerifier<QomSharp.Generators.Analyzers.QomRegistryAnalyzer>;

namespace QomSharp.Generators.Tests.Diagnostics;

/// <summary>QOM0004: duplicate QOM type names in the compilation, against referenced QOM modules and built-ins.</summary>
public sealed class RegistryAnalyzerTests
{
    [Fact]
    public Task DuplicateInCompilation_Fires_OnSecond() => Verify.VerifyAsync("""
        using QomSharp;
        [QomType("pci-device")] public partial class First : QomObject { }
        [QomType({|#0:"pci-device"|})] public partial class Second : QomObject { }
        [QomInterface({|QOM0004:"pci-device"|})] public interface IThird : IQomInterface { }
        """,
        Verify.Diagnostic("QOM0004").WithLocation(0).WithArguments("Second", "pci-device", "First"));

    [Fact]
    public Task DuplicateOfBuiltIn_Fires() => Verify.VerifyAsync("""
        using QomSharp;
        [QomType({|#0:"container"|})] public partial class MyContainer : QomObject { }
        """,
        Verify.Diagnostic("QOM0004").WithLocation(0).WithArguments("MyContainer", "container", "QomSharp.QomContainer (QomSharp.Runtime)"));

    [Fact]
    public Task DuplicateOfReferencedModule_Fires() => Verify.VerifyAsync("""
        using QomSharp;
        [QomType({|#0:"dup-name"|})] public partial class Mine : QomObject { }
        [QomType({|QOM0004:"remote-iface"|})] public partial class Other : QomObject { }
        """,
        [ReferencedQomAssembly.WithDuplicateName()],
        Verify.Diagnostic("QOM0004").WithLocation(0).WithArguments("Mine", "dup-name", "Other.Devices.Dup (Other.Devices)"));

    [Fact]
    public Task DistinctNames_DoNotFire() => Verify.VerifyAsync("""
        using QomSharp;
        [QomType("pci-device")] public partial class First : QomObject { }
        [QomType("pci-bridge")] public partial class Second : First { }
        [QomInterface("test-hotplug-handler")] public interface IHotplug : IQomInterface { }
        """,
        [ReferencedQomAssembly.WithDuplicateName()]);

    [Fact]
    public Task ReferenceWithoutQomModule_IsNotWalked_DoesNotFire() => Verify.VerifyAsync("""
        using QomSharp;
        [QomType("dup-name")] public partial class Mine : QomObject { }
        """,
        [ReferencedQomAssembly.WithoutModuleAttribute()]);
}
