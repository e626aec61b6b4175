using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace QomSharp.Tool.Tests;

/// <summary>QMP over a real Unix socket, and the tool as a real process (stdout, stderr, exit code).</summary>
public class SocketAndProcessTests
{
    [Fact]
    public async Task QmpOverUnixSocketSurvivesADisconnectedClient()
    {
        string path = Path.Combine(Path.GetTempPath(), $"qomsharp-{Guid.NewGuid():N}.sock");
        var run = ToolRun.Of("-machine", "test-board", "-device", "test-bridge,id=br0");
        var server = Task.Run(() =>
        {
            using var qmp = new Qmp.QmpSocketServer(run.Context, path);
            qmp.ServeUntilQuit();
        });

        // First client: sends half a command and disappears.
        using (var first = await Connect(path))
        {
            var stream = new NetworkStream(first);
            await ReadLine(stream);
            await stream.WriteAsync(Encoding.UTF8.GetBytes("{\"execute\": \"qmp_capa"));
        }

        // Second client: a full session: list types, add and delete a device, quit.
        using var second = await Connect(path);
        var io = new NetworkStream(second);
        Assert.Contains("\"QMP\"", await ReadLine(io));
        Assert.Equal("{\"return\": {}}", await Send(io, "{\"execute\": \"qmp_capabilities\"}"));
        Assert.Contains("\"name\": \"test-leaf\"", await Send(io, "{\"execute\": \"qom-list-types\", \"arguments\": {\"implements\": \"device\"}}"));
        Assert.Equal("{\"return\": {}}", await Send(io, "{\"execute\": \"device_add\", \"arguments\": {\"driver\": \"test-leaf\", \"id\": \"l0\", \"bus\": \"br0.0\"}}"));
        Assert.Equal("{\"return\": {}}", await Send(io, "{\"execute\": \"device_del\", \"arguments\": {\"id\": \"l0\"}}"));
        Assert.Equal("DEVICE_DELETED", JsonNode.Parse(await ReadLine(io))!["event"]!.GetValue<string>());
        Assert.Contains("SHUTDOWN", await Send(io, "{\"execute\": \"quit\"}"));
        Assert.Equal("{\"return\": {}}", await ReadLine(io));
        await server.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData(new[] { "-machine", "help" }, 0, "Supported machines are:\npc-q35-9.2 ", "")]
    [InlineData(new[] { "-bogus" }, 1, "", "qomsharp: -bogus: invalid option\n")]
    [InlineData(new[] { "-device", "nope" }, 1, "", "qomsharp: -device nope: 'nope' is not a valid device model name\n")]
    [InlineData(new string[0], 0, "/machine (pc-q35-10.0-machine)\n  /fw_cfg (fw_cfg_io)\n", "")]
    public void TheToolAsAProcess(string[] args, int exitCode, string stdoutStart, string stderr)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "qomsharp.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000));
        Assert.Equal(stderr, error);
        Assert.StartsWith(stdoutStart, output);
        Assert.Equal(exitCode, process.ExitCode);
    }

    // The tool's own command line builds the machine without collections (QOMSHARP_BUILD_HEAP=0
    // lets them run); QOMSHARP_STATS=1 prints each phase with its collections and whether the
    // no-collection region was in force at its end.
    [Theory]
    [InlineData(null, "yes")]
    [InlineData("0", "no")]
    public void TheProcessBuildsWithoutCollections(string? buildHeap, string inRegion)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "qomsharp.dll"));
        foreach (var arg in new[] { "-machine", "q35", "-nodefaults", "-device", "pci-testdev", "-device", "pci-testdev,id=t1" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["QOMSHARP_STATS"] = "1";
        info.Environment.Remove("QOMSHARP_BUILD_HEAP");
        if (buildHeap is not null)
        {
            info.Environment["QOMSHARP_BUILD_HEAP"] = buildHeap;
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000));
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("\n    /t1 (pci-testdev)\n", output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["phase,", "heap", "options", "machine", "devices", "done", "tree", "total"], lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]));
        foreach (var phase in lines[1..^1])
        {
            Assert.Matches($@"^qomsharp stats: \S+ +\d+\.\d\d\d +\d+/\d+/\d+ +\d+ +\d+\.\d {inRegion}$", phase);
        }

        // Inside the region nothing is collected once it has started (its start is the heap phase's).
        if (inRegion == "yes")
        {
            Assert.All(lines[2..^1], phase => Assert.Matches(@" 0/0/0 ", phase));
        }

        // The devices phase allocated the two devices (bytes exact, in KiB).
        Assert.InRange(long.Parse(lines[4].Split(' ', StringSplitOptions.RemoveEmptyEntries)[5], System.Globalization.CultureInfo.InvariantCulture), 1, 1024);
    }

    private static async Task<Socket> Connect(string path)
    {
        for (int attempt = 0; ; attempt++)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
                return socket;
            }
            catch (SocketException) when (attempt < 100)
            {
                socket.Dispose();
                await Task.Delay(50);
            }
        }
    }

    private static async Task<string> Send(NetworkStream stream, string request)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request + "\n"));
        return await ReadLine(stream);
    }

    private static async Task<string> ReadLine(NetworkStream stream)
    {
        var line = new StringBuilder();
        var buffer = new byte[1];
        while (await stream.ReadAsync(buffer) == 1)
        {
            if (buffer[0] == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)buffer[0]);
        }

        return line.ToString();
    }
}
