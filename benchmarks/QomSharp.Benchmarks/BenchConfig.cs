using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;
using Perfolizer.Mathematics.OutlierDetection;

namespace QomSharp.Benchmarks;

/// <summary>
/// One job as the anchors measure: 1 launch, 4 warm-up and 15 measured iterations of ~200 ms,
/// no outlier removal, allocations reported. <c>--quick</c> is a smoke run whose figures are not for use.
/// </summary>
public static class BenchConfig
{
    public static IConfig Create(bool quick)
    {
        var job = Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(quick ? 1 : 4)
            .WithIterationCount(quick ? 3 : 15)
            .WithIterationTime(TimeInterval.FromMilliseconds(quick ? 50 : 200))
            .WithOutlierMode(OutlierMode.DontRemove);
        return ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.JoinSummary);
    }
}
