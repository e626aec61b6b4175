using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace QomSharp.Tool.Tests;

/// <summary><c>-qmp tcp:HOST:PORT,server=on,wait=off</c>, on the loopback address only.</summary>
public class QmpTcpTests
{
    [Fact]
    public async Task TheToolServesQmpOverTcp()
    {
        int port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "qomsharp.dll"));
        foreach (var arg in new[] { "-S", "-machine", "pc-q35-9.1", "-qmp", $"tcp:127.0.0.1:{port},server=on,wait=off" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        try
        {
            using var client = await Connect(port);
            using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
            var writer = client.GetStream();
            Assert.Equal("oob", JsonNode.Parse((await reader.ReadLineAsync())!)!["QMP"]!["capabilities"]![0]!.GetValue<string>());
            await Send(writer, """{"execute": "qmp_capabilities", "arguments": {"enable": ["oob"]}}""");
            Assert.Equal("{\"return\": {}}", await reader.ReadLineAsync());
            await Send(writer, """{"execute": "query-status"}""");
            Assert.Equal("{\"return\": {\"status\": \"prelaunch\", \"running\": false}}", await reader.ReadLineAsync());
            await Send(writer, """{"execute": "query-machines"}""");
            Assert.Contains("\"name\": \"pc-q35-9.1\"", await reader.ReadLineAsync(), StringComparison.Ordinal);
            await Send(writer, """{"execute": "quit"}""");
            Assert.Contains("SHUTDOWN", await reader.ReadLineAsync(), StringComparison.Ordinal);
            Assert.Equal("{\"return\": {}}", await reader.ReadLineAsync());
            Assert.True(process.WaitForExit(30_000));
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [Theory]
    [InlineData("tcp:127.0.0.1", "parse error: tcp:127.0.0.1")]
    [InlineData("tcp:127.0.0.1:abc,server=on,wait=off", "address resolution failed for 127.0.0.1:abc: Servname not supported for ai_socktype")]
    [InlineData("tcp:127.0.0.1:4444,server=on,wait=off,foo=1", "Invalid parameter 'foo'")]
    [InlineData("udp:1", "parse error: udp:1")]
    public void BadSpecificationsFailAsQemu(string spec, string error) =>
        Assert.Equal($"qomsharp: -qmp {spec}: {error}\n", ToolRun.Of("-qmp", spec).Error);

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static async Task<TcpClient> Connect(int port)
    {
        for (int attempt = 0; ; attempt++)
        {
            var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port);
                return client;
            }
            catch (SocketException) when (attempt < 200)
            {
                client.Dispose();
                await Task.Delay(50);
            }
        }
    }

    private static async Task Send(NetworkStream stream, string request) => await stream.WriteAsync(Encoding.UTF8.GetBytes(request + "\n"));
}
