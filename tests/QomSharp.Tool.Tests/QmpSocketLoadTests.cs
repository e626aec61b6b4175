using System;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace QomSharp.Tool.Tests;

/// <summary>
/// The QMP socket server under load: many clients in sequence and at once, clients that go away
/// mid-line, oversized and too deeply nested messages. The server stays up and answers the next
/// good client; every loop is bounded and every wait has a deadline.
/// </summary>
public class QmpSocketLoadTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ManyClientsInSequenceAndAtOnceAreAllAnswered()
    {
        await using var server = await Server.Start();
        for (int i = 0; i < 40; i++)
        {
            Assert.Equal("{\"return\": \"pc-q35-N-machine\"}", await server.AskMachineType());
        }

        var together = Enumerable.Range(0, 16).Select(_ => server.AskMachineType()).ToArray();
        string[] answers = await Task.WhenAll(together).WaitAsync(Deadline);
        Assert.All(answers, a => Assert.Equal("{\"return\": \"pc-q35-N-machine\"}", a));
    }

    [Fact]
    public async Task ClientsLeavingMidLineDoNotDisturbTheNext()
    {
        await using var server = await Server.Start();
        for (int i = 0; i < 20; i++)
        {
            using var quitter = await server.Connect();
            var stream = new NetworkStream(quitter);
            await Line(stream);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(i % 2 == 0 ? "{\"execute\": \"qmp_capabilities\"}\n{\"execute\": \"qom-li" : "[[[[\"unterminated"));
        }

        Assert.Equal("{\"return\": \"pc-q35-N-machine\"}", await server.AskMachineType());
    }

    [Fact]
    public async Task OversizedAndTooDeepMessagesAreRefusedAndTheSessionGoesOn()
    {
        await using var server = await Server.Start();
        using var client = await server.Connect();
        var io = new NetworkStream(client);
        await Line(io);
        await Send(io, "{\"execute\": \"qmp_capabilities\"}");
        Assert.Equal("{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON nesting depth limit exceeded\"}}", await Send(io, new string('[', 2000)));

        // What follows the refused part of a message is read afresh, as QEMU does: close the brackets
        // left open at the limit (975 of them after the refused 1025th) so that the next request stands alone.
        await io.WriteAsync(Encoding.ASCII.GetBytes(new string(']', 975) + "\n"));
        Assert.Equal("{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input must be a JSON object\"}}", await Line(io));

        var huge = new byte[(64 << 20) + 16];
        Array.Fill(huge, (byte)'a');
        huge[0] = (byte)'"';
        await io.WriteAsync(huge);
        Assert.Equal("{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON token size limit exceeded\"}}", await Line(io));
        client.Dispose();

        Assert.Equal("{\"return\": \"pc-q35-N-machine\"}", await server.AskMachineType());
    }

    private static async Task<string> Send(NetworkStream stream, string request)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request + "\n"));
        return await Line(stream);
    }

    private static async Task<string> Line(NetworkStream stream)
    {
        var line = new StringBuilder();
        var buffer = new byte[1];
        while (await stream.ReadAsync(buffer).AsTask().WaitAsync(Deadline) == 1)
        {
            if (buffer[0] == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)buffer[0]);
        }

        return line.ToString();
    }

    /// <summary>A q35 machine served on a fresh socket; disposing sends <c>quit</c> and waits for the server.</summary>
    private sealed class Server : IAsyncDisposable
    {
        private readonly string path = Path.Combine(Path.GetTempPath(), $"qomsharp-{Guid.NewGuid():N}.sock");
        private Task serving = Task.CompletedTask;

        public static async Task<Server> Start()
        {
            var server = new Server();
            var run = ToolRun.Of("-machine", "q35");
            var listening = new Qmp.QmpSocketServer(run.Context, server.path);
            server.serving = Task.Run(() =>
            {
                using (listening)
                {
                    listening.ServeUntilQuit();
                }
            });
            await Task.Yield();
            return server;
        }

        public async Task<Socket> Connect()
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path)).WaitAsync(Deadline);
            return socket;
        }

        public async Task<string> AskMachineType()
        {
            using var client = await Connect();
            var io = new NetworkStream(client);
            await Line(io);
            await Send(io, "{\"execute\": \"qmp_capabilities\"}");
            string answer = await Send(io, "{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"/machine\", \"property\": \"type\"}}");
            return System.Text.RegularExpressions.Regex.Replace(answer, "pc-q35-[0-9.]+-machine", "pc-q35-N-machine");
        }

        public async ValueTask DisposeAsync()
        {
            using (var client = await Connect())
            {
                var io = new NetworkStream(client);
                await Line(io);
                await Send(io, "{\"execute\": \"qmp_capabilities\"}");
                await io.WriteAsync(Encoding.UTF8.GetBytes("{\"execute\": \"quit\"}\n"));
                while ((await Line(io)).Length > 0)
                {
                }
            }

            await serving.WaitAsync(Deadline);
        }
    }
}
