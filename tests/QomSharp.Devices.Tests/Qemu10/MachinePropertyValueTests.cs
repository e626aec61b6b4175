using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// The machine properties stored without a modelled effect, read on QEMU 10.0 and here
/// (capture_machine_props.py): their initial values on q35, pc-q35-9.1 and none, the memory
/// property after <c>-m</c> with slots, values given with <c>-machine</c> read back, and <c>boot</c>
/// given with <c>-machine</c> and set over QMP (a refused value changes nothing).
/// </summary>
public sealed class MachinePropertyValueTests
{
    [Theory]
    [InlineData("qmp-machine-props-q35.txt", new[] { "-machine", "q35" })]
    [InlineData("qmp-machine-props-pc-q35-9.1.txt", new[] { "-machine", "pc-q35-9.1" })]
    [InlineData("qmp-machine-props-none.txt", new[] { "-machine", "none" })]
    [InlineData("qmp-machine-props-memory.txt", new[] { "-machine", "q35", "-m", "1G,slots=2,maxmem=4G" })]
    [InlineData("qmp-machine-props-memory-merge.txt", new[] { "-m", "2G,slots=2,maxmem=4G", "-machine", "q35,memory.size=1G,memory.max-size=8G" })]
    [InlineData("qmp-machine-props-smp-cache.txt", new[] { "-machine", "q35,smp-cache.0.cache=l3,smp-cache.0.topology=socket,smp-cache.1.cache=l1i,smp-cache.1.topology=default" })]
    [InlineData("qmp-machine-props-struct-types.txt", new[] { "-machine", "q35" })]
    [InlineData("qmp-machine-props-memory-option.txt", new[] { "-machine", "q35,memory.size=256M,memory.slots=2,memory.max-size=1G" })]
    [InlineData("qmp-machine-props-memory-bytes.txt", new[] { "-machine", "q35,memory.size=100000,memory.max-size=1G" })]
    [InlineData("qmp-machine-props-set.txt", new[] { "-machine", "q35,x-oem-id=ABC,x-oem-table-id=XY,phandle-start=-5,bus-lock-ratelimit=10,smbios-entry-point-type=64,nvdimm=on,nvdimm-persistence=cpu,hmat=on,cxl=on" })]
    [InlineData("qmp-machine-props-boot.txt", new[] { "-machine", "q35,boot.once=n,boot.strict=on,boot.menu=on,boot.splash-time=5,boot.reboot-timeout=7,boot.order=dc" })]
    public void ValuesAreQemu10s(string reference, string[] arguments)
    {
        var pairs = Qemu10Reference.Transcript(reference);
        Assert.NotEmpty(pairs);
        var run = ToolRun.Of(arguments);
        Assert.Equal(string.Empty, run.Error);
        var replies = QmpTranscript.Run(run.Context, pairs.Select(p => p.Command).ToArray());
        for (int i = 0; i < pairs.Count; i++)
        {
            // Member order too: QEMU's reply dictionaries list members in their hash order.
            string expected = JsonNode.Parse(pairs[i].Reply)!.ToJsonString();
            Assert.True(expected == replies[i].ToJsonString(), $"{pairs[i].Command}\n  QEMU 10.0: {expected}\n  QomSharp:  {replies[i].ToJsonString()}");
        }
    }
}
