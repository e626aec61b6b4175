using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using QomSharp.Benchmarks.Universe;
using QomSharp.Benchmarks.Universe.Naive;

namespace QomSharp.Benchmarks;

/// <summary>
/// W1-W7 and W9 of WORKLOAD.md, one category each; the naive reflection baseline is each
/// category's baseline, so BenchmarkDotNet's Ratio column is QomSharp / naive.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class Workload : Inputs
{
    private QomContext qom = null!;
    private QomObject qomLeaf = null!;
    private NaiveRegistry naive = null!;
    private object naiveLeaf = null!;

    [GlobalSetup]
    public void Setup()
    {
        qom = Universes.CreateQomSharp();
        qomLeaf = qom.New(LeafName);
        naive = Universes.CreateNaive();
        naiveLeaf = naive.Create(LeafName);
    }

    [GlobalCleanup]
    public void Cleanup() => qomLeaf.Unref();

    [Benchmark(Baseline = true), BenchmarkCategory("W1")]
    public object W1_Naive() => naive.Create(LeafName);

    [Benchmark, BenchmarkCategory("W1")]
    public object W1_QomSharp()
    {
        var obj = qom.New(LeafName);
        obj.Unref();
        return obj;
    }

    // Supplementary (not part of W1): the allocation alone of each side's bench-leaf object, with no
    // look-up, init or destroy: the floor under W1 that the object's size sets on this machine.
    [Benchmark, BenchmarkCategory("W1")]
    public object W1_NaiveAllocationFloor() => new NaiveBenchLeaf();

    [Benchmark, BenchmarkCategory("W1")]
    public object W1_QomSharpAllocationFloor() => new BenchLeaf();

    [Benchmark(Baseline = true), BenchmarkCategory("W2")]
    public object? W2_Naive() => naive.Lookup(LeafName);

    [Benchmark, BenchmarkCategory("W2")]
    public object? W2_QomSharp() => qom.FindClass(LeafName);

    [Benchmark(Baseline = true), BenchmarkCategory("W3")]
    public object? W3_Naive() => naive.DynamicCast(naiveLeaf, DeviceName);

    [Benchmark, BenchmarkCategory("W3")]
    public object? W3_QomSharp() => qomLeaf.DynamicCast(DeviceName);

    [Benchmark(Baseline = true), BenchmarkCategory("W4")]
    public object? W4_Naive() => naive.DynamicCast(naiveLeaf, FillerName);

    [Benchmark, BenchmarkCategory("W4")]
    public object? W4_QomSharp() => qomLeaf.DynamicCast(FillerName);

    [Benchmark(Baseline = true), BenchmarkCategory("W5")]
    public object? W5_Naive() => naive.DynamicCast(naiveLeaf, IfaceName);

    [Benchmark, BenchmarkCategory("W5")]
    public object? W5_QomSharp() => qomLeaf.DynamicCast(IfaceName);

    [Benchmark(Baseline = true), BenchmarkCategory("W6")]
    public void W6_Naive() => naive.SetProperty(naiveLeaf, AwBitsName, AwBitsValue);

    [Benchmark, BenchmarkCategory("W6")]
    public void W6_QomSharp() => qomLeaf.ParseProperty(AwBitsName, AwBitsValue);

    [Benchmark(Baseline = true), BenchmarkCategory("W7")]
    public long W7_Naive() => naive.GetIntProperty(naiveLeaf, AwBitsName);

    [Benchmark, BenchmarkCategory("W7")]
    public long W7_QomSharp() => qomLeaf.GetPropertyInt(AwBitsName);

    [Benchmark(Baseline = true), BenchmarkCategory("W9")]
    public object W9_Naive() => naive.CreateFromOptions(DeviceOptions);

    [Benchmark, BenchmarkCategory("W9")]
    public object W9_QomSharp() => DeviceString.CreateAndDestroy(qom, DeviceOptions);
}
