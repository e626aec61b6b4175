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
