using System;
using System.Globalization;
using System.IO;
using System.Text;
using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Qtest;

/// <summary>
/// QEMU's qtest protocol on the system address space: <c>readb|readw|readl|readq ADDR</c> answer
/// <c>OK 0x%016x</c>, <c>writeb|writew|writel|writeq ADDR VALUE</c> answer <c>OK</c>; on the I/O
/// space <c>inb|inw|inl PORT</c> answer <c>OK 0x%04x</c> and <c>outb|outw|outl PORT VALUE</c>
/// answer <c>OK</c>; and <c>endianness</c>; anything else answers <c>FAIL ...</c>. Numbers take
/// C's base prefixes. (QEMU aborts on malformed numbers; this server answers FAIL instead.)
/// On a session made with a <see cref="QomContext"/>, <c>irq_intercept_in PATH</c> reports each
/// change of the device's input lines as <c>IRQ raise N</c> / <c>IRQ lower N</c> (written when it
/// happens, before the reply of the command that caused it), and after each command the requests
/// QEMU's main loop would run (a reset) are run, their lines following the reply.
/// </summary>
public sealed class QtestSession(AddressSpace memory, TextWriter output)
{
    private readonly AddressSpace io = new("I/O") { UnassignedValue = ulong.MaxValue };

    /// <summary>A session on the system address space <paramref name="memory"/> and the I/O space <paramref name="ioSpace"/>.</summary>
    public QtestSession(AddressSpace memory, AddressSpace ioSpace, TextWriter output)
        : this(memory, output)
    {
        io = ioSpace ?? throw new ArgumentNullException(nameof(ioSpace));
    }

    private readonly QomContext? context;
    private readonly StringBuilder pending = new();
    private Device? interceptedDevice;
    private int[] irqLevels = [];

    /// <summary>A session on <paramref name="context"/>'s address spaces, with its devices' interrupt lines and main-loop requests.</summary>
    public QtestSession(QomContext context, TextWriter output)
        : this((context ?? throw new ArgumentNullException(nameof(context))).Qdev.SystemMemory, context.Qdev.IoSpace, output)
    {
        this.context = context;
    }

    /// <summary>
    /// What the session wrote since the last command's reply: the <c>IRQ</c> lines of something
    /// done outside a qtest command (a reset a QMP command asked for). Empties the buffer.
    /// </summary>
    public string TakeOutput()
    {
        string text = pending.ToString();
        pending.Clear();
        return text;
    }

    /// <summary>Serves commands until end of input (or until a shutdown ends the run).</summary>
    public void Run(TextReader input)
    {
        string? line;
        while (context?.Qdev.ExitRequested != true && (line = input.ReadLine()) is not null)
        {
            output.Write(Handle(line));
            output.Flush();
        }
    }

    /// <summary>
    /// Called when a command fails with an exception (a bug, not bad input): the line is answered
    /// <c>FAIL</c> and the session goes on. By default the failure is written to standard error.
    /// </summary>
    public Action<string, Exception> UnexpectedFailure { get; set; } = static (line, failure) =>
        Console.Error.WriteLine($"qomsharp: qtest command '{line}' failed unexpectedly: {failure.GetType().FullName}: {failure.Message}");

    /// <summary>
    /// The reply to one command line (with its newline), after the <c>IRQ</c> lines the command
    /// caused; then those of what the main loop ran after it (a reset it asked for).
    /// </summary>
    public string Handle(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        string reply;
        try
        {
            reply = Answer(line);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            UnexpectedFailure(line, failure);
            reply = $"FAIL {failure.Message}\n";
        }

        pending.Append(reply);
        context?.Qdev.RunPendingRequests();
        return TakeOutput();
    }

    // QEMU's irq_intercept_in: the device's unnamed input lines report their changes here (and
    // still reach the device). One device per session; named inputs are refused with a path.
    private string InterceptIn(string[] words)
    {
        if (context is null || words.Length < 2)
        {
            return "FAIL Unknown command 'irq_intercept_in'\n";
        }

        if (context.ResolvePath(words[1]) is not Device device)
        {
            return "FAIL Unknown device\n";
        }

        if (words.Length > 2)
        {
            return "FAIL Interception of named in-GPIOs not yet supported\n";
        }

        if (interceptedDevice is not null)
        {
            return interceptedDevice == device ? "OK\n" : "FAIL IRQ intercept already enabled\n";
        }

        int count = 0;
        while (device.GetGpioIn(count) is not null)
        {
            count++;
        }

        irqLevels = new int[count];
        for (int n = 0; n < count; n++)
        {
            var line = device.GetGpioIn(n)!;
            var old = line.Handler;
            line.Handler = (pin, level) =>
            {
                old?.Invoke(pin, level);
                if (irqLevels[pin] != level)
                {
                    irqLevels[pin] = level;
                    pending.Append(level != 0 ? "IRQ raise " : "IRQ lower ").Append(pin.ToString(CultureInfo.InvariantCulture)).Append('\n');
                }
            };
        }

        interceptedDevice = device;
        return "OK\n";
    }

    private string Answer(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return string.Empty;
        }

        string command = words[0];
        int size = command switch
        {
            "readb" or "writeb" => 1,
            "readw" or "writew" => 2,
            "readl" or "writel" => 4,
            "readq" or "writeq" => 8,
            _ => 0,
        };
        if (command == "endianness")
        {
            return "OK little\n";
        }

        if (command == "irq_intercept_in")
        {
            return InterceptIn(words);
        }

        if (PortSize(command) is int portSize and > 0)
        {
            // The port is 16 bits wide; QEMU truncates the number it parsed to the port's width.
            return Access(io, command, words, portSize, isRead: command[0] == 'i', addressMask: 0xffff, readDigits: "x4");
        }

        if (size == 0)
        {
            return $"FAIL Unknown command '{command}'\n";
        }

        return Access(memory, command, words, size, isRead: command.StartsWith("read", StringComparison.Ordinal), addressMask: ulong.MaxValue, readDigits: "x16");
    }

    private static int PortSize(string command) => command switch
    {
        "inb" or "outb" => 1,
        "inw" or "outw" => 2,
        "inl" or "outl" => 4,
        _ => 0,
    };

    // A read (address) or a write (address, value) in one of the spaces.
    private static string Access(AddressSpace space, string command, string[] words, int size, bool isRead, ulong addressMask, string readDigits)
    {
        if (words.Length != (isRead ? 2 : 3) || !QomValueText.TryParseUInt64(words[1], out ulong address))
        {
            return $"FAIL malformed '{command}' request\n";
        }

        address &= addressMask;
        if (isRead)
        {
            return "OK 0x" + space.Read(address, size).ToString(readDigits, CultureInfo.InvariantCulture) + "\n";
        }

        if (!QomValueText.TryParseUInt64(words[2], out ulong value))
        {
            return $"FAIL malformed '{command}' request\n";
        }

        space.Write(address, value, size);
        return "OK\n";
    }
}
