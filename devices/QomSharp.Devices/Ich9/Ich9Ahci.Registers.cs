using QomSharp.Devices.Machines;
using QomSharp.Devices.Pci.Config;

namespace QomSharp.Devices.Ich9;

/// <summary>
/// The AHCI registers of QEMU 10.0's <c>ich9-ahci</c> with nothing on its ports: the generic host
/// control (CAP, GHC, IS, PI, VS; the other host registers read 0 and ignore writes), the ports'
/// registers, the index/data pair behind BAR4 and the port interrupts (INTx; MSI, when the guest
/// enables it, is not sent). A port's command list and FIS receive area are mapped when its
/// engines start as QEMU maps them (its bus master address space: RAM directly while bus mastering
/// is on, anything else through bounce buffers of 4 KiB in all, so starting engines may fail); the
/// first D2H register FIS reaches guest RAM when mapped directly.
/// </summary>
public sealed partial class Ich9Ahci
{
    private const ulong AbarSize = 0x1000;
    private const uint HostCapabilities = 0xc0141f05; // 6 ports, 32 slots, Gen1, NCQ, AHCI only, 64-bit
    private const uint GhcAhciEnable = 0x80000000;
    private const uint GhcInterruptEnable = 0x2;
    private const uint PortsImplemented = 0x3f;
    private const uint Version = 0x00010000;
    private const int PortBase = 0x100;
    private const int PortStride = 0x80;
    private const int IdpIndex = 0x10;
    private const uint CmdStart = 0x1;
    private const uint CmdFisReceive = 0x10;
    private const uint CmdFisOn = 0x4000;
    private const uint CmdListOn = 0x8000;
    private const uint CmdReadOnly = 0x007dffe0;
    private const uint CmdIcc = 0xf0000000;
    private const uint BounceBufferSize = 4096;

    // An empty port's IDE state after its reset: status (ready, seek), error, the signature bytes and select.
    private const byte IdeStatus = 0x50;

    private readonly AhciPort[] ports = CreatePorts();
    private uint ghc = GhcAhciEnable;
    private uint irqStatus;
    private uint idpIndex;
    private uint bounceInUse;

    private sealed class AhciPort
    {
        public uint ListAddress;
        public uint ListAddressHigh;
        public uint FisAddress;
        public uint FisAddressHigh;
        public uint InterruptStatus;
        public uint InterruptMask;
        public uint Command = 0x6;
        public uint TaskFile = 0x7f;
        public uint Signature = 0xffffffff;
        public uint SataControl;
        public uint SataError;
        public uint SataActive;
        public uint CommandIssue;
        public bool InitialD2hSent;

        // The mappings: null when not mapped, else the bounce buffer bytes they hold (0: direct).
        public uint? List;
        public uint? Fis;
        public ulong FisTarget;

        // Whether the FIS area was mapped through a vIOMMU's view without a translation (the system
        // memory's dispatch did not look it up).
        public bool FisThroughView;
    }

    private static AhciPort[] CreatePorts()
    {
        var all = new AhciPort[PortCount];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = new AhciPort();
        }

        return all;
    }

    // QEMU's ahci_mem_read: aligned dwords put together and shifted.
    private ulong ReadAbar(ulong offset, int size)
    {
        ulong aligned = offset & ~3UL;
        int shift = (int)(offset - aligned);
        ulong low = ReadAbar32(aligned);
        if (shift + size <= 4)
        {
            return low >> (8 * shift);
        }

        ulong high = ReadAbar32(aligned + 4);
        return ((high << 32) | low) >> (8 * shift);
    }

    private uint ReadAbar32(ulong offset)
    {
        if (offset < PortBase)
        {
            return offset switch
            {
                0x00 => HostCapabilities,
                0x04 => ghc,
                0x08 => irqStatus,
                0x0c => PortsImplemented,
                0x10 => Version,
                _ => 0,
            };
        }

        if (offset < PortBase + (PortCount * PortStride))
        {
            AhciPort p = ports[(offset - PortBase) / PortStride];
            return ((offset - PortBase) % PortStride / 4) switch
            {
                0 => p.ListAddress,
                1 => p.ListAddressHigh,
                2 => p.FisAddress,
                3 => p.FisAddressHigh,
                4 => p.InterruptStatus,
                5 => p.InterruptMask,
                6 => p.Command,
                8 => p.TaskFile,
                9 => p.Signature,
                11 => p.SataControl,
                12 => p.SataError,
                13 => p.SataActive,
                14 => p.CommandIssue,
                _ => 0, // SStatus: no device
            };
        }

        return 0;
    }

    // QEMU's ahci_mem_write: misaligned writes are dropped; the value is taken as it comes.
    private void WriteAbar(ulong offset, ulong value, int size)
    {
        if ((offset & 3) != 0)
        {
            return;
        }

        if (size == 8)
        {
            // Two dword accesses (no implementation size stated: at most 4 bytes at once).
            WriteAbar(offset, (uint)value, 4);
            WriteAbar(offset + 4, value >> 32, 4);
            return;
        }

        uint v = (uint)value;
        if (offset < PortBase)
        {
            switch (offset)
            {
                case 0x04:
                    if ((v & 1) != 0)
                    {
                        ResetController();
                    }
                    else
                    {
                        ghc = (v & 0x3) | GhcAhciEnable;
                        CheckIrq();
                    }

                    break;
                case 0x08:
                    irqStatus &= ~v;
                    CheckIrq();
                    break;
            }
        }
        else if (offset < PortBase + (PortCount * PortStride))
        {
            WritePort((int)((offset - PortBase) / PortStride), (int)((offset - PortBase) % PortStride / 4), v);
        }
    }

    private void WritePort(int index, int register, uint v)
    {
        AhciPort p = ports[index];
        switch (register)
        {
            case 0: p.ListAddress = v; break;
            case 1: p.ListAddressHigh = v; break;
            case 2: p.FisAddress = v; break;
            case 3: p.FisAddressHigh = v; break;
            case 4:
                p.InterruptStatus &= ~v;
                CheckIrq();
                break;
            case 5:
                p.InterruptMask = v & 0xfdc000ff;
                CheckIrq();
                break;
            case 6:
                if ((p.Command & CmdStart) != 0 && (v & CmdStart) == 0)
                {
                    // Clearing ST clears the issued and active commands.
                    p.SataActive = 0;
                    p.CommandIssue = 0;
                }

                p.Command = (p.Command & CmdReadOnly) | (v & ~(CmdReadOnly | CmdIcc));
                StartEngines(p);
                if ((p.Command & CmdFisOn) != 0 && !p.InitialD2hSent && WriteD2hFis(p))
                {
                    p.InitialD2hSent = true;
                    p.Signature = 0xffff0101;
                }

                // check_cmd: with nothing on the port, no command runs.
                break;
            case 11:
                if ((p.SataControl & 0xf) == 1 && (v & 0xf) == 0)
                {
                    ResetPort(p);
                }

                p.SataControl = v;
                break;
            case 12: p.SataError &= ~v; break;
            case 13: p.SataActive |= v; break;
            case 14: p.CommandIssue |= v; break;
        }
    }

    // QEMU's ahci_cond_start_engines.
    private void StartEngines(AhciPort p)
    {
        bool start = (p.Command & CmdStart) != 0;
        bool listOn = (p.Command & CmdListOn) != 0;
        if (start && !listOn)
        {
            p.List = MapPage(p.List, ((ulong)p.ListAddressHigh << 32) | p.ListAddress, 1024, out _);
            if (p.List is null)
            {
                p.Command &= ~(CmdListOn | CmdStart);
                return;
            }

            p.Command |= CmdListOn;
        }
        else if (!start && listOn)
        {
            Unmap(p.List);
            p.List = null;
            p.Command &= ~CmdListOn;
        }

        bool receive = (p.Command & CmdFisReceive) != 0;
        bool fisOn = (p.Command & CmdFisOn) != 0;
        if (receive && !fisOn)
        {
            p.FisTarget = ((ulong)p.FisAddressHigh << 32) | p.FisAddress;
            p.Fis = MapPage(p.Fis, p.FisTarget, 256, out p.FisTarget);
            p.FisThroughView = GetIommuAddressSpace() is not null && !lastMapTranslated;
            if (p.Fis is null)
            {
                p.Command &= ~(CmdFisOn | CmdFisReceive);
                return;
            }

            p.Command |= CmdFisOn;
        }
        else if (!receive && fisOn)
        {
            Unmap(p.Fis, p.FisTarget);
            p.Fis = null;
            p.Command &= ~CmdFisOn;
        }
    }

    // QEMU's map_page over dma_memory_map: an earlier mapping goes first; the address is
    // translated through the bus master space (behind intel-iommu: its translation, which records
    // a fault where it fails); RAM maps directly (at the translated address, which the mapping
    // gives) while bus mastering is on, unless the translation ends inside the page (then the
    // map fails, as QEMU's shortened mapping does); anything else takes a bounce buffer, which
    // fails when the 4 KiB are gone.
    private bool lastMapTranslated;

    private uint? MapPage(uint? old, ulong address, uint length, out ulong mapped)
    {
        lastMapTranslated = false;
        Unmap(old);
        mapped = address;
        if (GetIommuAddressSpace() is null)
        {
            if (IsDirectRam(address, length))
            {
                return 0;
            }
        }
        else if (DmaResolve(address, write: true) is { Space: { } space } target && ReferenceEquals(space, Context.Qdev.SystemMemory)
            && IsRam(target.Address, 1))
        {
            lastMapTranslated = target.Translated;
            if (target.Length < length)
            {
                return null;
            }

            if (IsRam(target.Address, length))
            {
                mapped = target.Address;
                return 0;
            }
        }

        if (BounceBufferSize - bounceInUse < length)
        {
            return null;
        }

        bounceInUse += length;
        return length;
    }

    // QEMU's dma_memory_unmap: a bounce buffer behind a vIOMMU is written back to the bus
    // address, translated again (the FIS area's write-back, which records a fault where the
    // translation still fails; what the buffer held is not modelled).
    private void Unmap(uint? mapping, ulong address)
    {
        if (mapping is > 0 && GetIommuAddressSpace() is not null)
        {
            DmaResolve(address, write: true);
        }

        Unmap(mapping);
    }

    private void Unmap(uint? mapping)
    {
        if (mapping is { } bytes)
        {
            bounceInUse -= bytes;
        }
    }

    private bool IsDirectRam(ulong address, uint length) =>
        (ConfigSpace.Config[Pci.Config.PciRegisters.Command] & 0x4) != 0 && IsRam(address, length);

    // Whether the system address range is guest RAM (below 640 KiB, or from 1 MiB to the end of low RAM).
    private bool IsRam(ulong address, uint length)
    {
        ulong end = address + length;
        ulong below = (Context.ResolvePath("/machine") as PcMachine)?.MemoryLayout?.BelowFourG ?? 0;
        return end > address && (end <= 0xa0000 || (address >= 0x100000 && end <= below));
    }

    // QEMU's ahci_write_fis_d2h for an empty port's IDE state.
    private bool WriteD2hFis(AhciPort p)
    {
        if (p.Fis is null || (p.Command & CmdFisReceive) == 0)
        {
            return false;
        }

        if (p.Fis == 0)
        {
            // The initial FIS always has its interrupt bit set.
            byte[] fis = [0x34, 0x40, IdeStatus, 0, 1, 0xff, 0xff, 0xa0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
            for (int i = 0; i < fis.Length; i++)
            {
                // Into the mapped RAM: the system address the mapping translated to.
                if (p.FisThroughView)
                {
                    Context.Qdev.SystemMemory.WriteMapped(p.FisTarget + 0x40 + (ulong)i, fis[i], 1);
                }
                else
                {
                    Context.Qdev.SystemMemory.Write(p.FisTarget + 0x40 + (ulong)i, fis[i], 1);
                }
            }
        }

        p.TaskFile = IdeStatus;
        p.InterruptStatus |= 1; // DHRS
        CheckIrq();
        return true;
    }

    // QEMU's ahci_reset_port for a port with nothing on it.
    private static void ResetPort(AhciPort p)
    {
        p.SataError = 0;
        p.SataActive = 0;
        p.TaskFile = 0x7f;
        p.Signature = 0xffffffff;
        p.InitialD2hSent = false;
    }

    // QEMU's ahci_reset (GHC.HR and the device reset): the mappings stay as they are.
    private void ResetController()
    {
        irqStatus = 0;
        ghc = GhcAhciEnable;
        foreach (AhciPort p in ports)
        {
            p.InterruptStatus = 0;
            p.InterruptMask = 0;
            p.SataControl = 0;
            p.Command = 0x6;
            ResetPort(p);
        }
    }

    // QEMU's ahci_check_irq.
    private void CheckIrq()
    {
        irqStatus = 0;
        for (int i = 0; i < ports.Length; i++)
        {
            if ((ports[i].InterruptStatus & ports[i].InterruptMask) != 0)
            {
                irqStatus |= 1U << i;
            }
        }

        // With MSI enabled every check that finds an interrupt pending sends the message (vector 0)
        // and nothing lowers; otherwise INTA follows the pending state.
        bool msi = (ConfigSpace.Config[MsiOffset + 2] & PciCapabilities.MsiEnable) != 0;
        bool pending = irqStatus != 0 && (ghc & GhcInterruptEnable) != 0;
        if (msi)
        {
            if (pending)
            {
                MsiNotify(0);
            }
        }
        else
        {
            SetIntx(pending);
        }
    }

    // QEMU's ahci_idp_read/ahci_idp_write: the index at 0x10, the data at 0x14.
    private ulong ReadIdp(ulong offset, int size) => offset switch
    {
        IdpIndex => idpIndex,
        IdpIndex + 4 => ReadAbar(idpIndex, size),
        _ => 0,
    };

    private void WriteIdp(ulong offset, ulong value, int size)
    {
        if (offset == IdpIndex)
        {
            idpIndex = (uint)value & ((uint)AbarSize - 1) & ~3U;
        }
        else if (offset == IdpIndex + 4)
        {
            WriteAbar(idpIndex, value, size);
        }
    }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>pci_ich9_reset</c>: <c>ahci_reset</c>.</remarks>
    protected override void ResetFunction()
    {
        base.ResetFunction();
        ResetController();
    }
}
