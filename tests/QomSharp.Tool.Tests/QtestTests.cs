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

    [Fact]
    public void ReadsAndWritesIoPorts()
    {
        // Nothing is at port 0x80 on the test board: it reads all ones, as QEMU's unassigned I/O
        // does (QEMU 10.0 on q35 answers `inb 0x1234` with OK 0x00ff, `inl` with OK 0xffffffff).
        var run = ToolRun.WithInput("outb 0x80 0x12\ninb 0x80\ninw 0x80\ninl 0x80\noutl 0x80\ninl\ninl zz\noutw 0x80 zz\ninq 0x80\n",
            "-machine", "test-board", "-qtest", "stdio");
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(
            "OK\n" +
            "OK 0x00ff\n" +
            "OK 0xffff\n" +
            "OK 0xffffffff\n" +
            "FAIL malformed 'outl' request\n" +
            "FAIL malformed 'inl' request\n" +
            "FAIL malformed 'inl' request\n" +
            "FAIL malformed 'outw' request\n" +
            "FAIL Unknown command 'inq'\n",
            run.Output);
    }

    /// <summary>
    /// A guest's S3 once shut down (-no-shutdown): QEMU 10.0 reports the invalid run-state transition
    /// and aborts (qtest-runstate-more.txt, the last section): the run ends there, the message on
    /// stderr, exit code 134; the lines after it are not read.
    /// </summary>
    [Fact]
    public void ASuspendOnceShutDownEndsTheRunAsQemusAbort()
    {
        const string PmOn = "outl 0xcf8 0x8000f840\noutl 0xcfc 0x601\noutl 0xcf8 0x8000f844\noutb 0xcfc 0x80\n";
        var run = ToolRun.WithInput(PmOn + "outw 0x604 0x2001\noutw 0x604 0x2401\ninb 0x61\n",
            "-nodefaults", "-machine", "q35", "-no-shutdown", "-qtest", "stdio");
        Assert.Equal("qomsharp: invalid runstate transition: 'shutdown' -> 'suspended'\n", run.Error);
        Assert.Equal(134, run.ExitCode);
        Assert.Equal(6, run.Output.Split('\n', System.StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
