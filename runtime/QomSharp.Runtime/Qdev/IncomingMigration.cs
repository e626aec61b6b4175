using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace QomSharp.Qdev;

/// <summary>Where a migration would come from: QEMU's <c>MigrationAddress</c>, as far as this model looks at it.</summary>
/// <param name="Transport"><c>socket</c>, <c>exec</c>, <c>rdma</c> or <c>file</c>.</param>
/// <param name="SocketType">For a socket: <c>inet</c>, <c>unix</c>, <c>vsock</c> or <c>fd</c>.</param>
/// <param name="Detail">A socket's file descriptor (name or number), a file's name.</param>
public sealed record MigrationAddress(string Transport, string? SocketType = null, string? Detail = null);

/// <summary>
/// The incoming side of QEMU's migration as a management client meets it before any migration:
/// the incoming state (<c>none</c> until a start is tried; <c>setup</c> from then on, as QEMU leaves
/// it when its transport fails to start), the migration capabilities, and QEMU's parsing of a
/// migration URI. Nothing here receives a migration: a transport QEMU would listen on, connect or
/// read is refused, and the refusal leaves the state where QEMU's failed start leaves it.
/// </summary>
public sealed class IncomingMigration
{
    internal IncomingMigration(QdevState state) => this.state = state;

    private readonly QdevState state;

    /// <summary>QEMU 10.0's migration capabilities, in <c>query-migrate-capabilities</c> order.</summary>
    public static IReadOnlyList<string> CapabilityNames { get; } =
    [
        "xbzrle", "rdma-pin-all", "auto-converge", "zero-blocks", "events", "postcopy-ram", "x-colo", "release-ram",
        "return-path", "pause-before-switchover", "multifd", "dirty-bitmaps", "postcopy-blocktime", "late-block-activate",
        "x-ignore-shared", "validate-uuid", "background-snapshot", "zero-copy-send", "postcopy-preempt", "switchover-ack",
        "dirty-limit", "mapped-ram",
    ];

    private readonly bool[] capabilities = new bool[CapabilityNames.Count];

    /// <summary>The incoming migration's status (<c>query-migrate</c>): null for none, else <c>setup</c>.</summary>
    public string? Status { get; private set; }

    /// <summary>Whether <paramref name="capability"/> (one of <see cref="CapabilityNames"/>) is on.</summary>
    public bool Capability(string capability) => capabilities[Index(capability)];

    /// <summary>
    /// QMP's <c>migrate-set-capabilities</c>, once every entry was checked: the capabilities as they
    /// would be with <paramref name="settings"/> applied (a later entry for the same capability
    /// winning) are checked as QEMU 10.0 checks them, in its order; if they pass, they are stored.
    /// A refusal changes nothing.
    /// </summary>
    public void SetCapabilities(IReadOnlyList<(string Name, bool State)> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        bool[] wanted = (bool[])capabilities.Clone();
        foreach (var (name, on) in settings)
        {
            wanted[Index(name)] = on;
        }

        if (CapabilityError(wanted) is { } error)
        {
            throw new QomException(error);
        }

        Array.Copy(wanted, capabilities, capabilities.Length);
    }

    // Which capabilities background-snapshot cannot be combined with, in the order QEMU looks at them.
    private static readonly string[] BackgroundSnapshotConflicts =
    [
        "postcopy-ram", "dirty-bitmaps", "postcopy-blocktime", "late-block-activate", "return-path", "multifd",
        "pause-before-switchover", "auto-converge", "release-ram", "rdma-pin-all", "xbzrle", "x-colo", "validate-uuid",
        "zero-copy-send",
    ];

    // QEMU 10.0's check of a capability set (migrate_caps_check), first refusal first. What QEMU
    // decides from how it was built or from the host is decided as the reference build answers on
    // its host: x-colo is accepted (replication is built in), postcopy-ram's userfaultfd check and
    // background-snapshot's write tracking pass, zero-copy-send is Linux's rule; dirty-limit needs
    // KVM's dirty ring, which a machine without KVM never has. Multifd compression and TLS are at
    // their defaults (none), and no incoming transport ever listens here, so "must be set before
    // incoming starts" cannot happen.
    private static string? CapabilityError(bool[] caps)
    {
        bool On(string name) => caps[Index(name)];
        if (On("postcopy-ram"))
        {
            if (On("x-ignore-shared"))
            {
                return "Postcopy is not compatible with ignore-shared";
            }

            if (On("multifd"))
            {
                return "Postcopy is not yet compatible with multifd";
            }
        }

        if (On("background-snapshot"))
        {
            foreach (string other in BackgroundSnapshotConflicts)
            {
                if (On(other))
                {
                    return $"Background-snapshot is not compatible with {other}";
                }
            }
        }

        if (On("zero-copy-send") && (!On("multifd") || On("xbzrle")))
        {
            return "Zero copy only available for non-compressed non-TLS multifd migration";
        }

        if (On("postcopy-preempt") && !On("postcopy-ram"))
        {
            return "Postcopy preempt requires postcopy-ram";
        }

        if (On("switchover-ack") && !On("return-path"))
        {
            return "Capability 'switchover-ack' requires capability 'return-path'";
        }

        if (On("dirty-limit"))
        {
            return On("auto-converge")
                ? "dirty-limit conflicts with auto-converge either of then available currently"
                : "dirty-limit requires KVM with accelerator property 'dirty-ring-size' set";
        }

        if (On("multifd") && On("xbzrle"))
        {
            return "Multifd is not compatible with xbzrle";
        }

        if (On("mapped-ram"))
        {
            if (On("xbzrle"))
            {
                return "Mapped-ram migration is incompatible with xbzrle";
            }

            if (On("postcopy-ram"))
            {
                return "Mapped-ram migration is incompatible with postcopy";
            }
        }

        return null;
    }

    // QEMU's check that the capabilities suit the transport, before the incoming state is looked
    // at: mapped-ram needs a file; multifd and postcopy-preempt need several channels (an inet,
    // Unix or vsock socket, or a file with mapped-ram).
    private void CheckTransport(MigrationAddress address)
    {
        bool file = address.Transport == "file";
        if (Capability("mapped-ram") && !file)
        {
            throw new QomException("Migration requires seekable transport (e.g. file)");
        }

        bool channels = address.SocketType is "inet" or "unix" or "vsock" || (file && Capability("mapped-ram"));
        if ((Capability("multifd") || Capability("postcopy-preempt")) && !channels)
        {
            throw new QomException("Migration requires multi-channel URIs (e.g. tcp)");
        }
    }

    private static int Index(string capability)
    {
        for (int i = 0; i < CapabilityNames.Count; i++)
        {
            if (CapabilityNames[i] == capability)
            {
                return i;
            }
        }

        throw new ArgumentException($"unknown migration capability '{capability}'", nameof(capability));
    }

    /// <summary>
    /// QEMU's start of an incoming migration once its address is known (after <see cref="ParseUri"/>):
    /// refused if the capabilities do not suit the transport, then unless no start was tried; then
    /// the state goes to <c>setup</c> (<c>MIGRATION</c> when the <c>events</c> capability is on) and
    /// the transport starts, which here fails: with QEMU's error where QEMU fails without touching
    /// the host (RDMA with xbzrle, a file descriptor named by no monitor or no number, a file that
    /// cannot be opened), else because nothing here receives a migration.
    /// </summary>
    /// <param name="address">The parsed address.</param>
    /// <param name="fromMonitor">Whether a monitor asks (QMP's <c>migrate-incoming</c>), which makes a
    /// descriptor that does not start with a digit a name of the monitor's.</param>
    public void Start(MigrationAddress address, bool fromMonitor)
    {
        ArgumentNullException.ThrowIfNull(address);
        CheckTransport(address);
        if (Status is { } status)
        {
            throw new QomException($"Illegal migration incoming state: {status}");
        }

        Status = "setup";
        if (Capability("events"))
        {
            state.RaiseDeviceEvent("MIGRATION", new System.Text.Json.Nodes.JsonObject { ["status"] = "setup" });
        }

        if (address.Transport == "rdma" && Capability("xbzrle"))
        {
            throw new QomException("RDMA and XBZRLE can't be used together");
        }

        if (address.SocketType == "fd")
        {
            string fd = address.Detail ?? string.Empty;
            if (fromMonitor && !(fd.Length > 0 && char.IsAsciiDigit(fd[0])))
            {
                throw new QomException($"File descriptor named '{fd}' has not been found");
            }

            if (!IsDescriptorNumber(fd))
            {
                throw new QomException($"Invalid file descriptor number '{fd}'");
            }
        }
        else if (address.Transport == "file")
        {
            string name = address.Detail ?? string.Empty;
            try
            {
                using var opened = File.OpenRead(name.Length == 0 ? "\0" : name);
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                string reason = failure switch
                {
                    UnauthorizedAccessException => "Permission denied",
                    _ when Directory.Exists(name) => "Is a directory",
                    _ => "No such file or directory",
                };
                throw new QomException($"Could not open '{name}': {reason}");
            }
        }

        throw new QomException("receiving a migration is not supported: this machine cannot migrate");
    }

    // QEMU's qemu_parse_fd: a whole decimal number that fits an int and is not negative.
    private static bool IsDescriptorNumber(string text) =>
        text.Length > 0 && char.IsAsciiDigit(text[0]) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long fd) && fd <= int.MaxValue;

    /// <summary>
    /// QEMU's <c>migrate_uri_parse</c>: the address of a migration URI, or the error QEMU gives
    /// (<c>unknown migration protocol</c>, a malformed host and port, <c>to=</c> or flag, an empty
    /// Unix path or descriptor, a file offset that is no size).
    /// </summary>
    public static MigrationAddress ParseUri(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.StartsWith("exec:", StringComparison.Ordinal))
        {
            return new("exec");
        }

        if (uri.StartsWith("rdma:", StringComparison.Ordinal))
        {
            ParseInet(uri[5..]);
            return new("rdma");
        }

        if (uri.StartsWith("tcp:", StringComparison.Ordinal))
        {
            ParseInet(uri[4..]);
            return new("socket", "inet");
        }

        if (uri.StartsWith("unix:", StringComparison.Ordinal))
        {
            return uri.Length == 5 ? throw new QomException("invalid Unix socket address") : new("socket", "unix", uri[5..]);
        }

        if (uri.StartsWith("vsock:", StringComparison.Ordinal))
        {
            ParseVsock(uri[6..]);
            return new("socket", "vsock");
        }

        if (uri.StartsWith("fd:", StringComparison.Ordinal))
        {
            return uri.Length == 3 ? throw new QomException("invalid file descriptor address") : new("socket", "fd", uri[3..]);
        }

        if (uri.StartsWith("file:", StringComparison.Ordinal))
        {
            string spec = uri[5..];
            int option = spec.IndexOf(",offset=", StringComparison.Ordinal);
            if (option >= 0)
            {
                string offset = spec[(option + 8)..];
                if (SizeError(offset) is { } error)
                {
                    throw new QomException($"file URI has bad offset {offset}: {error}");
                }

                spec = spec[..option];
            }

            return new("file", null, spec);
        }

        throw new QomException($"unknown migration protocol: {uri}");
    }

    // QEMU's inet_parse: [host]:port, [v6 address]:port or host:port (host up to 64 characters,
    // port up to 32, neither empty), then options: to=N, and the flags ipv4, ipv6, keep-alive, mptcp.
    private static void ParseInet(string text)
    {
        int end;
        if (text.StartsWith(':'))
        {
            end = Scan(text, 1, ',', 32);
            if (end == 1)
            {
                throw new QomException($"error parsing port in address '{text}'");
            }
        }
        else if (text.StartsWith('['))
        {
            int host = Scan(text, 1, ']', 64);
            if (host == 1 || host >= text.Length || text[host] != ']' || host + 1 >= text.Length || text[host + 1] != ':'
                || (end = Scan(text, host + 2, ',', 32)) == host + 2)
            {
                throw new QomException($"error parsing IPv6 address '{text}'");
            }
        }
        else
        {
            int host = Scan(text, 0, ':', 64);
            if (host == 0 || host >= text.Length || text[host] != ':' || (end = Scan(text, host + 1, ',', 32)) == host + 1)
            {
                throw new QomException($"error parsing address '{text}'");
            }
        }

        string options = text[end..];
        int to = options.IndexOf(",to=", StringComparison.Ordinal);
        if (to >= 0)
        {
            string value = options[(to + 4)..];
            int digits = 0;
            while (digits < value.Length && (char.IsAsciiDigit(value[digits]) || (digits == 0 && value[0] is '-' or '+')))
            {
                digits++;
            }

            bool number = digits > 0 && char.IsAsciiDigit(value[digits - 1]);
            if (!number || (digits < value.Length && value[digits] != ','))
            {
                throw new QomException("error parsing to= argument");
            }
        }

        foreach (string flag in (string[])["ipv4", "ipv6", "keep-alive", "mptcp"])
        {
            int at = options.IndexOf("," + flag, StringComparison.Ordinal);
            if (at >= 0)
            {
                string rest = options[(at + 1 + flag.Length)..];
                int comma = rest.IndexOf(',', StringComparison.Ordinal);
                if (comma >= 0 && comma + 1 < rest.Length && rest[comma + 1] == ',')
                {
                    throw new QomException($"error parsing '{flag}' flag '{rest}'");
                }

                string value = comma >= 0 ? rest[..comma] : rest;
                if (value is not ("" or "=on" or "=off"))
                {
                    throw new QomException($"error parsing '{flag}' flag '{rest}'");
                }
            }
        }
    }

    // QEMU's vsock_parse: cid:port (cid up to 32 characters, port up to 32), nothing after.
    private static void ParseVsock(string text)
    {
        int cid = Scan(text, 0, ':', 32);
        int end;
        if (cid == 0 || cid >= text.Length || text[cid] != ':' || (end = Scan(text, cid + 1, ',', 32)) == cid + 1)
        {
            throw new QomException($"error parsing address '{text}'");
        }

        if (end != text.Length)
        {
            throw new QomException($"trailing characters in address '{text}'");
        }
    }

    // sscanf's %N[^c] from start: the index after the characters taken (at most max, none equal to c).
    private static int Scan(string text, int start, char stop, int max)
    {
        int i = start;
        while (i < text.Length && text[i] != stop && i - start < max)
        {
            i++;
        }

        return i;
    }

    // QEMU's qemu_strtosz: a number (decimal, or 0x hexadecimal without fraction), an optional
    // fraction and an optional suffix (B, K, M, G, T, P, E), below 2^64; null if it is one, else
    // the strerror of QEMU's refusal.
    private static string? SizeError(string text)
    {
        int i = 0;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            int start = 2;
            i = start;
            while (i < text.Length && char.IsAsciiHexDigit(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                return "Invalid argument";
            }

            if (!ulong.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong hex))
            {
                return "Numerical result out of range";
            }

            return Suffix(text, i, hex, 0);
        }

        if (text.StartsWith('-'))
        {
            return "Numerical result out of range";
        }

        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        int whole = i;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        if (whole == 0)
        {
            return "Invalid argument";
        }

        if (!double.TryParse(text.AsSpan(0, i), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value)
            || !ulong.TryParse(text.AsSpan(0, whole), NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return "Numerical result out of range";
        }

        return Suffix(text, i, value, i - whole);
    }

    private static string? Suffix(string text, int at, double value, int fraction)
    {
        double unit = 1;
        if (at < text.Length)
        {
            int power = "BKMGTPE".IndexOf(char.ToUpperInvariant(text[at]), StringComparison.Ordinal);
            if (power < 0 || at + 1 != text.Length)
            {
                return "Invalid argument";
            }

            unit = Math.Pow(1024, power);
        }
        else if (fraction > 0)
        {
            // A fraction needs a suffix.
            return "Invalid argument";
        }

        return value * unit >= 18446744073709551616.0 ? "Numerical result out of range" : null;
    }
}
