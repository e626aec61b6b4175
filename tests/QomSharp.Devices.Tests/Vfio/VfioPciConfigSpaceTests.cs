using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Vfio;

/// <summary>
/// vfio-pci's configuration space over qtest (QEMU cannot assign a device on the machine the
/// references were captured on, so it is checked against the host model it is built from): the
/// host function's ids, class, revision, subsystem and pin, the <c>x-pci-*-id</c> overrides, and
/// BAR and ROM BAR sizing.
/// </summary>
public class VfioPciConfigSpaceTests
{
    // MMCONFIG base programmed through the MCH's PCIEXBAR; 05.0 is devfn 0x28.
    private const string Prologue = "outl 0xcf8 0x80000060\noutl 0xcfc 0xb0000001\n";
    private const ulong Function = 0xb0028000;

    private static JsonElement HostFunction(string address)
    {
        string json = System.IO.File.ReadAllText(System.IO.Path.Combine(Reference.RepositoryRoot(), "devices", "QomSharp.Devices", "Host", "default-host.json"));
        return JsonDocument.Parse(json).RootElement.GetProperty("devices").EnumerateArray()
            .Single(d => d.GetProperty("address").GetString() == "0000:" + address).Clone();
    }

    private static uint Hex(JsonElement e, string name) => Convert.ToUInt32(e.GetProperty(name).GetString(), 16);

    private static uint[] Read(string device, string script)
    {
        var run = ToolRun.WithInput(Prologue + script, "-machine", "q35", "-device", device, "-S", "-qtest", "stdio");
        Assert.Equal(string.Empty, run.Error);
        return run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).Where(l => l.StartsWith("OK 0x", StringComparison.Ordinal))
            .Select(l => (uint)ulong.Parse(l.AsSpan(5), NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
    }

    private static string ReadLong(int offset) => string.Create(CultureInfo.InvariantCulture, $"readl 0x{Function + (ulong)offset:x}\n");

    [Fact]
    public void HeaderShowsTheHostFunction()
    {
        var host = HostFunction("98:00.0");
        var values = Read("vfio-pci,host=98:00.0,addr=05.0", ReadLong(0) + ReadLong(8) + ReadLong(0x2c) + ReadLong(0x3c) + ReadLong(0x34));
        Assert.Equal((Hex(host, "device") << 16) | Hex(host, "vendor"), values[0]);
        Assert.Equal((Hex(host, "class") << 8) | Hex(host, "revision"), values[1]);
        Assert.Equal((Hex(host, "subsystem_device") << 16) | Hex(host, "subsystem_vendor"), values[2]);
        Assert.Equal((uint)host.GetProperty("irq_pin").GetInt32() << 8, values[3]);
        Assert.Equal(0u, values[4]);
    }

    [Fact]
    public void IdOverridesChangeTheHeader()
    {
        var values = Read("vfio-pci,host=98:00.0,addr=05.0,x-pci-vendor-id=0x1234,x-pci-device-id=0x5678,x-pci-sub-vendor-id=0x9abc,x-pci-sub-device-id=0xdef0",
            ReadLong(0) + ReadLong(0x2c));
        Assert.Equal(0x56781234u, values[0]);
        Assert.Equal(0xdef09abcu, values[1]);
    }

    [Fact]
    public void BarsSizeAsTheHostsAndTheRomBarAsItsRom()
    {
        var host = HostFunction("98:00.0");
        string script = string.Concat(Enumerable.Range(0, 6).Select(i => string.Create(CultureInfo.InvariantCulture, $"writel 0x{Function + 0x10 + (ulong)(4 * i):x} 0xffffffff\n")))
            + string.Create(CultureInfo.InvariantCulture, $"writel 0x{Function + 0x30:x} 0xffffffff\n")
            + string.Concat(Enumerable.Range(0, 6).Select(i => ReadLong(0x10 + (4 * i)))) + ReadLong(0x30);
        var values = Read("vfio-pci,host=98:00.0,addr=05.0", script);
        var expected = new uint[7];
        foreach (var bar in host.GetProperty("bars").EnumerateArray())
        {
            ulong size = Convert.ToUInt64(bar.GetProperty("size").GetString(), 16);
            int index = bar.GetProperty("index").GetInt32();
            bool is64 = bar.GetProperty("64bit").GetBoolean();
            ulong mask = ~(size - 1);
            expected[index] = (uint)mask | (is64 ? 4u : 0) | (bar.GetProperty("prefetch").GetBoolean() ? 8u : 0);
            if (is64)
            {
                expected[index + 1] = (uint)(mask >> 32);
            }
        }

        expected[6] = (uint)~(Convert.ToUInt64(host.GetProperty("rom_size").GetString(), 16) - 1) | 1;
        Assert.Equal(expected, values);
    }

    [Fact]
    public void NoRomBarWithRombarZero()
    {
        var values = Read("vfio-pci,host=98:00.0,addr=05.0,rombar=0", string.Create(CultureInfo.InvariantCulture, $"writel 0x{Function + 0x30:x} 0xffffffff\n") + ReadLong(0x30));
        Assert.Equal(0u, values[0]);
    }
}
