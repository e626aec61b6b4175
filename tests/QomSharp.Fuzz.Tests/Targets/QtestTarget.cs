using System;
using System.IO;
using System.Text.RegularExpressions;
using CsCheck;
using QomSharp.Qtest;

namespace QomSharp.Fuzz.Tests.Targets;

/// <summary>
/// qtest lines against the q35 machine's memory (the vIOMMU's registers among it) and I/O ports (PCI
/// configuration cycles, the AHCI and SMBus controllers once their BARs are placed). One session takes
/// every input, so the BAR placements of earlier inputs hold for later ones.
/// </summary>
internal static class QtestTarget
{
    public static FuzzTarget Create() => new("qtest", Gen.Frequency((3, Mutations.Of(
        [
            "readq 0xfed90008", "readl 0xfed90000", "writel 0xfed90018 0x80000000", "readl -1", "readb 0xffffffffffffffff",
            "writeq 0xfed90ff8 5", "endianness", "readw 0xfed9001e", "readq 0xfed90ffc", "writeb 0x0 0x100",
            "outl 0xcf8 0x80000060", "outl 0xcfc 0xb0000001", "inl 0xcfc", "inw 0xcfe", "outb 0xcfd 0xff", "readl 0xb00fa0fc",
            "writel 0xb0000060 0xe0000005", "readq 0xb0000ffc",
            // ich9-ahci (00:1f.2): BAR5 placed and memory decoding on, then its host and port registers.
            "outl 0xcf8 0x8000fa24", "outl 0xcfc 0xfebf0000", "outl 0xcf8 0x8000fa04", "outw 0xcfc 0x7",
            "readl 0xfebf0000", "writel 0xfebf0004 0x80000002", "writel 0xfebf0118 0x10", "writel 0xfebf0118 0x1", "readl 0xfebf0128",
            // ICH9-SMB (00:1f.3): BAR4 placed, I/O decoding and the host enabled, then a transaction.
            "outl 0xcf8 0x8000fb20", "outl 0xcfc 0xc001", "outl 0xcf8 0x8000fb04", "outl 0xcf8 0x8000fb40", "outb 0xcfc 0x1",
            "outb 0xc004 0xa1", "outb 0xc003 0x0", "outb 0xc002 0x48", "inb 0xc000", "inb 0xc005", "outb 0xc000 0xff",
            // intel-iommu's invalidation queue, as whole programs.
            .. InvalidationQueuePrograms,
        ], "rwadbqlxeinout0123456789abcdefABCDEF -+xX\n")), (1, ProgramMutations)), static () =>
        {
            var q35 = Universe.Q35();
            var session = new QtestSession(q35.Qdev.SystemMemory, q35.Qdev.IoSpace, TextWriter.Null)
            {
                UnexpectedFailure = static (line, failure) => throw new InvalidOperationException($"qtest '{line}' failed unexpectedly", failure),
            };

            // An input of several lines is a program, its lines run in order (all must be accepted).
            return input =>
            {
                bool accepted = true;
                foreach (string line in input.Split('\n'))
                {
                    accepted &= !session.Handle(line).StartsWith("FAIL", StringComparison.Ordinal);
                }

                return accepted;
            };
        });

    // intel-iommu's registers (0xfed90000): GCMD 0x18, RTADDR 0x20, FSTS 0x34, IQH 0x80, IQT 0x88,
    // IQA 0x90, ICS 0x9c, IECTL 0xa0, IEDATA 0xa4, IEADDR 0xa8.
    private const string Dmar = "0xfed90";

    // ich9-ahci's ABAR placed at 0xfebf0000 with memory decoding and bus mastering on.
    private const string AhciOn = "outl 0xcf8 0x8000fa24\noutl 0xcfc 0xfebf0000\noutl 0xcf8 0x8000fa04\noutw 0xcfc 0x7\n";

    // The queue at base (QS 0: 256 descriptors of 16 bytes), enabled (GCMD.QIE), then the tail moved
    // past count descriptors: intel-iommu fetches and runs them from the head.
    private static string Queue(ulong baseAddress, int count, string extraIqa = "") =>
        $"writeq {Dmar}090 0x{baseAddress:x}{extraIqa}\nwritel {Dmar}018 0x4000000\nwriteq {Dmar}088 0x{count * 16:x}\nreadq {Dmar}080\nreadl {Dmar}09c\nreadl {Dmar}034";

    // A 128-bit descriptor at address: its low and high quadwords.
    private static string Descriptor(ulong address, ulong low, ulong high) => $"writeq 0x{address:x} 0x{low:x}\nwriteq 0x{address + 8:x} 0x{high:x}\n";

    // A wait descriptor (type 5) with status write (SW) of data to address, and IF (completion interrupt) if asked.
    private static string Wait(ulong at, uint data, ulong statusAddress, bool interrupt = false) =>
        Descriptor(at, 0x25UL | (interrupt ? 0x10UL : 0) | ((ulong)data << 32), statusAddress);

    // Values a program's numbers are replaced with: the registers a wait descriptor may aim at
    // (intel-iommu's queue tail, head, base, command, fault status, event control; ich9-ahci's
    // global and port registers; the APIC's MSI window), queue places, descriptor words, edges.
    private static readonly ulong[] Interesting =
    [
        0xfed90088, 0xfed90080, 0xfed90090, 0xfed90018, 0xfed90034, 0xfed900a0, 0xfed9009c, 0xfed90ffc,
        0xfebf0004, 0xfebf0008, 0xfebf0110, 0xfebf0118, 0xfebf0138, 0xfebf0ffc, 0xfee00000, 0xfee00ffc,
        0x10000, 0x10ff0, 0x20000, 0x0, 0x1, 0x10, 0xff0, 0x1000, 0x800, 0x25, 0x35, 0x5, 0x15, 0x4000000, 0xc0000000,
        0xffffffff, 0xffffffffffffffff, 0x8000000000000000, 0xfffffffffffffff0,
    ];

    /// <summary>
    /// Mutations that keep a program meaningful: its lines stay qtest commands while numbers are
    /// replaced (by an interesting value, a bit flipped, a small step), lines are dropped, repeated
    /// or swapped, and the programs are joined (one queue's setup, another's descriptors).
    /// </summary>
    private static Gen<string> ProgramMutations =>
        Gen.Select(Gen.Int[0, InvalidationQueuePrograms.Length - 1], Gen.Int[0, InvalidationQueuePrograms.Length - 1], Gen.Int.Array[1, 8])
            .Select((program, other, edits) => MutateProgram(InvalidationQueuePrograms[program], InvalidationQueuePrograms[other], edits));

    private static readonly Regex Number = new("0x[0-9a-fA-F]+", RegexOptions.CultureInvariant);

    internal static string MutateProgram(string program, string other, int[] edits)
    {
        var lines = new System.Collections.Generic.List<string>(program.Split('\n'));
        foreach (int edit in edits)
        {
            uint e = unchecked((uint)edit);
            int at = (int)((e >> 4) % (uint)lines.Count);
            switch (e % 8)
            {
                case 0 or 1 or 2:
                {
                    var numbers = Number.Matches(lines[at]);
                    if (numbers.Count == 0)
                    {
                        break;
                    }

                    var match = numbers[(int)((e >> 12) % (uint)numbers.Count)];
                    ulong value = ulong.Parse(match.Value.AsSpan(2), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
                    value = (e % 8) switch
                    {
                        0 => Interesting[(e >> 16) % (uint)Interesting.Length],
                        1 => value ^ (1UL << (int)((e >> 16) % 64)),
                        _ => value + (ulong)(((e >> 16) % 33) - 16) * 4,
                    };
                    lines[at] = lines[at][..match.Index] + "0x" + value.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + lines[at][(match.Index + match.Length)..];
                    break;
                }

                case 3 when lines.Count > 1:
                    lines.RemoveAt(at);
                    break;
                case 4:
                    lines.Insert(at, lines[at]);
                    break;
                case 5:
                {
                    int to = (int)((e >> 12) % (uint)lines.Count);
                    (lines[at], lines[to]) = (lines[to], lines[at]);
                    break;
                }

                case 6:
                    lines.InsertRange(at, other.Split('\n'));
                    break;
                default:
                    lines.Add(lines[at]);
                    break;
            }
        }

        return string.Join('\n', lines);
    }

    /// <summary>
    /// Programs that drive intel-iommu's invalidation queue (IQA, GCMD.QIE, descriptors in RAM, IQT),
    /// with wait descriptors whose status address is RAM, ich9-ahci's registers, intel-iommu's own
    /// (its queue tail, its command register, its queue base), the APIC's MSI window, nothing, or the
    /// queue itself; the other descriptor types, an invalid one, a queue that wraps, the completion
    /// interrupt aimed at ich9-ahci, the queue turned off and on, DMA remapping on with ich9-ahci's
    /// FIS receive. Each is one input (its lines run in order); mutations change its numbers.
    /// </summary>
    internal static readonly string[] InvalidationQueuePrograms =
    [
        Wait(0x10000, 0xbeef, 0x20000) + Queue(0x10000, 1) + "\nreadl 0x20000",
        AhciOn + Wait(0x11000, 0x80000001, 0xfebf0004) + Queue(0x11000, 1) + "\nreadl 0xfebf0004",
        AhciOn + Wait(0x11000, 0x1, 0xfebf0118) + Wait(0x11010, 0xffffffff, 0xfebf0138) + Wait(0x11020, 0x0, 0xfebf0110) + Queue(0x11000, 3),
        Wait(0x12000, 0x10, 0xfed90088) + Queue(0x12000, 1),
        Wait(0x12000, 0x0, 0xfed90018) + Wait(0x12010, 0x5, 0x20000) + Queue(0x12000, 2) + "\nreadl 0xfed9001c",
        Wait(0x12000, 0x13000, 0xfed90090) + Wait(0x12010, 0x7, 0x20004) + Queue(0x12000, 2),
        Wait(0x12000, 0x41, 0xfed900a0, interrupt: true) + Queue(0x12000, 1) + "\nwritel 0xfed9009c 0x1\nwritel 0xfed900a0 0x0",
        Wait(0x14000, 0x4021, 0xfee00000) + Wait(0x14010, 0x1, 0xe0000000) + Wait(0x14020, 0x2, 0xffffffffffffc) + Queue(0x14000, 3),
        Wait(0x15000, 0x31, 0x15010) + Descriptor(0x15010, 0, 0) + Queue(0x15000, 2) + "\nreadq 0x15010",
        Descriptor(0x16000, 0x11, 0) + Descriptor(0x16010, 0x12, 0) + Descriptor(0x16020, 0x4, 0) + Descriptor(0x16030, 0x3, 0x1000)
            + Descriptor(0x16040, 0x6, 0) + Wait(0x16050, 0x9, 0x20008) + Queue(0x16000, 6),
        Descriptor(0x17000, 0xf, 0) + Wait(0x17010, 0x1, 0x2000c) + Queue(0x17000, 2) + "\nreadl 0xfed90034\nwritel 0xfed90034 0x10\nreadq 0xfed90080",
        Wait(0x18ff0, 0xa, 0x20010) + Wait(0x18000, 0xb, 0x20014) + $"writeq {Dmar}090 0x18000\nwritel {Dmar}018 0x4000000\nwriteq {Dmar}088 0xff0\n"
            + $"writeq {Dmar}088 0x10\nreadq {Dmar}080",
        $"writel {Dmar}0a8 0xfebf0004\nwritel {Dmar}0a4 0x80000001\nwritel {Dmar}0a0 0x0\n" + AhciOn + Wait(0x19000, 0x1, 0x20018, interrupt: true)
            + Queue(0x19000, 1) + $"\nreadl {Dmar}09c\nreadl 0xfebf0004",
        Wait(0x1a000, 0x1, 0x2001c) + Queue(0x1a000, 1) + $"\nwritel {Dmar}018 0x0\nreadq {Dmar}080\nwriteq {Dmar}088 0x20\nwritel {Dmar}018 0x4000000",
        Wait(0x1b000, 0x1, 0x20020) + Queue(0x1b000, 1, "800"),
        AhciOn + $"writeq {Dmar}020 0x30000\nwritel {Dmar}018 0x40000000\nwritel {Dmar}018 0xc0000000\n"
            + "writel 0xfebf0108 0x40000\nwritel 0xfebf010c 0x0\nwritel 0xfebf0118 0x10\nreadl 0xfed90034\nreadl 0xfed90038"
            + "\n" + Wait(0x1c000, 0x2, 0x40000) + Queue(0x1c000, 1),
    ];
}
