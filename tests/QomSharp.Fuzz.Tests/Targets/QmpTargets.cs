using System;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using QomSharp.Qmp;

namespace QomSharp.Fuzz.Tests.Targets;

/// <summary>
/// QMP requests, in process and over a Unix socket. A command the session answers with an error
/// must leave the universe identical; a command that fails with anything but a QOM error (the
/// session's boundary reports it) counts as a crash.
/// </summary>
internal static class QmpTargets
{
    private const string Alphabet = "{}[]:,\"'\\ \n0123456789-.eabcdefilmnopqrstuvxy_/\u00e9\ud800";

    public static readonly string[] Seeds =
    [
        """{"execute": "qom-list", "arguments": {"path": "/machine"}}""",
        """{"execute": "qom-get", "arguments": {"path": "/machine", "property": "type"}, "id": 1}""",
        """{"execute": "qom-set", "arguments": {"path": "/machine/peripheral/rp0", "property": "chassis", "value": 3}}""",
        """{"execute": "qom-list-types", "arguments": {"implements": "device", "abstract": true}}""",
        """{"execute": "qom-list-properties", "arguments": {"typename": "intel-iommu"}}""",
        """{"execute": "device-list-properties", "arguments": {"typename": "vfio-pci"}}""",
        """{"execute": "device_add", "arguments": {"driver": "pci-testdev", "bus": "rp0", "id": "t0"}}""",
        """{"execute": "device_add", "arguments": {"driver": "vfio-pci", "host": "98:00.0", "bus": "rp0"}}""",
        """{"execute": "device_del", "arguments": {"id": "t0"}}""",
        """{"execute": "object-add", "arguments": {"qom-type": "iommufd", "id": "fd0"}}""",
        """{"execute": "object-del", "arguments": {"id": "fd0"}}""",
        """{"execute": "human-monitor-command", "arguments": {"command-line": "info qtree"}}""",
        """{"execute": "human-monitor-command", "arguments": {"command-line": "info lapic (1+2)*3&-1%'a'"}}""",
        """{"execute": "human-monitor-command", "arguments": {"command-line": "migrate_set_capability xbzrle on"}}""",
        """{"execute": "human-monitor-command", "arguments": {"command-line": "info mtree -f -d"}}""",
        """{"execute": "migrate-set-capabilities", "arguments": {"capabilities": [{"capability": "multifd", "state": true}]}}""",
        """{"execute": "query-version", "id": {"a": [1, 'x', null, true, -2.5e3]}}""",
    ];

    public static FuzzTarget InProcess() => new("qmp", Mutations.Of(Seeds, Alphabet), static () =>
    {
        QomContext context = Universe.Q35();
        var output = new StringWriter();
        QmpSession session = Open(context, output);
        int served = 0;
        return input =>
        {
            // A fresh universe now and then keeps successful commands from piling up.
            if (++served % 500 == 0)
            {
                context = Universe.Q35();
                session = Open(context, output);
            }

            string before = Universe.Snapshot(context);
            output.GetStringBuilder().Clear();
            session.Handle(input);
            string replies = output.ToString();
            bool failed = replies.Contains("{\"error\": ", StringComparison.Ordinal) && !replies.Contains("{\"return\"", StringComparison.Ordinal);
            if (failed && Universe.Snapshot(context) != before)
            {
                throw new InvalidOperationException("a failed QMP command changed the universe");
            }

            return !failed;
        };
    });

    public static FuzzTarget OverSocket() => new("qmp-socket", Mutations.Of(Seeds, Alphabet), static () =>
    {
        string path = Path.Combine(Path.GetTempPath(), $"qomsharp-fuzz-{Guid.NewGuid():N}.sock");
        var server = new QmpSocketServer(Universe.Q35(), path) { UnexpectedFailure = Unexpected };
        var serving = Task.Run(server.ServeUntilQuit);
        var buffer = new byte[1 << 16];
        return input =>
        {
            if (serving.IsCompleted)
            {
                throw new InvalidOperationException("the QMP server stopped", serving.Exception);
            }

            using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            client.Connect(new UnixDomainSocketEndPoint(path));
            client.Send(Encoding.UTF8.GetBytes("{\"execute\": \"qmp_capabilities\"}\n" + input.Replace("quit", "qiut", StringComparison.Ordinal) + "\n"));
            client.Shutdown(SocketShutdown.Send);
            var replies = new StringBuilder();
            int read;
            while ((read = client.Receive(buffer)) > 0)
            {
                replies.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }

            return !replies.ToString().Contains("{\"error\": ", StringComparison.Ordinal);
        };
    });

    private static QmpSession Open(QomContext context, StringWriter output)
    {
        var session = new QmpSession(context, output) { UnexpectedFailure = Unexpected };
        session.Handle("{\"execute\": \"qmp_capabilities\"}");
        return session;
    }

    // The session answers GenericError and goes on; for the fuzzer it is a bug all the same.
    private static void Unexpected(string command, Exception failure) =>
        throw new InvalidOperationException($"QMP command '{command}' failed unexpectedly", failure);
}
