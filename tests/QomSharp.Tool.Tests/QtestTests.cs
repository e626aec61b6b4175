namespace QomSharp.Tool.Tests;

/// <summary>qtest over stdio on the system address space, answered as QEMU's protocol does.</summary>
public class QtestTests
{
    [Fact]
    public void ReadsAndWritesDeviceRegisters()
    {
        var run = ToolRun.WithInput(
            "readl 0xfe000000\nreadq 0xfe000008\nwriteq 0xfe000008 0xdeadbeef\nreadq 0xfe000008\nreadb 0x1000\nwritew 0x1000 5\nbogus\nreadl\nendianness\n",
            "-machine", "test-board", "-device", "test-bridge", "-qtest", "stdio");
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(
            "OK 0x000000005a5a0001\n" +
            "OK 0x0000000000001234\n" +
            "OK\n" +
            "OK 0x00000000deadbeef\n" +
            "OK 0x0000000000000000\n" +
            "OK\n" +
            "FAIL Unknown command 'bogus'\n" +
            "FAIL malformed 'readl' request\n" +
            "OK little\n",
            run.Output);
    }
}
