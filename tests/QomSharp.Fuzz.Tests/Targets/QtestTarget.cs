using System;
using System.IO;
using QomSharp.Qtest;

namespace QomSharp.Fuzz.Tests.Targets;

/// <summary>qtest lines against the q35 machine's memory (the vIOMMU's registers among it).</summary>
internal static class QtestTarget
{
    public static FuzzTarget Create() => new("qtest", Mutations.Of(
        [
            "readq 0xfed90008", "readl 0xfed90000", "writel 0xfed90018 0x80000000", "readl -1", "readb 0xffffffffffffffff",
            "writeq 0xfed90ff8 5", "endianness", "readw 0xfed9001e", "readq 0xfed90ffc", "writeb 0x0 0x100",
        ], "rwadbqlxe0123456789abcdefABCDEF -+xX"), static () =>
        {
            var session = new QtestSession(Universe.Q35().Qdev.SystemMemory, TextWriter.Null)
            {
                UnexpectedFailure = static (line, failure) => throw new InvalidOperationException($"qtest '{line}' failed unexpectedly", failure),
            };
            return input => !session.Handle(input).StartsWith("FAIL", StringComparison.Ordinal);
        });
}
