namespace QomSharp.Tool.Tests;

/// <summary>-device in its JSON form (typed values, no QemuOpts id checks) and the warnings for unused -global.</summary>
public class JsonDeviceAndGlobalCheckTests
{
    [Fact]
    public void JsonDeviceIsTyped()
    {
        var run = ToolRun.Of("-device", """{"driver": "test-busless", "id": "1ok", "level": 7, "label": "x"}""");
        Assert.Equal(string.Empty, run.Error);
        var device = (TestBuslessDevice)run.Context.ResolvePath("/machine/peripheral/1ok")!;
        Assert.Equal((7, "x"), (device.Level, device.Label));
    }

    [Theory]
    [InlineData("""{"id": "a"}""", "Parameter 'driver' is missing")]
    [InlineData("""{"driver": "test-busless", "level": "7"}""", "Parameter 'level' expects uint64")]
    [InlineData("""{"driver": "test-busless", "fail-realize": "on"}""", "Invalid parameter type for 'fail-realize', expected: boolean")]
    [InlineData("{bad", "JSON parse error, invalid keyword 'bad'")]
    public void JsonDeviceErrors(string json, string message)
    {
        var run = ToolRun.Of("-device", json);
        Assert.Equal($"qomsharp: -device {json}: {message}\n", run.Error);
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public void JsonDevicesMeetDuplicateIdsInQdevNotInQemuOpts()
    {
        var run = ToolRun.Of("-device", "test-busless,id=a", "-device", """{"driver": "test-busless", "id": "a"}""");
        Assert.Equal("qomsharp: -device {\"driver\": \"test-busless\", \"id\": \"a\"}: Duplicate device ID 'a'\n", run.Error);
    }

    [Fact]
    public void UnusedGlobalsWarnAfterMachineCreation()
    {
        var run = ToolRun.Of("-global", "nosuch.x=1", "-global", "test-busless.level=2", "-global", "test-internal.x=1");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("qomsharp: warning: global nosuch.x has invalid class name\n", run.Error);
    }
}
