using QomSharp.Benchmarks.Universe;
using QomSharp.Benchmarks.Universe.Naive;

namespace QomSharp.Benchmarks;

/// <summary>Sets up WORKLOAD.md §1 for each implementation: every type registered, bench-leaf's class initialised.</summary>
public static class Universes
{
    /// <summary>Types of the universe: object, device, pci-device, bench-iface, bench-leaf, 200 fillers.</summary>
    public const int WorkloadTypes = 205;

    public static QomContext CreateQomSharp()
    {
        var context = new QomContext();
        if (context.FindType(BenchLeaf.QomTypeName) is null || context.FindType("filler-199") is null)
        {
            throw new System.InvalidOperationException("the benchmark universe is not registered");
        }

        context.New(BenchLeaf.QomTypeName).Unref();
        return context;
    }

    public static NaiveRegistry CreateNaive()
    {
        var registry = NaiveRegistry.Scan(typeof(NaiveBenchLeaf).Assembly);
        if (registry.Count != WorkloadTypes)
        {
            throw new System.InvalidOperationException($"naive universe has {registry.Count} types, expected {WorkloadTypes}");
        }

        _ = registry.Create("bench-leaf");
        return registry;
    }
}
