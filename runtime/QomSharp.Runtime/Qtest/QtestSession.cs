using System;
using System.Globalization;
using System.IO;
using QomSharp.Memory;

namespace QomSharp.Qtest;

/// <summary>
/// QEMU's qtest protocol on the system address space: <c>readb|readw|readl|readq ADDR</c> answer
/// <c>OK 0x%016x</c>, <c>writeb|writew|writel|writeq ADDR VALUE</c> answer <c>OK</c>; on the I/O
/// space <c>inb|inw|inl PORT</c> answer <c>OK 0x%04x</c> and <c>outb|outw|outl PORT VALUE</c>
/// answer <c>OK</c>; and <c>endianness</c>; anything else answers <c>FAIL ...</c>. Numbers take
/// C's base prefixes. (QEMU aborts on malformed numbers; this server answers FAIL instead.)
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

    /// <summary>Serves commands until end of input.</summary>
    public void Run(TextReader input)
    {
        string? line;
        while ((line = input.ReadLine()) is not null)
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

    /// <summary>The reply to one command line (with its newline).</summary>
    public string Handle(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        try
        {
            return Answer(line);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            UnexpectedFailure(line, failure);
            return $"FAIL {failure.Message}\n";
        }
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
