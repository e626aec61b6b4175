using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace QomSharp.Qmp;

/// <summary>
/// QMP on a listening socket (<c>unix:PATH,server=on,wait=off</c> or
/// <c>tcp:HOST:PORT,server=on,wait=off</c>): clients are served one at a time, each with its own
/// session; a client that goes away mid-command ends only its session.
/// </summary>
public sealed class QmpSocketServer : IDisposable
{
    private readonly QomContext context;
    private readonly Socket listener;
    private readonly string? path;

    /// <summary>Binds and listens at <paramref name="socketPath"/> (an old socket file there is removed).</summary>
    public QmpSocketServer(QomContext context, string socketPath)
        : this(context, new UnixDomainSocketEndPoint(socketPath))
    {
    }

    /// <summary>
    /// Binds and listens at <paramref name="endPoint"/>: a Unix socket path (an old socket file
    /// there is removed) or a TCP address.
    /// </summary>
    public QmpSocketServer(QomContext context, EndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        this.context = context;
        if (endPoint is UnixDomainSocketEndPoint unix)
        {
            path = unix.ToString();
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }

        listener = new Socket(endPoint.AddressFamily, SocketType.Stream, endPoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp);
        listener.Bind(endPoint);
        listener.Listen(1);
    }

    /// <summary>Where the server listens (for TCP port 0, the port the system chose).</summary>
    public EndPoint LocalEndPoint => listener.LocalEndPoint!;

    /// <summary>
    /// The address of a <c>-qmp unix:PATH,server=on,wait=off</c> or
    /// <c>-qmp tcp:HOST:PORT,server=on,wait=off</c> specification, with QEMU's errors.
    /// </summary>
    public static EndPoint ParseEndPoint(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.StartsWith("tcp:", StringComparison.Ordinal))
        {
            var options = spec[4..].Split(',');
            CheckServerOptions(options[1..]);
            int colon = options[0].LastIndexOf(':');
            if (colon < 0)
            {
                throw new QomException($"parse error: {spec}");
            }

            string host = options[0][..colon];
            string port = options[0][(colon + 1)..];
            if (!ushort.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ushort number))
            {
                throw new QomException($"address resolution failed for {host}:{port}: Servname not supported for ai_socktype");
            }

            if (host.Length == 0)
            {
                return new IPEndPoint(IPAddress.Any, number);
            }

            if (IPAddress.TryParse(host, out var address))
            {
                return new IPEndPoint(address, number);
            }

            try
            {
                return new IPEndPoint(Dns.GetHostAddresses(host)[0], number);
            }
            catch (SocketException)
            {
                throw new QomException($"address resolution failed for {host}:{port}: Name or service not known");
            }
        }

        return new UnixDomainSocketEndPoint(ParseSpec(spec));
    }

    /// <summary>The socket path of a <c>-qmp unix:PATH,server=on,wait=off</c> specification.</summary>
    public static string ParseSpec(string spec)
    {
        if (!spec.StartsWith("unix:", StringComparison.Ordinal))
        {
            throw new QomException(spec.Contains(':', StringComparison.Ordinal) ? $"parse error: {spec}" : $"'{spec.Split(':')[0]}' is not a valid char driver");
        }

        var parts = spec[5..].Split(',');
        CheckServerOptions(parts[1..]);
        return parts[0];
    }

    private static void CheckServerOptions(string[] options)
    {
        foreach (var part in options)
        {
            if (part is not ("server" or "server=on" or "nowait" or "wait=off" or "wait=on"))
            {
                throw new QomException($"Invalid parameter '{part.Split('=')[0]}'");
            }
        }
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
        if (path is not null && File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
