using System;
using System.IO;
using System.Net.Sockets;
using System.Text;

namespace QomSharp.Qmp;

/// <summary>
/// QMP on a Unix socket (<c>unix:PATH,server=on,wait=off</c>): clients are served one at a time,
/// each with its own session; a client that goes away mid-command ends only its session.
/// </summary>
public sealed class QmpSocketServer : IDisposable
{
    private readonly QomContext context;
    private readonly Socket listener;
    private readonly string path;

    /// <summary>Binds and listens at <paramref name="socketPath"/> (an old socket file there is removed).</summary>
    public QmpSocketServer(QomContext context, string socketPath)
    {
        this.context = context;
        path = socketPath;
        if (File.Exists(socketPath))
        {
            File.Delete(socketPath);
        }

        listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(1);
    }

    /// <summary>The socket path of a <c>-qmp unix:PATH,server=on,wait=off</c> specification.</summary>
    public static string ParseSpec(string spec)
    {
        if (!spec.StartsWith("unix:", StringComparison.Ordinal))
        {
            throw new QomException($"'{spec.Split(':')[0]}' is not a valid char driver");
        }

        var parts = spec[5..].Split(',');
        foreach (var part in parts[1..])
        {
            if (part is not ("server" or "server=on" or "nowait" or "wait=off" or "wait=on"))
            {
                throw new QomException($"Invalid parameter '{part.Split('=')[0]}'");
            }
        }

        return parts[0];
    }

    /// <summary>Accepts clients until one sends <c>quit</c>.</summary>
    public void ServeUntilQuit()
    {
        while (true)
        {
            using var client = listener.Accept();
            using var stream = new NetworkStream(client, ownsSocket: false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
            var session = new QmpSession(context, writer);
            try
            {
                session.Run(reader);
            }
            catch (IOException)
            {
                // The client went away; the next one gets a fresh session.
            }

            if (session.QuitRequested)
            {
                return;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        listener.Dispose();
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
