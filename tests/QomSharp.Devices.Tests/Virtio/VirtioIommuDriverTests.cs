using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using QomSharp.Devices.Pci;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Devices.Virtio;
using QomSharp.Qtest;

namespace QomSharp.Devices.Tests.Virtio;

/// <summary>
/// A virtio-iommu driver written here in C#, over qtest only (configuration cycles, MMIO, guest RAM),
/// checking what the replay against QEMU 10.0 cannot see from outside: which endpoints translate
/// after ATTACH and DETACH (QEMU switches the endpoint's IOMMU region on and its bypass alias off),
/// the PROBE properties decoded, the mappings kept, and garbage rings never throwing or hanging.
/// </summary>
public sealed class VirtioIommuDriverTests
{
    private const ulong Bar = 0xe000_0000;
    private const ulong Common = Bar, Isr = Bar + 0x1000, DeviceConfig = Bar + 0x2000, NotifyArea = Bar + 0x3000;
    private const ulong DescTable = 0x10_0000, AvailRing = 0x10_1000, UsedRing = 0x10_2000;
    private const ushort QueueLength = 16;
    private const int Endpoint1 = 0x28, Endpoint2 = 0x30;
    private const ulong Features = (1UL << 32) | 0x77;

    private sealed class Driver
    {
        private readonly QtestSession qtest;
        private ushort availIndex;
        private int requests;

        public Driver(ToolRun run)
        {
            qtest = new QtestSession(run.Context.Qdev.SystemMemory, run.Context.Qdev.IoSpace, TextWriter.Null)
            {
                UnexpectedFailure = static (line, failure) => throw new InvalidOperationException(line, failure),
            };
        }

        public string Send(string line)
        {
            string reply = qtest.Handle(line);
            Assert.StartsWith("OK", reply, StringComparison.Ordinal);
            return reply;
        }

        public ulong Read(ulong address, int size) =>
            ulong.Parse(Send($"read{Suffix(size)} 0x{address:x}").AsSpan(5).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

        public void Write(ulong address, ulong value, int size) => Send($"write{Suffix(size)} 0x{address:x} 0x{value:x}");

        public void WriteBytes(ulong address, ReadOnlySpan<byte> bytes)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                Write(address + (ulong)i, bytes[i], 1);
            }
        }

        public byte[] ReadBytes(ulong address, int length)
        {
            var bytes = new byte[length];
            for (int i = 0; i < length; i++)
            {
                bytes[i] = (byte)Read(address + (ulong)i, 1);
            }

            return bytes;
        }

        private static string Suffix(int size) => size switch { 1 => "b", 2 => "w", 4 => "l", _ => "q" };

        public void ConfigWrite(int offset, uint value, int size)
        {
            Send($"outl 0xcf8 0x{0x8000_0000 | (4 << 11) | (offset & 0xfc):x}");
            Send($"out{Suffix(size)} 0x{0xcfc + (offset & 3):x} 0x{value:x}");
        }

        public void Init(ulong features = Features)
        {
            ConfigWrite(0x20, (uint)Bar, 4);
            ConfigWrite(0x24, 0, 4);
            ConfigWrite(0x04, 6, 2);
            Write(Common + 0x14, 1, 1);
            Write(Common + 0x14, 3, 1);
            Write(Common + 0x08, 0, 4);
            Write(Common + 0x0c, features & 0xffff_ffff, 4);
            Write(Common + 0x08, 1, 4);
            Write(Common + 0x0c, features >> 32, 4);
            Write(Common + 0x14, 0xb, 1);
            Assert.Equal(0xbUL, Read(Common + 0x14, 1));
            Write(Common + 0x16, 0, 2);
            Write(Common + 0x18, QueueLength, 2);
            Write(Common + 0x20, DescTable, 8);
            Write(Common + 0x28, AvailRing, 8);
            Write(Common + 0x30, UsedRing, 8);
            Write(Common + 0x1c, 1, 2);
            Write(Common + 0x14, 0xf, 1);
            availIndex = 0;
        }

        public byte[] Request(ReadOnlySpan<byte> request, int replyLength = 4)
        {
            ulong output = 0x20_0000 + (0x1000 * (ulong)requests), input = 0x40_0000 + (0x1000 * (ulong)requests);
            requests++;
            WriteBytes(output, request);
            ushort head = (ushort)((2 * availIndex) % QueueLength);
            Descriptor(head, output, (uint)request.Length, 1, (ushort)(head + 1));
            Descriptor((ushort)(head + 1), input, (uint)replyLength, 2, 0);
            Write(AvailRing + 4 + (2UL * (ulong)(availIndex % QueueLength)), head, 2);
            availIndex++;
            Write(AvailRing + 2, availIndex, 2);
            Write(NotifyArea, 0, 2);
            Assert.Equal(availIndex, (ushort)Read(UsedRing + 2, 2));
            Assert.Equal((ulong)head | ((ulong)replyLength << 32), Read(UsedRing + 4 + (8UL * (ulong)((availIndex - 1) % QueueLength)), 8));
            Assert.Equal(1UL, Read(Isr, 1));
            return ReadBytes(input, replyLength);
        }

        public void Descriptor(ushort index, ulong address, uint length, ushort flags, ushort next)
        {
            ulong at = DescTable + (16UL * index);
            Write(at, address, 8);
            Write(at + 8, length, 4);
            Write(at + 12, flags, 2);
            Write(at + 14, next, 2);
        }
    }

    private static byte[] Attach(uint domain, uint endpoint, uint flags = 0)
    {
        var bytes = new byte[20];
        bytes[0] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), domain);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), endpoint);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), flags);
        return bytes;
    }

    private static byte[] Detach(uint domain, uint endpoint)
    {
        byte[] bytes = Attach(domain, endpoint);
        bytes[0] = 2;
        return bytes;
    }

    private static byte[] Map(uint domain, ulong start, ulong end, ulong physical, uint flags)
    {
        var bytes = new byte[36];
        bytes[0] = 3;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), domain);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), start);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), end);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(24), physical);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(32), flags);
        return bytes;
    }

    private static byte[] Unmap(uint domain, ulong start, ulong end)
    {
        var bytes = new byte[28];
        bytes[0] = 4;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), domain);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), start);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), end);
        return bytes;
    }

    private static byte[] Probe(uint endpoint)
    {
        var bytes = new byte[72];
        bytes[0] = 5;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), endpoint);
        return bytes;
    }

    private static (ToolRun Run, VirtioIommu Iommu, PciBus Bus) Boot(string options = "")
    {
        var run = ToolRun.Of("-nodefaults", "-display", "none", "-machine", "q35", "-device", "virtio-iommu-pci,id=vi,addr=04.0" + options,
            "-device", "pci-testdev,addr=05.0", "-device", "pci-testdev,addr=06.0", "-S", "-qtest", "stdio");
        Assert.True(run.ExitCode == 0, run.Error);
        var proxy = run.Resolve<VirtioIommuPci>("/machine/peripheral/vi");
        return (run, proxy.Backend!, proxy.PciBus!);
    }

    [Fact]
    public void AttachAndDetachSwitchTheEndpointBetweenBypassAndTranslation()
    {
        var (run, iommu, bus) = Boot();
        var driver = new Driver(run);
        driver.Init();
        Assert.False(iommu.IsTranslating(bus, Endpoint1));                // boot-bypass: no domain bypasses
        Assert.Equal(0, driver.Request(Attach(1, Endpoint1))[0]);
        Assert.True(iommu.IsTranslating(bus, Endpoint1));
        Assert.False(iommu.IsTranslating(bus, Endpoint2));
        Assert.Equal(0, driver.Request(Attach(2, Endpoint1, 1))[0]);      // a bypass domain
        Assert.False(iommu.IsTranslating(bus, Endpoint1));
        Assert.Equal(1, iommu.DomainCount);                               // domain 1 went with its last endpoint
        Assert.Equal(0, driver.Request(Detach(2, Endpoint1))[0]);
        Assert.False(iommu.IsTranslating(bus, Endpoint1));

        driver.Write(DeviceConfig + 0x24, 0, 1);                          // config bypass off (BYPASS_CONFIG negotiated)
        Assert.Equal(0UL, driver.Read(DeviceConfig + 0x24, 1));
        Assert.True(iommu.IsTranslating(bus, Endpoint1));
        Assert.True(iommu.IsTranslating(bus, Endpoint2));
        Assert.Null(iommu.IsTranslating(bus, 0x99));

        driver.Write(Common + 0x14, 0, 1);                                // reset: domains go, bypass stays off
        Assert.Equal(0, iommu.DomainCount);
        Assert.True(iommu.IsTranslating(bus, Endpoint2));
    }

    [Fact]
    public void ProbeReportsTheMsiWindowOfTheMachine()
    {
        var (run, _, _) = Boot();
        var driver = new Driver(run);
        driver.Init();
        byte[] reply = driver.Request(Probe(Endpoint2), 516);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(reply));          // VIRTIO_IOMMU_PROBE_T_RESV_MEM
        Assert.Equal(20, BinaryPrimitives.ReadUInt16LittleEndian(reply.AsSpan(2)));
        Assert.Equal(1, reply[4]);                                                 // VIRTIO_IOMMU_RESV_MEM_T_MSI
        Assert.Equal(0xfee0_0000UL, BinaryPrimitives.ReadUInt64LittleEndian(reply.AsSpan(8)));
        Assert.Equal(0xfeef_ffffUL, BinaryPrimitives.ReadUInt64LittleEndian(reply.AsSpan(16)));
        Assert.All(reply.AsSpan(24, 512 - 24).ToArray(), b => Assert.Equal(0, b));
        Assert.Equal(0, reply[512]);
        Assert.Equal(6, driver.Request(Probe(0x99), 516)[512]);                    // NOENT
    }

    [Fact]
    public void MappingsFollowMapAndUnmap()
    {
        var (run, iommu, _) = Boot(",granule=64k,aw-bits=48");
        var driver = new Driver(run);
        driver.Init();
        Assert.Equal(0xffff_ffff_ffff_0000UL, driver.Read(DeviceConfig, 8));
        Assert.Equal(0xffff_ffff_ffffUL, driver.Read(DeviceConfig + 0x10, 8));
        Assert.Equal(0, driver.Request(Attach(7, Endpoint1))[0]);
        Assert.Equal(0, driver.Request(Map(7, 0x10000, 0x1ffff, 0x80000, 3))[0]);
        Assert.Equal(0, driver.Request(Map(7, 0x40000, 0x4ffff, 0x90000, 1))[0]);
        Assert.Equal(4, driver.Request(Map(7, 0x18000, 0x28000, 0, 3))[0]);       // overlaps: INVAL
        Assert.Equal(5, driver.Request(Unmap(7, 0x10000, 0x17fff))[0]);            // cuts one: RANGE
        Assert.Equal([(0x10000UL, 0x1ffffUL, 0x80000UL, 3U), (0x40000UL, 0x4ffffUL, 0x90000UL, 1U)], iommu.MappingsOf(7));
        Assert.Equal(0, driver.Request(Unmap(7, 0, 0x3ffff))[0]);
        Assert.Equal([(0x40000UL, 0x4ffffUL, 0x90000UL, 1U)], iommu.MappingsOf(7));
    }

    [Fact]
    public void GarbageRingsNeitherThrowNorHang()
    {
        var (run, iommu, _) = Boot();
        var driver = new Driver(run);
        var random = new Random(20261206);
        for (int round = 0; round < 40; round++)
        {
            driver.Init((round % 3 == 0 ? (1UL << 28) | (1UL << 29) : 0) | Features);
            var bytes = new byte[16 * QueueLength];
            random.NextBytes(bytes);
            for (int i = 0; i < QueueLength; i++)
            {
                // Buffers somewhere in the low 16 MiB, any length, flags and next.
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16 * i), (ulong)random.Next(0, 1 << 24));
            }

            driver.WriteBytes(DescTable, bytes);
            for (int i = 0; i < QueueLength; i++)
            {
                driver.Write(AvailRing + 4 + (2UL * (ulong)i), (ulong)random.Next(0, 2 * QueueLength), 2);
            }

            driver.Write(AvailRing + 2, (ulong)random.Next(1, 3 * QueueLength), 2);
            driver.Write(NotifyArea, 0, 2);
            byte status = (byte)driver.Read(Common + 0x14, 1);
            Assert.True(status is 0xf or 0x4f, $"status 0x{status:x}");
            Assert.Equal(iommu.Broken, (status & 0x40) != 0);
            driver.Write(Common + 0x14, 0, 1);
            Assert.False(iommu.Broken);
        }
    }
}
