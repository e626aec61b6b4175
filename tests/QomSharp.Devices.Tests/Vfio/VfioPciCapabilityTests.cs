using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using QomSharp.Devices.Host;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Devices.Vfio;

namespace QomSharp.Devices.Tests.Vfio;

/// <summary>
/// The capabilities an assigned function shows the guest, rebuilt from the host's by QEMU 10.0's
/// rules (hw/vfio/pci.c). No VFIO device exists here, so each expected value is worked out from the
/// rule named beside it for one host function: PM at 0x40, MSI at 0x50, PCI Express (endpoint) at
/// 0x70, MSI-X at 0xb0, a vendor capability at 0xc0; AER at 0x100, ARI at 0x150, SR-IOV at 0x160,
/// Resizable BAR at 0x200, Device Serial Number at 0x300.
/// </summary>
public sealed class VfioPciCapabilityTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("qomsharp-vfiocap-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    // Each capability's bytes, padded with a recognisable filler up to the next one.
    private static string Bytes(int length, params byte[] head) =>
        string.Join(' ', head.Concat(Enumerable.Range(0, length - head.Length).Select(i => (byte)(0xa0 + (i % 16)))).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    // PCI Express v2 endpoint: flags, DEVCAP (FLR), DEVCTL/DEVSTA, LNKCAP x8 8 GT/s, LNKCTL, LNKSTA; LNKCAP2 follows at 0x2c.
    private static readonly byte[] ExpressHead = [0x10, 0x00, 0x02, 0x00, 0xc2, 0x8f, 0x00, 0x10, 0x10, 0x29, 0x00, 0x00, 0x83, 0x70, 0x41, 0x00, 0x40, 0x00, 0x83, 0x10];

    private static readonly Dictionary<string, string> Defaults = new()
    {
        // PMC 0xc803, PMCSR NoSoftReset.
        ["pm"] = Bytes(0x10, 0x01, 0x00, 0x03, 0xc8, 0x08, 0x00),
        // MSI: 64-bit, per-vector mask, 32 vectors; the host has 8 enabled and MSI on.
        ["msi"] = Bytes(0x20, 0x05, 0x00, 0xbb, 0x01),
        // PCI Express v2 endpoint; LNKCAP x8 8 GT/s, LNKCTL, LNKSTA, ..., LNKCAP2, LNKCTL2, LNKSTA2.
        ["exp"] = Bytes(0x40, [.. ExpressHead, .. new byte[0x2c - ExpressHead.Length], 0x1e, 0x00, 0x00, 0x00, 0x03, 0x00, 0x01, 0x00]),
        // MSI-X: 64 vectors, enabled on the host; table in BAR0 at 0x2000, PBA in BAR0 at 0x3000.
        ["msix"] = Bytes(0x10, 0x11, 0x00, 0x3f, 0x80, 0x00, 0x20, 0x00, 0x00, 0x00, 0x30, 0x00, 0x00),
        ["vendor"] = Bytes(0x40, 0x09, 0x00, 0x08, 0x5a),
        ["aer"] = Bytes(0x50, 0x01, 0x00, 0x02, 0x00, 0x11, 0x22, 0x33, 0x44),
        ["ari"] = Bytes(0x10, 0x0e, 0x00, 0x01, 0x00),
        ["sriov"] = Bytes(0xa0, 0x10, 0x00, 0x01, 0x00),
        // Resizable BAR, one BAR (0): 1 MiB to 2 GiB offered, 16 MiB set; a stray bit 16 in control.
        ["rebar"] = Bytes(0x100, 0x15, 0x00, 0x01, 0x00, 0xf0, 0xff, 0x00, 0x00, 0x20, 0x04, 0x01, 0x00),
        ["dsn"] = Bytes(0x0c, 0x03, 0x00, 0x01, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88),
    };

    private static readonly (string Name, int Offset)[] Layout =
        [("pm", 0x40), ("msi", 0x50), ("exp", 0x70), ("msix", 0xb0), ("vendor", 0xc0), ("aer", 0x100), ("ari", 0x150), ("sriov", 0x160), ("rebar", 0x200), ("dsn", 0x300)];

    // A host with the function at 05:00.0 (Intel E810-like ids), BAR0 64 KiB 64-bit.
    private string HostWith(Dictionary<string, string>? overrides = null, string bars = """{ "index": 0, "type": "memory", "size": "0x10000", "prefetch": true, "64bit": true }""")
    {
        var caps = Layout.Select(l => $$"""{ "offset": "0x{{l.Offset:x}}", "bytes": "{{overrides?.GetValueOrDefault(l.Name) ?? Defaults[l.Name]}}" }""");
        string path = Path.Combine(directory, $"host{Guid.NewGuid():N}.json");
        File.WriteAllText(path, $$"""
            { "iommus": [ { "name": "dmar0", "version": "6:0", "address": "0xaa3fc000", "cap": "0x9ed008c40780466", "ecap": "0x3ee9e86f050df" } ],
              "groups": [ { "id": 3, "reserved_regions": [] } ],
              "devices": [ { "address": "0000:05:00.0", "vendor": "0x8086", "device": "0x1592", "group": 3, "iommu": "dmar0", "driver": "vfio-pci",
                             "class": "0x020000", "subsystem_vendor": "0x8086", "subsystem_device": "0x0002", "irq_pin": 1,
                             "bars": [ {{bars}} ],
                             "capabilities": [ {{string.Join(", ", caps)}} ] } ] }
            """);
        return path;
    }

    private ToolRun Run(string device, params string[] extra) => RunOn(HostWith(), device, extra);

    private static ToolRun RunOn(string host, string device, params string[] extra)
    {
        var run = ToolRun.Of(["-host", host, .. extra, "-device", device]);
        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        return run;
    }

    private static uint Read(ToolRun run, string id, int offset, int length = 4) => run.Resolve<VfioPci>("/machine/peripheral/" + id).ReadConfigSpace(offset, length);

    // The standard list: each capability's (offset, id) from the pointer at 0x34.
    private static List<(int, int)> StandardList(ToolRun run, string id)
    {
        var list = new List<(int, int)>();
        for (int at = (int)Read(run, id, 0x34, 1); at != 0; at = (int)Read(run, id, at + 1, 1))
        {
            list.Add((at, (int)Read(run, id, at, 1)));
        }

        return list;
    }

    private static List<(int, uint)> ExtendedList(ToolRun run, string id)
    {
        var list = new List<(int, uint)>();
        for (int at = 0x100; at != 0; at = (int)(Read(run, id, at) >> 20))
        {
            list.Add((at, Read(run, id, at) & 0xfffff));
        }

        return list;
    }

    /// <summary>On a root port: every standard capability in the host's place and order; the extended list without ARI and SR-IOV.</summary>
    [Fact]
    public void BehindARootPortTheListsAreTheHostsLessWhatQemuDrops()
    {
        var run = Run("vfio-pci,host=05:00.0,id=nic,bus=rp", "-device", "pcie-root-port,id=rp,chassis=1");
        Assert.Equal(0x10u, Read(run, "nic", 0x06, 2) & 0x10);
        Assert.Equal([(0x40, 0x01), (0x50, 0x05), (0x70, 0x10), (0xb0, 0x11), (0xc0, 0x09)], StandardList(run, "nic"));

        // vfio_add_ext_cap: ARI (0x0e) and SR-IOV (0x10) are skipped; the rest keep id, version and place.
        Assert.Equal([(0x100, 0x20001u), (0x200, 0x10015u), (0x300, 0x10003u)], ExtendedList(run, "nic"));
        Assert.Equal(0x44332211u, Read(run, "nic", 0x104));
        Assert.Equal(0x88776655u, Read(run, "nic", 0x308));

        // Registers QEMU does not emulate read through: the host's PM registers and vendor bytes.
        Assert.Equal(0xc803u, Read(run, "nic", 0x42, 2));
        Assert.Equal(0x0008u, Read(run, "nic", 0x44, 2));
        Assert.Equal(0x5a08u, Read(run, "nic", 0xc2, 2));

        // An endpoint below a root port keeps its type, version and link registers.
        Assert.Equal(0x0002u, Read(run, "nic", 0x72, 2));
        Assert.Equal(0x00417083u, Read(run, "nic", 0x7c));
        Assert.Equal(0x1e, (int)Read(run, "nic", 0x9c));
    }

    /// <summary>msi_init and msix_init write the MSI and MSI-X registers afresh (QEMU emulates both): nothing enabled, the host's sizes.</summary>
    [Fact]
    public void MsiAndMsixAreEmulatedFromTheHostsSizes()
    {
        var run = Run("vfio-pci,host=05:00.0,id=nic,bus=rp", "-device", "pcie-root-port,id=rp,chassis=1");

        // MSI: 32 vectors (QMC 5), 64-bit, per-vector mask; none enabled; after msi_reset the
        // address, data, mask and pending registers read 0 (the host's filler bytes do not show).
        Assert.Equal(0x018au, Read(run, "nic", 0x52, 2));
        Assert.Equal([0u, 0u, 0u, 0u, 0u], new[] { 0x54, 0x58, 0x5c, 0x60, 0x64 }.Select(o => o == 0x5c ? Read(run, "nic", o, 2) : Read(run, "nic", o)));

        // MSI-X: 64 entries (0x3f), enable and function mask clear; table BAR0 0x2000, PBA BAR0 0x3000.
        Assert.Equal(0x003fu, Read(run, "nic", 0xb2, 2));
        Assert.Equal(0x2000u, Read(run, "nic", 0xb4));
        Assert.Equal(0x3000u, Read(run, "nic", 0xb8));
        Assert.Equal((64, 0, 0x2000u, 0, 0x3000u), run.Resolve<VfioPci>("/machine/peripheral/nic").GuestMsix);
    }

    /// <summary>On the root bus (pcie.0) an endpoint becomes a root complex integrated endpoint and its link registers read 0.</summary>
    [Fact]
    public void OnTheRootBusAnEndpointBecomesAnIntegratedEndpoint()
    {
        var run = Run("vfio-pci,host=05:00.0,id=nic,addr=5");
        Assert.Equal(0x0092u, Read(run, "nic", 0x72, 2));
        Assert.Equal(0u, Read(run, "nic", 0x7c));
        Assert.Equal(0u, Read(run, "nic", 0x80));
        Assert.Equal(0u, Read(run, "nic", 0x9c));
        Assert.Equal(0u, Read(run, "nic", 0xa0));
        Assert.Equal([(0x100, 0x20001u), (0x200, 0x10015u), (0x300, 0x10003u)], ExtendedList(run, "nic"));
    }

    /// <summary>
    /// Behind a conventional bridge of a PCI Express machine the PCI Express capability is left out
    /// of the list and no extended list is built (the device's own is read through).
    /// </summary>
    [Fact]
    public void BehindAConventionalBridgeThePciExpressCapabilityIsHidden()
    {
        var run = Run("vfio-pci,host=05:00.0,id=nic,bus=br,addr=1", "-device", "pci-bridge,id=br,chassis_nr=1");
        Assert.Equal([(0x40, 0x01), (0x50, 0x05), (0xb0, 0x11), (0xc0, 0x09)], StandardList(run, "nic"));
        Assert.Equal(0x15020001u, Read(run, "nic", 0x100));
    }

    /// <summary>A root complex integrated endpoint below a root port becomes an endpoint with an x1 2.5 GT/s link; version 0 reads 1.</summary>
    [Fact]
    public void AnIntegratedEndpointBelowARootPortBecomesAnEndpoint()
    {
        string exp = Defaults["exp"].Replace("10 00 02 00", "10 00 90 00", StringComparison.Ordinal);
        var run = RunOn(HostWith(new() { ["exp"] = exp }), "vfio-pci,host=05:00.0,id=nic,bus=rp", "-device", "pcie-root-port,id=rp,chassis=1");
        Assert.Equal(0x0001u, Read(run, "nic", 0x72, 2));
        Assert.Equal(0x11u, Read(run, "nic", 0x7c));
        Assert.Equal(0u, Read(run, "nic", 0x80, 2));
    }

    /// <summary>vfio_setup_rebar_ecap: BAR 0 offers only its current size (16 MiB, bit 8) and its control keeps size, count and index.</summary>
    [Fact]
    public void ResizableBarOffersOnlyTheCurrentSize()
    {
        var run = Run("vfio-pci,host=05:00.0,id=nic,bus=rp", "-device", "pcie-root-port,id=rp,chassis=1");
        Assert.Equal(0x100u, Read(run, "nic", 0x204));
        Assert.Equal(0x420u, Read(run, "nic", 0x208));
    }

    /// <summary>A current size above 512 GiB cannot be offered alone: the capability is left out.</summary>
    [Fact]
    public void ResizableBarAbove512GiBIsLeftOut()
    {
        string rebar = Defaults["rebar"].Replace("20 04 01 00", "20 14 00 00", StringComparison.Ordinal);
        var run = RunOn(HostWith(new() { ["rebar"] = rebar }), "vfio-pci,host=05:00.0,id=nic,bus=rp", "-device", "pcie-root-port,id=rp,chassis=1");
        Assert.Equal([(0x100, 0x20001u), (0x300, 0x10003u)], ExtendedList(run, "nic"));
    }

    [Theory]
    // vfio_setup_pcie_cap: only endpoints (here a root port, type 4).
    [InlineData("exp", "10 00 02 00", "10 00 42 00", "failed to add PCI capability 0x10[0x40]@0x70: assignment of PCIe type 0x4 devices is not currently supported")]
    // vfio_msix_early_setup: the PBA at 0x20000 is past the 64 KiB BAR.
    [InlineData("msix", "00 30 00 00", "00 00 02 00", "hardware reports invalid configuration, MSIX PBA outside of specified BAR")]
    // msix_init: a table of 64 entries at 0xfe00 runs past the BAR.
    [InlineData("msix", "00 20 00 00", "00 fe 00 00", "failed to add PCI capability 0x11[0x10]@0xb0: table & pba overlap, or they don't fit in BARs, or don't align")]
    public void HostCapabilitiesQemuCannotUseAreRefused(string name, string from, string to, string message)
    {
        string bytes = Defaults[name].Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Defaults[name], bytes);
        string option = "vfio-pci,host=05:00.0,bus=rp";
        var run = ToolRun.Of("-host", HostWith(new() { [name] = bytes }), "-device", "pcie-root-port,id=rp,chassis=1", "-device", option);
        Assert.Equal((1, ToolRun.Refusal(option, "vfio 0000:05:00.0: " + message)), (run.ExitCode, run.Error));
    }

    /// <summary>
    /// vfio_pci_relocate_msix: into an absent BAR 2, a new 64-bit prefetchable BAR of 4 KiB (64 entries
    /// and their PBA, rounded to a page); into BAR 0, BAR 0 doubled with the table in its upper half.
    /// </summary>
    [Fact]
    public void MsixRelocationMovesTheTableAndPba()
    {
        var run = Run("vfio-pci,host=05:00.0,id=nic,addr=5,x-msix-relocation=bar2");
        Assert.Equal((64, 2, 0u, 2, 0x400u), run.Resolve<VfioPci>("/machine/peripheral/nic").GuestMsix);
        Assert.Equal(0x2u, Read(run, "nic", 0xb4));
        Assert.Equal(0x402u, Read(run, "nic", 0xb8));
        var bars = QmpTranscript.Run(run.Context, """{"execute": "query-pci"}""")[0]["return"]!.AsArray()
            .SelectMany(b => b!["devices"]!.AsArray()).Single(d => d!["qdev_id"]!.GetValue<string>() == "nic")!["regions"]!;
        Assert.Equal("""[{"bar":0,"type":"memory","address":-1,"size":65536,"prefetch":true,"mem_type_64":true},{"bar":2,"type":"memory","address":-1,"size":4096,"prefetch":true,"mem_type_64":true}]""",
            bars.ToJsonString());

        run = Run("vfio-pci,host=05:00.0,id=nic,bus=rp,x-msix-relocation=bar0", "-device", "pcie-root-port,id=rp,chassis=1");
        Assert.Equal((64, 0, 0x10000u, 0, 0x10400u), run.Resolve<VfioPci>("/machine/peripheral/nic").GuestMsix);
    }

    [Theory]
    [InlineData("x-msix-relocation=auto", "No automatic MSI-X relocation available for device 8086:1592")]
    [InlineData("x-msix-relocation=bar1", "Invalid MSI-X relocation BAR 1, consumed by 64-bit BAR 0")]
    public void MsixRelocationRefusals(string relocation, string message)
    {
        string option = "vfio-pci,host=05:00.0,bus=rp," + relocation;
        var run = ToolRun.Of("-host", HostWith(), "-device", "pcie-root-port,id=rp,chassis=1", "-device", option);
        Assert.Equal((1, ToolRun.Refusal(option, "vfio 0000:05:00.0: " + message)), (run.ExitCode, run.Error));
    }

    /// <summary>A function the host describes without capabilities has none (the list pointer reads 0).</summary>
    [Fact]
    public void NoHostCapabilitiesNoList()
    {
        var run = ToolRun.Of("-device", "vfio-pci,host=98:00.0,id=gpu");
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(0u, Read(run, "gpu", 0x34, 1));
        Assert.Null(run.Resolve<VfioPci>("/machine/peripheral/gpu").GuestMsix);
    }

    /// <summary>The description's capabilities are written back as read; sysfs' config file gives the same list (sized to the next one).</summary>
    [Fact]
    public void CapabilitiesRoundTripThroughJsonAndSysfs()
    {
        HostModel host = HostJson.Parse(File.ReadAllText(HostWith()));
        HostPciConfig config = host.FindDevice(PciHostAddress.Parse("0000:05:00.0"))!.Config!;
        Assert.Equal(Layout.Select(l => l.Offset), config.Capabilities.Select(c => c.Offset));
        Assert.Equal(config, HostJson.Parse(HostJson.Write(host)).FindDevice(PciHostAddress.Parse("0000:05:00.0"))!.Config);

        using var tree = new FakeSysfsTree();
        tree.PciDevice("0000:05:00.0", "0x8086", "0x1592", 3, "dmar0");
        tree.Write("kernel/iommu_groups/3/reserved_regions", "");
        tree.VtdUnit("dmar0", "aa3fc000", "9ed008c40780466", "3ee9e86f050df");
        tree.Write("bus/pci/devices/0000:05:00.0/class", "0x020000\n");
        tree.Write("bus/pci/devices/0000:05:00.0/revision", "0x00\n");
        tree.Write("bus/pci/devices/0000:05:00.0/subsystem_vendor", "0x8086\n");
        tree.Write("bus/pci/devices/0000:05:00.0/subsystem_device", "0x0002\n");
        tree.Write("bus/pci/devices/0000:05:00.0/resource", "0x0000000000000000 0x000000000000ffff 0x000000000014220c\n");
        byte[] space = HostPciCapability.Space(config.Capabilities);
        space[0x3d] = 1;
        File.WriteAllBytes(Path.Combine(tree.Root, "bus/pci/devices/0000:05:00.0/config"), space);
        HostPciConfig read = SysfsHost.Read(tree.Root).FindDevice(PciHostAddress.Parse("0000:05:00.0"))!.Config!;
        // Each runs to the next one up, the last extended one to the end of the 4 KiB space.
        Assert.Equal(config.Capabilities.Select(c => (c.Offset, c.Id, c.Offset == 0x300 ? 0xd00 : c.Bytes.Count)), read.Capabilities.Select(c => (c.Offset, c.Id, c.Bytes.Count)));

        // Read as a 256-byte file (a user's read of sysfs): the standard capabilities only.
        File.WriteAllBytes(Path.Combine(tree.Root, "bus/pci/devices/0000:05:00.0/config"), space[..256]);
        Assert.Equal([0x40, 0x50, 0x70, 0xb0, 0xc0], SysfsHost.Read(tree.Root).FindDevice(PciHostAddress.Parse("0000:05:00.0"))!.Config!.Capabilities.Select(c => c.Offset));
    }

    [Theory]
    [InlineData("""{ "offset": "0x42", "bytes": "01 00" }""", "h.json: $.devices[0].capabilities[0]: offset 0x42 is not a dword-aligned offset past the 64-byte header")]
    [InlineData("""{ "offset": "0x40", "bytes": "05 00 0c 00" }""", "h.json: $.devices[0].capabilities[0]: MSI multiple message capable field above 5 (32 vectors) is reserved")]
    [InlineData("""{ "offset": "0x40", "bytes": "11 00 3f 00" }""", "h.json: $.devices[0].capabilities[0]: capability 0x11 needs at least 12 bytes, has 4")]
    [InlineData("""{ "offset": "0x40", "bytes": "01 00 03 c8" }, { "offset": "0x42", "bytes": "05 00" }""", "h.json: $.devices[0].capabilities[1]: offset 0x42 is not a dword-aligned offset past the 64-byte header")]
    [InlineData("""{ "offset": "0x40", "bytes": "01 00 03 c8 00 00" }, { "offset": "0x44", "bytes": "09 00" }""", "h.json: $.devices[0]: capability at 0x44 overlaps the one at 0x40")]
    [InlineData("""{ "offset": "0x200", "bytes": "01 00 02 00" }""", "h.json: $.devices[0]: the extended capability list does not start at 0x100")]
    [InlineData("""{ "offset": "0x40", "bytes": "1g" }""", "h.json: $.devices[0].capabilities[0].bytes: expected bytes as pairs of hex digits, e.g. \"01 48 03 c8\"")]
    public void BadCapabilitiesAreRefused(string capabilities, string message)
    {
        string json = $$"""
            { "iommus": [], "groups": [ { "id": 3 } ],
              "devices": [ { "address": "0000:05:00.0", "vendor": "0x8086", "device": "0x1592", "class": "0x020000", "capabilities": [ {{capabilities}} ] } ] }
            """;
        Assert.Equal(message, Assert.Throws<HostFormatException>(() => HostJson.Parse(json, "h.json")).Message);
    }
}
