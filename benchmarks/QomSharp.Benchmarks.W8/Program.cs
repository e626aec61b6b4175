using System;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using QomSharp;
using QomSharp.Benchmarks.Universe;
using QomSharp.Generated;

// W8, QomSharp: in a process that has done only the workload's setup, register a module of 2,000
// types (QomModules.Add of the generated module, as the module initializer of an assembly without
// [assembly: QomExplicitRegistration] does), then build each class by looking it up once. Loading
// the assembly (and making its module object) is not timed. The same program runs as built (JIT),
// published with ReadyToRun and published with NativeAOT. Prints the µs; with --detail, also what
// the run allocated and compiled and how many pages the process touched for the first time
// (figures that do not depend on the machine's load; the page count is read with getrusage, which
// allocates nothing, so the reads add no page of their own).
const int Count = 2000;
bool detail = args.Length > 0 && args[0] == "--detail";
bool warm = args.Length > 0 && args[0] == "--warm";
bool firstCalls = args.Length > 0 && args[0] == "--first-calls";

// With --first-calls only: the runtime's events for code and types used for the first time.
using var listener = firstCalls ? new FirstUseListener() : null;

var names = new string[Count];
for (int i = 0; i < Count; i++)
{
    names[i] = "dyn-" + i.ToString("D4", CultureInfo.InvariantCulture);
}

// The workload's universe (its module and the runtime's), as the other workloads set it up.
QomModules.Add(QomModule_QomSharp_Benchmarks_Universe.Instance);
var context = new QomContext();
if (context.FindType(BenchLeaf.QomTypeName) is null || context.FindType("filler-199") is null)
{
    throw new InvalidOperationException("the benchmark universe is not registered");
}

context.New(BenchLeaf.QomTypeName).Unref();

// Loaded, not registered: the assembly says [assembly: QomExplicitRegistration].
var module = QomModule_QomSharp_Benchmarks_DynTypes.Instance;

if (warm)
{
    // Not W8: the same registration and look-ups repeated in fresh contexts of this process, once
    // its code has run and its memory has been touched, so what is left is the work itself (the
    // fastest of 200 rounds, in ns per class).
    double best = double.MaxValue;
    for (int round = 0; round < 200; round++)
    {
        var fresh = new QomContext();
        long t0 = Stopwatch.GetTimestamp();
        fresh.RegisterModule(module);
        foreach (var name in names)
        {
            if (fresh.FindClass(name) is null)
            {
                throw new InvalidOperationException($"{name} was not registered");
            }
        }

        best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalNanoseconds / Count);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm: {best:F0} ns per class (register + look-up, fastest of 200 rounds in fresh contexts)"));
    return;
}

// The CPU clock's first call (its P/Invoke stub made) before the window, so the window's page count has none of it.
long cpuStart = detail ? ThreadCpuNanoseconds() : 0;
long faults = MinorFaults();
cpuStart = detail ? ThreadCpuNanoseconds() : 0;
int collections = GC.CollectionCount(0);
long compiled = JitInfo.GetCompiledMethodCount(currentThread: true);
long allocated = GC.GetAllocatedBytesForCurrentThread();
if (listener is not null)
{
    Stopwatch.GetTimestamp(); // its type loaded before the marker: it is not the window's
    FirstUseListener.WindowStarts();
}

long start = Stopwatch.GetTimestamp();
QomModules.Add(module);
long registered = Stopwatch.GetTimestamp();
long registerBytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
// With --detail only (it reads a file inside the window): the pages registering touched.
long registerFaults = detail ? MinorFaults() - faults : 0;
long probeBytes = GC.GetAllocatedBytesForCurrentThread() - allocated - registerBytes;
foreach (var name in names)
{
    if (context.FindClass(name) is null)
    {
        throw new InvalidOperationException($"{name} was not registered");
    }
}

long end = Stopwatch.GetTimestamp();
if (listener is not null)
{
    FirstUseListener.WindowEnds();
    listener.Report(Console.Out, verbose: args.Length > 1 && args[1] == "--list");
    return;
}

long cpu = detail ? ThreadCpuNanoseconds() - cpuStart : 0;
long lookupBytes = GC.GetAllocatedBytesForCurrentThread() - allocated - registerBytes - probeBytes;
long jitted = JitInfo.GetCompiledMethodCount(currentThread: true) - compiled;
faults = MinorFaults() - faults;
collections = GC.CollectionCount(0) - collections;
double total = Stopwatch.GetElapsedTime(start, end).TotalMicroseconds;
if (!detail)
{
    Console.WriteLine(total.ToString("R", CultureInfo.InvariantCulture));
    return;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"total {total:F0} µs (register {Stopwatch.GetElapsedTime(start, registered).TotalMicroseconds:F0}, look-ups {Stopwatch.GetElapsedTime(registered, end).TotalMicroseconds:F0}); " +
    $"register allocated {registerBytes} B; look-ups allocated {lookupBytes / (double)Count:F0} B per class; methods compiled by the JIT {jitted}; thread CPU {cpu / 1000.0:F0} µs; pages first touched {faults} (registering {registerFaults}); garbage collections {collections}"));

// The process's minor page faults so far (pages it touched for the first time), from getrusage:
// a system call that allocates and touches nothing, so reading it inside the window adds no page
// of its own to the count. -1 where there is none.
static long MinorFaults()
{
    try
    {
        var usage = default(ResourceUsage);
        return ResourceUsage.GetRUsage(0, ref usage) == 0 ? usage.MinorFaults : -1; // RUSAGE_SELF
    }
    catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
    {
        return -1;
    }
}

// The CPU time this thread has run (clock_gettime(CLOCK_THREAD_CPUTIME_ID)), in ns: user and
// system time, page faults included, but not the time other processes held the core, so it
// varies far less than the clock on a shared machine. -1 where there is none.
static long ThreadCpuNanoseconds()
{
    try
    {
        var time = default(TimeSpec);
        return TimeSpec.ClockGetTime(3, ref time) == 0 ? (time.Seconds * 1_000_000_000) + time.Nanoseconds : -1; // CLOCK_THREAD_CPUTIME_ID
    }
    catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
    {
        return -1;
    }
}

[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
internal struct TimeSpec
{
    public long Seconds, Nanoseconds;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    internal static extern int ClockGetTime(int clock, ref TimeSpec time);
}

// struct rusage of 64-bit Linux: two struct timevals, then fourteen longs (ru_minflt the fifth).
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
internal struct ResourceUsage
{
    public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
    public long MaxRss, SharedText, UnsharedData, UnsharedStack, MinorFaults, MajorFaults;
    public long Swaps, BlockIn, BlockOut, MessagesSent, MessagesReceived, Signals, VoluntarySwitches, InvoluntarySwitches;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getrusage")]
    internal static extern int GetRUsage(int who, ref ResourceUsage usage);
}

// --first-calls: what the window ran for the first time in the process, from the runtime's own
// events (an in-process listener, so the run is slower, but the counts do not depend on the
// machine's load): methods whose precompiled (ReadyToRun) code was looked up at their first call,
// methods the JIT compiled, and types loaded. The window is found in the main thread's events
// between the first calls of two marker methods called just before and after it.
internal sealed class FirstUseListener : System.Diagnostics.Tracing.EventListener
{
    private const int R2RGetEntryPoint = 159;
    private const int MethodJittingStarted = 145;
    private const int TypeLoadStop = 74;
    private readonly object gate = new();
    private readonly System.Collections.Generic.List<(int Id, long Thread, string Text)> events = [];
    private bool enabled;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    internal static void WindowStarts()
    {
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    internal static void WindowEnds()
    {
    }

    protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            // 0x10 JIT, 0x2000000000 compilation diagnostics (ReadyToRun entry points), 0x8000000000 type diagnostics.
            EnableEvents(eventSource, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0xA000000010);
            enabled = true;
        }
    }

    protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
    {
        if (e.EventId is not (R2RGetEntryPoint or MethodJittingStarted or TypeLoadStop) || e.Payload is null || e.PayloadNames is null)
        {
            return;
        }

        string Field(string name) => e.PayloadNames.IndexOf(name) is >= 0 and var at ? e.Payload[at]?.ToString() ?? "" : "";
        string text = e.EventId == TypeLoadStop ? Field("TypeName") : $"{Field("MethodNamespace")}::{Field("MethodName")}";
        lock (gate)
        {
            events.Add((e.EventId, e.OSThreadId, text));
        }
    }

    internal void Report(System.IO.TextWriter output, bool verbose)
    {
        if (!enabled)
        {
            output.WriteLine("the runtime's event source is not available");
            return;
        }

        // Events reach the listener from the runtime's dispatch thread, after a delay.
        var waited = Stopwatch.StartNew();
        int startAt = -1, endAt = -1;
        while (waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            lock (gate)
            {
                startAt = events.FindIndex(e => e.Text.EndsWith("::WindowStarts", StringComparison.Ordinal));
                endAt = events.FindIndex(e => e.Text.EndsWith("::WindowEnds", StringComparison.Ordinal));
            }

            if (startAt >= 0 && endAt > startAt)
            {
                break;
            }

            System.Threading.Thread.Sleep(50);
        }

        if (startAt < 0 || endAt < startAt)
        {
            output.WriteLine("the window's marker events did not arrive (is this a ReadyToRun or JIT build?)");
            return;
        }

        int entries = 0, jitted = 0, types = 0;
        lock (gate)
        {
            long thread = events[startAt].Thread;
            for (int i = startAt + 1; i < endAt; i++)
            {
                var (id, onThread, text) = events[i];
                if (onThread != thread)
                {
                    continue;
                }

                string kind = id switch { R2RGetEntryPoint => "precompiled", MethodJittingStarted => "jitted", _ => "type" };
                _ = id switch { R2RGetEntryPoint => entries++, MethodJittingStarted => jitted++, _ => types++ };
                if (verbose)
                {
                    output.WriteLine($"  {kind,-11} {text}");
                }
            }
        }

        output.WriteLine($"in the window: precompiled methods first called {entries}; methods compiled by the JIT {jitted}; types loaded {types}");
    }
}
