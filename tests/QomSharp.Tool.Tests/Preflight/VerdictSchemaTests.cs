using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace QomSharp.Tool.Tests.Preflight;

/// <summary>Every form of the JSON verdict validates against docs/preflight-verdict.schema.json (with a real JSON Schema validator).</summary>
public sealed class VerdictSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(RepositoryFiles.PathOf("docs/preflight-verdict.schema.json")));

    public static TheoryData<string[]> Runs => new()
    {
        { ["-machine", "q35", "-device", "intel-iommu,caching-mode=on", "-device", "vfio-pci,host=98:00.0,id=gpu"] },
        { ["-machine", "q35", "-device", "intel-iommu", "-device", "vfio-pci,host=31:00.0", "-device", "vfio-pci,host=31:00.1,id=nic1", "-enable-kvm", "-m", "8G"] },
        { ["-machine", "q35", "-device", "ioh3420,id=rp,chassis=1", "-device", "vfio-pci,host=98:00.0,bus=rp"] },
        { ["-machine", "q35", "-device", "intel-iommu,aw-bits=40", "-device", "vfio-pci,host=5e:00.0"] },
        { ["-object", "iommufd,id=fd0", "-device", "vfio-pci,host=02:00.0,iommufd=fd0"] },
        { ["-m", "foo"] },
        { ["-domain-xml", RepositoryFiles.PathOf("samples/domains/gpu-nic-passthrough.xml")] },
        { ["-host", RepositoryFiles.PathOf("samples/hosts"), "-machine", "q35", "-device", "intel-iommu,caching-mode=on", "-device", "vfio-pci,host=01:00.0"] },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void TheVerdictIsValid(string[] args)
    {
        var run = ToolRun.Of(["-preflight", "-verdict", "json", .. args]);
        using var document = JsonDocument.Parse(run.Output);
        var result = Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, run.Output);
    }

    [Fact]
    public void TheSchemaRefusesAVerdictOutsideIt()
    {
        var run = ToolRun.Of("-preflight", "-verdict", "json", "-machine", "q35", "-device", "vfio-pci,host=98:00.0,id=gpu");
        var verdict = JsonNode.Parse(run.Output)!.AsObject();
        Assert.True(Valid(verdict));

        var unknownVerdict = verdict.DeepClone().AsObject();
        unknownVerdict["verdict"] = "maybe";
        Assert.False(Valid(unknownVerdict));

        var missingChecks = verdict.DeepClone().AsObject();
        missingChecks["devices"]![0]!.AsObject().Remove("checks");
        Assert.False(Valid(missingChecks));

        var unknownResult = verdict.DeepClone().AsObject();
        unknownResult["devices"]![0]!["checks"]![0]!["result"] = "skipped";
        Assert.False(Valid(unknownResult));
    }

    private static bool Valid(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return Schema.Evaluate(document.RootElement).IsValid;
    }
}
