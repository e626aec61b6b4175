using System;
using QomSharp.Benchmarks.Universe;
using QomSharp.Benchmarks.Universe.Naive;

namespace QomSharp.Benchmarks;

/// <summary>
/// Before measuring, checks that both implementations do what WORKLOAD.md says: defaults after
/// creation, instance-init fields, cast results, the property round trip, parse errors, W9's result.
/// </summary>
public static class SelfCheck
{
    public static void Run()
    {
        var qom = Universes.CreateQomSharp();
        var leaf = (BenchLeaf)qom.New("bench-leaf");
        Require(!leaf.CachingMode && leaf.Intremap && leaf.AwBits == 39 && leaf.NumQueues == 4 && leaf.BusNr == -1
            && leaf.DmaLimit == ulong.MaxValue && leaf.Name is null && leaf.Mode == BenchMode.Legacy, "QomSharp defaults");
        Require(!leaf.IsRealized && leaf.IsHotpluggable && !leaf.IsHotplugged && leaf.Id is null && leaf.Devfn == -1, "QomSharp instance init");
        QomObject untyped = leaf; // as the workload does: the static type says nothing about the target
        Require(untyped.DynamicCast("device") == leaf && untyped.DynamicCast("filler-100") is null && untyped.DynamicCast("bench-iface") == leaf, "QomSharp casts");
        leaf.ParseProperty("aw-bits", "48");
        Require(leaf.GetPropertyInt("aw-bits") == 48, "QomSharp W6/W7 round trip");
        Require(Throws(() => leaf.ParseProperty("aw-bits", "256")) && Throws(() => leaf.ParseProperty("intremap", "maybe")), "QomSharp rejects bad input");
        var created = (BenchLeaf)DeviceString.CreateAndDestroy(qom, "bench-leaf,aw-bits=48,caching-mode=on,name=x");
        Require(created.AwBits == 48 && created.CachingMode && created.Name == "x" && created.IsFinalized, "QomSharp W9");
        leaf.Unref();
        Require(leaf.IsFinalized, "QomSharp W1 destroy");

        var naive = Universes.CreateNaive();
        var naiveLeaf = (NaiveBenchLeaf)naive.Create("bench-leaf");
        Require(naiveLeaf.AwBits == 39 && naiveLeaf.Intremap && naiveLeaf.DmaLimit == ulong.MaxValue && naiveLeaf.Devfn == -1 && naiveLeaf.Hotpluggable, "naive defaults");
        Require(naive.DynamicCast(naiveLeaf, "device") == naiveLeaf && naive.DynamicCast(naiveLeaf, "filler-100") is null
            && naive.DynamicCast(naiveLeaf, "bench-iface") == naiveLeaf, "naive casts");
        naive.SetProperty(naiveLeaf, "aw-bits", "48");
        Require(naive.GetIntProperty(naiveLeaf, "aw-bits") == 48, "naive round trip");
        Require(Throws(() => naive.SetProperty(naiveLeaf, "aw-bits", "256")), "naive rejects bad input");
        var naiveCreated = (NaiveBenchLeaf)naive.CreateFromOptions("bench-leaf,aw-bits=48,caching-mode=on,name=x");
        Require(naiveCreated.AwBits == 48 && naiveCreated.CachingMode && naiveCreated.Name == "x", "naive W9");
    }

    private static bool Throws(Action action)
    {
        try
        {
            action();
            return false;
        }
        catch (Exception)
        {
            return true;
        }
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"self-check failed: {what}");
        }
    }
}
