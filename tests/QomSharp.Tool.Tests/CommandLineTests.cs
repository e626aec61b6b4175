namespace QomSharp.Tool.Tests;

/// <summary>The command line end to end (in-process): placement, QEMU's error texts, nothing left behind.</summary>
public class CommandLineTests
{
    [Fact]
    public void DefaultMachinePrintsTheCompositionTree()
    {
        var run = ToolRun.Of();
        Assert.Equal(0, run.ExitCode);
        // QEMU 10.0's info qom-tree of -machine q35 (regions.json), less the board devices not modelled.
        var reference = System.Text.Json.Nodes.JsonNode.Parse(Qemu10.Read("regions.json"))!["cases"]![0]!;
        Assert.Equal(["-machine", "q35"], reference["args"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(QomSharp.Devices.Tests.Qemu10.Qemu10Regions.FilterTree(reference["qom-tree"]!.GetValue<string>()), run.Output);
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public void DevicesArePlacedByIdOrAnonymously()
    {
        var run = ToolRun.Of("-machine", "test-board", "-device", "test-bridge,id=br0", "-device", "test-leaf,id=l0,bus=br0.0,slot=4", "-device", "test-busless,level=7");
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("  /peripheral (container)\n    /br0 (test-bridge)\n      /br0.0 (test-bus)\n      /test-bridge-regs[0] (memory-region)\n    /l0 (test-leaf)\n", run.Output);
        Assert.Contains("  /peripheral-anon (container)\n    /device[0] (test-busless)\n", run.Output);
        var leaf = (TestLeaf)run.Context.ResolvePath("/machine/peripheral/l0")!;
        Assert.Equal(4, leaf.Slot);
        Assert.True(leaf.IsRealized);
        Assert.Equal("br0.0", leaf.ParentBus!.Name);
        Assert.Equal("/machine/peripheral/l0", run.Context.ResolvePath("/machine/peripheral/br0/br0.0")!.GetPropertyString("child[0]"));
        Assert.Equal(7, ((TestBuslessDevice)run.Context.ResolvePath("/machine/peripheral-anon/device[0]")!).Level);
    }

    [Theory]
    [InlineData("nope", "-device nope: 'nope' is not a valid device model name")]
    [InlineData("device", "-device device: Parameter 'driver' expects a non-abstract device type")]
    [InlineData("test-object", "-device test-object: 'test-object' is not a valid device model name")]
    [InlineData("test-internal", "-device test-internal: Parameter 'driver' expects a pluggable device type")]
    [InlineData("test-busless,foo=1", "-device test-busless,foo=1: Property 'test-busless.foo' not found")]
    [InlineData("test-busless,level=x", "-device test-busless,level=x: Parameter 'level' expects integer")]
    [InlineData("test-busless,level=300", "-device test-busless,level=300: Parameter 'level' expects uint8_t")]
    [InlineData("test-busless,fail-realize=on", "-device test-busless,fail-realize=on: test-busless: realize refused")]
    [InlineData("test-leaf", "-device test-leaf: No 'test-bus' bus found for device 'test-leaf'")]
    [InlineData("test-leaf,bus=nope", "-device test-leaf,bus=nope: Bus 'nope' not found")]
    [InlineData("test-leaf,bus=main-system-bus", "-device test-leaf,bus=main-system-bus: Device 'test-leaf' can't go on System bus")]
    [InlineData("test-bridge", "-device test-bridge: Parameter 'driver' expects a dynamic sysbus device type for the machine")]
    public void BadDevicesFailWithQemuText(string device, string message)
    {
        var run = ToolRun.Of("-device", device);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"qomsharp: {message}\n", run.Error);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public void MalformedAndDuplicateIds()
    {
        var bad = ToolRun.Of("-device", "test-busless,id=1bad");
        Assert.Equal("qomsharp: -device test-busless,id=1bad: Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter.\n", bad.Error);
        var duplicate = ToolRun.Of("-device", "test-busless,id=a", "-device", "test-busless,id=a");
        Assert.Equal("qomsharp: -device test-busless,id=a: Duplicate ID 'a' for device\n", duplicate.Error);
        Assert.Equal(1, duplicate.ExitCode);
    }

    [Fact]
    public void FullBusIsRefused()
    {
        var run = ToolRun.Of("-machine", "test-board", "-device", "test-bridge,id=br0",
            "-device", "test-leaf,bus=br0.0", "-device", "test-leaf,bus=br0.0", "-device", "test-leaf,bus=br0.0");
        Assert.Equal("qomsharp: -device test-leaf,bus=br0.0: Bus 'br0.0' is full\n", run.Error);
    }

    [Fact]
    public void FailedRealizeLeavesNothingBehind()
    {
        var context = new QomContext();
        var tool = new QomSharpTool(new System.IO.StringReader(string.Empty), System.IO.TextWriter.Null, System.IO.TextWriter.Null);
        Assert.Equal(1, tool.Run(["-device", "test-busless,id=ok", "-device", "test-busless,id=bad,fail-realize=on"], context));
        var peripheral = context.ResolvePath("/machine/peripheral")!;
        Assert.Equal(["ok"], peripheral.Children.Select(c => c.Name).ToArray());
        // Only the board's devices are left unattached.
        Assert.Equal(Enumerable.Range(0, 22).Select(i => $"device[{i}]").ToArray(), context.ResolvePath("/machine/unattached")!.Children.Select(c => c.Name).Where(n => n.StartsWith("device[", System.StringComparison.Ordinal)).ToArray());
    }

    [Fact]
    public void GlobalsApplyToEveryMatchingDeviceLastOneWins()
    {
        var run = ToolRun.Of("-machine", "test-board", "-global", "test-busless.level=9", "-global", "device.label=x", "-global", "test-busless.level=11", "-device", "test-busless,id=a", "-device", "test-busless,id=b,level=2");
        Assert.Equal(string.Empty, run.Error);
        var a = (TestBuslessDevice)run.Context.ResolvePath("/machine/peripheral/a")!;
        var b = (TestBuslessDevice)run.Context.ResolvePath("/machine/peripheral/b")!;
        Assert.Equal((11, "x"), (a.Level, a.Label));
        Assert.Equal(2, b.Level);
    }

    [Fact]
    public void GlobalThatABoardDeviceRefusesEndsTheRun()
    {
        // QEMU names its first board device: the machine's first flash, made with the machine.
        var run = ToolRun.Of("-global", "device.label=x");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("qomsharp: can't apply global device.label=x: Property 'cfi.pflash01.label' not found\n", run.Error);
    }

    [Fact]
    public void GlobalsReachPropertiesAddedAtInstanceInit()
    {
        var run = ToolRun.Of("-global", "test-busless.dyn-level=5", "-device", "test-busless,id=d");
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(5U, ((TestBuslessDevice)run.Context.ResolvePath("/machine/peripheral/d")!).DynamicLevel);
    }

    [Fact]
    public void BadGlobalIsReportedAtTheDevice()
    {
        var run = ToolRun.Of("-global", "test-busless.level=x", "-device", "test-busless");
        Assert.Equal("qomsharp: -device test-busless: can't apply global test-busless.level=x: Parameter 'level' expects uint64\n", run.Error);
    }

    [Theory]
    [InlineData(new[] { "-bogus" }, "qomsharp: -bogus: invalid option\n")]
    [InlineData(new[] { "-device" }, "qomsharp: -device: requires an argument\n")]
    [InlineData(new[] { "-machine", "foo" }, "qomsharp: unsupported machine type: \"foo\"\nUse -machine help to list supported machines\n")]
    [InlineData(new[] { "-machine", "q35,foo=1" }, "qomsharp: Property 'pc-q35-10.0-machine.foo' not found\n")]
    [InlineData(new[] { "-object", "nope,id=x" }, "qomsharp: -object nope,id=x: Parameter 'qom-type' does not accept value 'nope'\n")]
    [InlineData(new[] { "-object", "test-object" }, "qomsharp: -object test-object: Parameter 'id' is missing\n")]
    // QEMU 10.0 creates the objects after reading all options: their errors name no option.
    [InlineData(new[] { "-object", "test-object,id=o,size=13" }, "qomsharp: test-object: unlucky size\n")]
    public void OptionErrors(string[] args, string error)
    {
        var run = ToolRun.Of(args);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(error, run.Error);
    }

    [Fact]
    public void ObjectsLiveUnderObjects()
    {
        var run = ToolRun.Of("-object", "test-object,id=mem0,size=2M");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2UL << 20, ((TestObject)run.Context.ResolvePath("/objects/mem0")!).Size);
    }
}
