using System.IO;

namespace QomSharp.Tool.Tests.Preflight;

/// <summary>Malformed input to the preflight mode ends as an error or a verdict, never as a failure of the tool itself.</summary>
public sealed class PreflightRobustnessTests
{
    public static TheoryData<string[], string> Inputs => new()
    {
        { ["-device", """{"driver":1}"""], string.Empty },
        { ["-device", "{}"], string.Empty },
        { ["-device", """{"driver":"vfio-pci","host":5}"""], string.Empty },
        { ["-device", """{"driver":"vfio-pci","bus":[]}"""], string.Empty },
        { ["-device", "vfio-pci,host=zz"], string.Empty },
        { ["-device", "vfio-pci,sysfsdev=/"], string.Empty },
        { ["-device", "vfio-pci,host=98:00.0,bus="], string.Empty },
        { ["-machine", ","], string.Empty },
        { ["-machine", "q35,kernel_irqchip=split", "-machine", "kernel_irqchip.x=1"], string.Empty },
        { ["-global", "x"], string.Empty },
        { ["-object", """{"qom-type":5}"""], string.Empty },
        { ["-object", "{"], string.Empty },
        { ["-netdev", """{"type":"""], string.Empty },
        { ["-drive", "file=a,,"], string.Empty },
        { ["-domain-xml", "-"], "<domain><devices><hostdev mode='subsystem' type='pci'><source/></hostdev></devices></domain>" },
        { ["-domain-xml", "-"], "<domain><devices><controller type='pci' index='x'/></devices></domain>" },
        { ["-domain-xml", "-"], "<domain><devices><iommu model='intel'><driver aw_bits='99999999999'/></iommu></devices></domain>" },
        { ["-domain-xml", "-"], "<domain><devices><iommu model='intel'><driver caching_mode='yes'/></iommu></devices></domain>" },
        { ["-domain-xml", "-"], "<domain><os><type machine=''/></os></domain>" },
        { ["-domain-xml", "/"], string.Empty },
        { ["-domain-xml", "/nonexistent.xml"], string.Empty },
        { ["-verdict", "yaml"], string.Empty },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void ItEndsAsAnErrorOrAVerdict(string[] args, string input)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var tool = new QomSharpTool(new StringReader(input), output, error);
        int code = tool.Run(["-preflight", .. args], new QomContext());
        Assert.Null(tool.UnexpectedFailure);
        Assert.InRange(code, 0, 2);
        Assert.DoesNotContain("internal error", error.ToString());
        Assert.True(output.ToString().Length > 0 || error.ToString().StartsWith("qomsharp: ", System.StringComparison.Ordinal), error.ToString());
    }
}
