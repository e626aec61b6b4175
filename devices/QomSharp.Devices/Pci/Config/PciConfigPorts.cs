using QomSharp.Memory;

namespace QomSharp.Devices.Pci.Config;

/// <summary>
/// The legacy configuration mechanism (QEMU's <c>pci_host_conf_le_ops</c>/<c>pci_host_data_le_ops</c>):
/// a 32-bit write to the address port selects enable, bus, devfn and register; the data port then
/// reads and writes that register (all ones while disabled). Only the first 256 bytes are reached.
/// </summary>
public sealed class PciConfigPorts(PciConfigAccess access)
{
    private const uint EnableBit = 1u << 31;

    /// <summary>The configuration address register.</summary>
    public uint Address { get; private set; }

    /// <summary>The address port's operations.</summary>
    public IMemoryRegionOps AddressRegister => new AddressOps(this);

    /// <summary>The data port's operations.</summary>
    public IMemoryRegionOps DataRegister => new DataOps(this);

    private sealed class AddressOps(PciConfigPorts ports) : IMemoryRegionOps
    {
        // QEMU's pci_host_config_read answers the whole address register at any offset (cut to the size).
        public ulong Read(ulong offset, int size) => Split(offset, size, static (p, o, s) => p.Address, ports);

        public void Write(ulong offset, ulong value, int size)
        {
            if (offset == 0 && size == 4)
            {
                ports.Address = (uint)value;
            }
        }
    }

    private sealed class DataOps(PciConfigPorts ports) : IMemoryRegionOps
    {
        public ulong Read(ulong offset, int size) => Split(offset, size, static (p, o, s) =>
        {
            uint address = p.Address;
            return (address & EnableBit) == 0
                ? uint.MaxValue
                : access(p).Read((int)(address >> 16) & 0xff, (int)(address >> 8) & 0xff, (int)((address | o) & 0xff), s, PciConfigSpace.ConventionalSize);
        }, ports);

        public void Write(ulong offset, ulong value, int size)
        {
            uint address = ports.Address;
            if ((address & EnableBit) != 0)
            {
                ports.access.Write((int)(address >> 16) & 0xff, (int)(address >> 8) & 0xff, (int)((address | (uint)offset) & 0xff),
                    (uint)value, System.Math.Min(size, 4), PciConfigSpace.ConventionalSize);
            }
        }

        private static PciConfigAccess access(PciConfigPorts p) => p.access;
    }

    private readonly PciConfigAccess access = access;

    // An 8-byte access is two 4-byte ones, as QEMU's memory core splits it for these 4-byte regions.
    private static ulong Split(ulong offset, int size, System.Func<PciConfigPorts, uint, int, uint> read, PciConfigPorts ports)
    {
        if (size == 8)
        {
            return (read(ports, (uint)offset, 4) & 0xffff_ffffUL) | ((ulong)read(ports, (uint)offset + 4, 4) << 32);
        }

        return read(ports, (uint)offset, size);
    }
}
