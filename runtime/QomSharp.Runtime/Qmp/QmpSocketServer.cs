using System;
using System.IO;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace QomSharp.Qmp;

/// <summary>
/// QMP on a Unix socket (<c>unix:PATH,server=on,wait=off</c>): clients are served one at a time,
/// each with its own session, as QEMU's monitor does; clients connecting meanwhile wait in the
/// backlog. A client that goes away, even mid-message, ends only its own session.
/// </summary>
public sealed class QmpSocketServer : IDisposable
{
    private readonly QomContext context;
    private readonly Socket listener;
    private readonly string path;

    /// <summary>The most bytes of a socket path, terminating NUL included (<c>sun_path</c>).</summary>
    public const int MaxPathBytes = 108;

    /// <summary>
    /// Binds and listens at <paramref name="socketPath"/> (an old socket file there is removed).
    /// </summary>
    /// <exception cref="QomException">The path is too long or cannot be bound (QEMU's texts).</exception>
    public QmpSocketServer(QomContext context, string socketPath)
    {
        ArgumentNullException.ThrowIfNull(socketPath);
        this.context = context;
        path = socketPath;
        if (Encoding.UTF8.GetByteCount(socketPath) >= MaxPathBytes)
        {
            throw new QomException($"UNIX socket path '{socketPath}' is too long", hint: $"Path must be less than {MaxPathBytes} bytes\n");
        }

        listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            if (File.Exists(socketPath))
            {
                File.Delete(socketPath);
            }

            listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            listener.Listen(16);
        }
        catch (Exception failure) when (failure is SocketException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            listener.Dispose();
            throw new QomException($"Failed to bind socket to {socketPath}: {BindFailureReason(socketPath, failure)}");
        }
    }

    // strerror(3) of the bind failure, as QEMU prints it (the socket error codes .NET reports are not errno values).
    private static string BindFailureReason(string socketPath, Exception failure)
    {
        const int ENOENT = 2, EACCES = 13, EADDRINUSE = 98;
        string? folder = socketPath.Length == 0 ? null : Path.GetDirectoryName(Path.GetFullPath(socketPath));
        if (folder is not null && !Directory.Exists(folder))
        {
            return Marshal.GetPInvokeErrorMessage(ENOENT);
        }

        return failure switch
        {
            SocketException { SocketErrorCode: SocketError.AccessDenied } or UnauthorizedAccessException => Marshal.GetPInvokeErrorMessage(EACCES),
            SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } => Marshal.GetPInvokeErrorMessage(EADDRINUSE),
            _ => failure.Message,
        };
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

    /// <summary>Passed on to every session: see <see cref="QmpSession.UnexpectedFailure"/>.</summary>
    public Action<string, Exception> UnexpectedFailure { get; set; } = QmpSession.WriteToStandardError;

    /// <summary>Accepts clients until one sends <c>quit</c>.</summary>
    public void ServeUntilQuit()
    {
        while (true)
        {
            using var client = listener.Accept();
            using var stream = new NetworkStream(client, ownsSocket: false);
            using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
            var session = new QmpSession(context, writer) { UnexpectedFailure = UnexpectedFailure };
            try
            {
                session.Run(stream);
            }
            catch (Exception failure) when (failure is IOException or SocketException or ObjectDisposedException)
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
