using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// The q35 board's own devices against QEMU 10.0 (capture_q35.py): the host bridge
/// <c>q35-pcihost</c> with the values that follow <c>-m</c> and the machine options, and the ICH9
/// functions at 00:1f, with every property and value; their regions and lines are compared as a set.
/// </summary>
public class Q35BoardTests
{
    /// <summary>The property lists of the host and the ICH9 functions and every value, on q35 and on pc-q35-9.1 (whose compatibility properties turn two of the LPC's SMI features off).</summary>
    [Theory]
    [InlineData("q35", "qmp-q35-board.txt")]
    [InlineData("pc-q35-9.1", "qmp-q35-board-pc-q35-9.1.txt")]
    public void HostAndIch9PropertiesAndValuesAreQemu10s(string machine, string transcript)
    {
        var pairs = Qemu10Reference.Transcript(transcript);
        var context = ToolRun.Of("-machine", machine).Context;
        var replies = QmpTranscript.Run(context, pairs.Select(p => p.Command).ToArray());
        Assert.Equal(pairs.Count, replies.Count);
        Assert.True(pairs.Count > 100, $"only {pairs.Count} commands");
        for (int i = 0; i < pairs.Count; i++)
        {
            var expected = JsonNode.Parse(pairs[i].Reply)!;
            DropUnmodelled(expected);
            Qemu10Regions.Normalize(replies[i]);

            Assert.True(JsonNode.DeepEquals(expected, replies[i]), $"{pairs[i].Command}\n  QEMU 10.0: {expected.ToJsonString()}\n  QomSharp:  {replies[i].ToJsonString()}");
        }
    }

    /// <summary>
    /// <c>ich9-ahci</c> created by the user, by its name and its alias, beside the board's: where it
    /// lands, what <c>query-pci</c> and <c>info pci</c> show, its properties; it cannot be hot-plugged
    /// on the root bus, and <c>ICH9-SMB</c> cannot be created at all.
    /// </summary>
    [Fact]
    public void UserAhciControllersAreQemu10s()
    {
        var pairs = Qemu10Reference.Transcript("qmp-ich9-ahci-user.txt");
        var context = ToolRun.Of("-machine", "q35", "-device", "ich9-ahci,id=sata1,addr=5", "-device", "ahci,id=sata2").Context;
        var replies = QmpTranscript.Run(context, pairs.Select(p => p.Command).ToArray());
        Assert.Equal(7, replies.Count);
        for (int i = 0; i < pairs.Count; i++)
        {
            var expected = JsonNode.Parse(pairs[i].Reply)!;
            DropUnmodelled(expected);
            Qemu10Regions.Normalize(replies[i]);
            Assert.True(JsonNode.DeepEquals(expected, replies[i]), $"{pairs[i].Command}\n  QEMU 10.0: {expected.ToJsonString()}\n  QomSharp:  {replies[i].ToJsonString()}");
        }
    }

    private static void DropUnmodelled(JsonNode reply)
    {
        Qemu10Regions.DropUnmodelledRows(reply);
        Qemu10Regions.Normalize(reply);
    }

    public static TheoryData<int> MemoryCases()
    {
        var data = new TheoryData<int>();
        int count = JsonNode.Parse(Qemu10Reference.Read("q35-host-memory.json"))!.AsArray().Count;
        for (int i = 0; i < count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    /// <summary>
    /// Every value of <c>/machine/q35</c> on a command line of <c>q35-host-memory.json</c>: the RAM
    /// split at the q35 low-memory limit, <c>max-ram-below-4g</c>, hot-plug memory, SMM, IOMMU
    /// bypass, and the machine versions' compatibility values.
    /// </summary>
    [Theory]
    [MemberData(nameof(MemoryCases))]
    public void HostValuesFollowMemoryAndMachineOptionsAsQemu10(int index)
    {
        var row = JsonNode.Parse(Qemu10Reference.Read("q35-host-memory.json"))!.AsArray()[index]!;
        string[] args = row["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();
        var run = ToolRun.Of(args);
        Assert.True(run.ExitCode == 0, run.Error);
        var host = run.Context.ResolvePath("/machine/q35")!;
        var values = row["values"]!.AsObject();
        Assert.Equal(17, values.Count);
        foreach (var (name, expected) in values)
        {
            Assert.True(JsonNode.DeepEquals(expected, host.GetPropertyValue(name)), $"{string.Join(' ', args)}: {name} is {host.GetPropertyValue(name)?.ToJsonString()}, QEMU 10.0 {expected?.ToJsonString()}");
        }
    }

    [Fact]
    public void TypesAndParentsAreQemu10s() => Qemu10TypeListing.AssertListedAsQemu10("qom-list-types-q35-board.json", 6);

    /// <summary>The functions sit at QEMU's /machine/unattached indices, which follow the machine options that add or drop board devices before them.</summary>
    [Theory]
    [InlineData("q35", "ICH9-LPC", 2, "ich9-ahci", 12, "ICH9-SMB", 13)]
    [InlineData("q35,hpet=off,sata=off", "ICH9-LPC", 2, null, 0, "ICH9-SMB", 11)]
    [InlineData("q35,i8042=off,pic=off,pit=off,smbus=off", "ICH9-LPC", 2, "ich9-ahci", 4, null, 0)]
    [InlineData("q35,vmport=off,smm=off", "ICH9-LPC", 2, "ich9-ahci", 10, "ICH9-SMB", 11)]
    public void FunctionsTakeQemusUnattachedIndices(string machine, string lpc, int lpcIndex, string? ahci, int ahciIndex, string? smbus, int smbusIndex)
    {
        // Indices from QEMU 10.0's `info qom-tree /machine/unattached` with these machine options.
        var context = ToolRun.Of("-machine", machine).Context;
        Assert.Equal(lpc, context.ResolvePath($"/machine/unattached/device[{lpcIndex}]")?.TypeName);
        Assert.Equal(ahci, ahci is null ? null : context.ResolvePath($"/machine/unattached/device[{ahciIndex}]")?.TypeName);
        Assert.Equal(smbus, smbus is null ? null : context.ResolvePath($"/machine/unattached/device[{smbusIndex}]")?.TypeName);
        int functions = context.ResolvePath("/machine/unattached")!.Children.Count(c => c.Child is QomSharp.Devices.Pci.PciDevice);
        Assert.Equal(1 + (ahci is null ? 0 : 1) + (smbus is null ? 0 : 1), functions);
    }
}
