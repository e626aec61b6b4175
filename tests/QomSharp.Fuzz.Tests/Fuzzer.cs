using System;
using System.Diagnostics;
using System.Threading;
using CsCheck;

namespace QomSharp.Fuzz.Tests;

/// <summary>
/// Feeds a target generated inputs through CsCheck (fixed seed, one thread), counting accepted
/// inputs, clean errors and crashes; a watchdog reports a hang when one input runs past a deadline.
/// Each distinct crash is then shrunk by CsCheck to a small input that still crashes the same way.
/// </summary>
internal static class Fuzzer
{
    /// <summary>How long one input may run before it counts as a hang.</summary>
    public static readonly TimeSpan HangDeadline = TimeSpan.FromSeconds(20);

    public static FuzzReport Run(FuzzTarget target, long count, string seed)
    {
        var report = new FuzzReport(target.Name);
        long progress = 0;
        string current = string.Empty;
        var clock = Stopwatch.StartNew();
        var worker = new Thread(() =>
        {
            // The inputs come from one generator seeded once, so a run with a given seed always
            // draws the same inputs (CsCheck's own seed fixes only the first sample).
            var feed = target.Start();
            var random = PCG.Parse(seed);
            for (long i = 0; i < count; i++)
            {
                string input = target.Inputs.Generate(random, null, out _);
                Volatile.Write(ref current, input);
                Feed(feed, input, report);
                Interlocked.Increment(ref progress);
            }
        }, 64 << 20) { IsBackground = true, Name = "fuzz " + target.Name };
        worker.Start();

        long seen = -1;
        var lastMove = Stopwatch.StartNew();
        while (!worker.Join(TimeSpan.FromMilliseconds(200)))
        {
            long now = Interlocked.Read(ref progress);
            if (now != seen)
            {
                seen = now;
                lastMove.Restart();
            }
            else if (lastMove.Elapsed > HangDeadline)
            {
                // The stuck thread is left behind (it is a background thread); the run stops here.
                report.Hangs++;
                report.HangInput = Volatile.Read(ref current);
                break;
            }
        }

        report.Elapsed = clock.Elapsed;
        Shrink(target, report, seed);
        return report;
    }

    private static void Feed(Func<string, bool> feed, string input, FuzzReport report)
    {
        report.Inputs++;
        try
        {
            if (feed(input))
            {
                report.Accepted++;
            }
            else
            {
                report.CleanErrors++;
            }
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            report.Crash(failure, input);
        }
    }

    // CsCheck looks for smaller inputs that fail the same way; the smallest one it meets is kept.
    private static void Shrink(FuzzTarget target, FuzzReport report, string seed)
    {
        foreach (string signature in new System.Collections.Generic.List<string>(report.CrashInputs.Keys))
        {
            var feed = target.Start();
            try
            {
                Check.Sample(target.Inputs, input =>
                {
                    try
                    {
                        feed(input);
                    }
                    catch (Exception failure) when (FuzzReport.Signature(failure) == signature)
                    {
                        if (input.Length < report.CrashInputs[signature].Length)
                        {
                            report.CrashInputs[signature] = input;
                        }

                        throw;
                    }
                    catch (Exception)
                    {
                        // Another crash: not the one being shrunk.
                    }
                }, seed: seed, iter: 100_000, threads: 1, time: 60);
            }
            catch (CsCheckException)
            {
                // Expected: CsCheck found (and shrank) the crash.
            }
        }
    }
}
