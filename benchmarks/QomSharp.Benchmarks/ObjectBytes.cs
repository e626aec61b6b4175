using System;
using QomSharp.Benchmarks.Universe;
using QomSharp.Benchmarks.Universe.Naive;

namespace QomSharp.Benchmarks;

/// <summary>
/// W1 in bytes, which do not depend on the machine's load: the size of each side's bench-leaf
/// object (the allocation alone), and what one create + destroy allocates in all.
/// </summary>
public static class ObjectBytes
{
    private const int Rounds = 10_000;

    /// <summary>Prints the bytes per object and per W1 operation of both sides.</summary>
    public static void Print()
    {
        var qom = Universes.CreateQomSharp();
        var naive = Universes.CreateNaive();
        string leaf = "bench-leaf";
        Console.WriteLine($"QomSharp bench-leaf object: {PerRound(() => new BenchLeaf())} B, W1 create + destroy: {PerRound(() => qom.New(leaf).Unref())} B");
        Console.WriteLine($"naive bench-leaf object: {PerRound(() => new NaiveBenchLeaf())} B, W1 create: {PerRound(() => naive.Create(leaf))} B");
    }

    private static long PerRound(Action action)
    {
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Rounds; i++)
        {
            action();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / Rounds;
    }
}
