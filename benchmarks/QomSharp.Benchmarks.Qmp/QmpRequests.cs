using System;
using BenchmarkDotNet.Attributes;

namespace QomSharp.Benchmarks.Qmp;

/// <summary>
/// Round trips to a QMP server: a trivial command, a property read, and a listing. The server is
/// the executable named by the environment variable of <see cref="Server"/>.
/// </summary>
[MemoryDiagnoser(false)]
public class QmpRequests
{
    /// <summary>Environment variable naming the qomsharp executable.</summary>
    public const string QomSharpVariable = "QOMSHARP_TOOL";

    /// <summary>Environment variable naming the QEMU executable.</summary>
    public const string QemuVariable = "QEMU";

    private QmpServer? server;

    /// <summary>Which server: <c>qomsharp</c> or <c>qemu-10.0</c>.</summary>
    [Params("qomsharp", "qemu-10.0")]
    public string Server { get; set; } = "qomsharp";

    /// <summary>Starts the server.</summary>
    [GlobalSetup]
    public void Start()
    {
        string variable = Server == "qomsharp" ? QomSharpVariable : QemuVariable;
        string executable = Environment.GetEnvironmentVariable(variable)
            ?? throw new InvalidOperationException($"{variable} is not set");
        server = new QmpServer(executable);
    }

    /// <summary>Quits the server.</summary>
    [GlobalCleanup]
    public void Stop() => server?.Dispose();

    /// <summary><c>query-status</c>: the cost of one round trip.</summary>
    [Benchmark]
    public string QueryStatus() => server!.Request("{\"execute\":\"query-status\"}");

    /// <summary><c>qom-get</c> of the machine's <c>type</c>: path resolution and one property.</summary>
    [Benchmark]
    public string QomGet() => server!.Request("{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"/machine\",\"property\":\"type\"}}");

    /// <summary><c>qom-list</c> of the machine: every property with its type.</summary>
    [Benchmark]
    public string QomList() => server!.Request("{\"execute\":\"qom-list\",\"arguments\":{\"path\":\"/machine\"}}");
}
