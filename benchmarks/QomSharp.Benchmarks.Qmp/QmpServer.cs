using System;
using System.Diagnostics;
using System.IO;

namespace QomSharp.Benchmarks.Qmp;

/// <summary>
/// A QMP server in a child process (<c>-machine q35 -nodefaults -display none -S -qmp stdio</c>),
/// past capability negotiation. One request is one line written and one reply line read; the
/// machine is stopped (<c>-S</c>), so no event interleaves with the replies.
/// </summary>
public sealed class QmpServer : IDisposable
{
    private readonly Process process;
    private readonly StreamWriter input;
    private readonly StreamReader output;

    /// <summary>Starts <paramref name="executable"/> and negotiates capabilities.</summary>
    public QmpServer(string executable)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        foreach (var argument in "-machine q35 -nodefaults -display none -S -qmp stdio".Split(' '))
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
        input = process.StandardInput;
        input.AutoFlush = true;
        input.NewLine = "\n";
        output = process.StandardOutput;
        string greeting = ReadLine();
        if (!greeting.StartsWith("{\"QMP\"", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{executable}: no QMP greeting: {greeting}");
        }

        Request("{\"execute\":\"qmp_capabilities\"}");
    }

    /// <summary>Sends one request and returns its reply, which must be a success.</summary>
    public string Request(string request)
    {
        input.WriteLine(request);
        string reply = ReadLine();
        if (!reply.StartsWith("{\"return\"", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"request {request} failed: {reply}");
        }

        return reply;
    }

    private string ReadLine() => output.ReadLine() ?? throw new EndOfStreamException("the QMP server closed its output");

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            input.WriteLine("{\"execute\":\"quit\"}");
            process.WaitForExit(5000);
        }
        catch (IOException)
        {
            // Already gone.
        }

        if (!process.HasExited)
        {
            process.Kill();
        }

        process.Dispose();
    }
}
