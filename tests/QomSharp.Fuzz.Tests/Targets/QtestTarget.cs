using System;
using System.IO;
using QomSharp.Qtest;

namespace QomSharp.Fuzz.Tests.Targets;

/// <summary>
/// qtest lines against the q35 machine's memory (the vIOMMU's registers among it) and I/O ports (PCI
/// configuration cycles, the AHCI and SMBus controllers once their BARs are placed). One session takes
/// every input, so the BAR placements of earlier inputs hold for later ones.
/// </summary>
internal static class QtestTarget
{
    public static FuzzTarget Create() => new("qtest", Mutations.Of(
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
        ], "rwadbqlxeinout0123456789abcdefABCDEF -+xX"), static () =>
        {
            var q35 = Universe.Q35();
            var session = new QtestSession(q35.Qdev.SystemMemory, q35.Qdev.IoSpace, TextWriter.Null)
            {
                UnexpectedFailure = static (line, failure) => throw new InvalidOperationException($"qtest '{line}' failed unexpectedly", failure),
            };
            return input => !session.Handle(input).StartsWith("FAIL", StringComparison.Ordinal);
        });
}
