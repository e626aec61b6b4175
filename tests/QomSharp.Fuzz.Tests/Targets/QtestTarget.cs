using System;
using System.IO;
using QomSharp.Qtest;

namespace QomSharp.Fuzz.Tests.Targets;

/// <summary>qtest lines against the q35 machine's memory (the vIOMMU's registers among it) and I/O ports (PCI configuration cycles).</summary>
internal static class QtestTarget
{
    public static FuzzTarget Create() => new("qtest", Mutations.Of(
        [
            "readq 0xfed90008", "readl 0xfed90000", "writel 0xfed90018 0x80000000", "readl -1", "readb 0xffffffffffffffff",
            "writeq 0xfed90ff8 5", "endianness", "readw 0xfed9001e", "readq 0xfed90ffc", "writeb 0x0 0x100",
            "outl 0xcf8 0x80000060", "outl 0xcfc 0xb0000001", "inl 0xcfc", "inw 0xcfe", "outb 0xcfd 0xff", "readl 0xb00fa0fc",
            "writel 0xb0000060 0xe0000005", "readq 0xb0000ffc",
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
