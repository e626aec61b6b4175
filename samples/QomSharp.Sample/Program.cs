using System;
using QomSharp;
using QomSharp.Sample;

// Everything below is found by its QOM name at run time; no reflection is involved.
var context = QomContext.Default;
var iommu = context.New("sample-iommu");
iommu.ParseProperty("aw-bits", "48");
iommu.ParseProperty("mode", "scalable");
context.GetRootContainer("objects").AddChild("iommu0", iommu);
iommu.Unref();

var peer = Qom.New<SampleIommu>();
context.GetRootContainer("objects").AddChild("iommu1", peer);
peer.Unref();
peer.SetPropertyLink("peer", iommu);

Console.WriteLine($"{iommu.CanonicalPath} is-a sample-base: {iommu.IsA("sample-base")}, leveled: {iommu.DynamicCast("sample-leveled") is ILeveled}");
foreach (var property in iommu.GetProperties())
{
    Console.WriteLine($"  {property.Name} ({property.Type}) = {(property.CanRead ? iommu.GetPropertyValue(property.Name)?.ToJsonString() : "<write-only>")}");
}

Console.WriteLine($"/objects/iommu1 peer -> {context.ResolvePath("iommu1")!.GetPropertyString("peer")}");
try
{
    iommu.ParseProperty("aw-bits", "300");
}
catch (QomException error)
{
    Console.WriteLine($"error: {error.Message}");
}

return 0;
