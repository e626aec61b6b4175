using QomSharp.Devices.Isa;
using QomSharp.Qdev;

namespace QomSharp.Devices.Machines;

/// <summary>
/// What the PC board writes into the RTC's CMOS for the firmware (QEMU's <c>pc_cmos_init</c>,
/// <c>set_boot_dev</c> and <c>x86_rtc_set_cpus_count</c>), and its GSI lines' fan-out to the i8259s.
/// </summary>
public abstract partial class PcMachine
{
    private const ulong KiB = 1024;
    private const ulong MiB = 1024 * KiB;

    /// <summary>The i8259 pair's 16 inputs (master 0-7, slave 8-15), unless <c>pic=off</c>.</summary>
    internal Irq[]? I8259Inputs { get; set; }

    /// <summary>The I/O APIC's 24 input pins, once the board has it.</summary>
    internal Irq[]? IoapicPins { get; set; }

    // QEMU's pic_read_irq on the board's i8259 pair, for the I/O APIC's ExtINT entries (0 without a PIC, as no vector).
    private int ReadPicVector() =>
        I8259Inputs is { } pic && pic[0].Parent is PicCommon master && pic[8].Parent is PicCommon slave
            ? PicCommon.ReadVector(master, slave)
            : 0;

    // QEMU's gsi_handler: GSIs 0-15 go to the i8259s as well as to the I/O APIC.
    private void RouteGsi(int gsi, int level)
    {
        if (I8259Inputs is { } pic && gsi < pic.Length)
        {
            pic[gsi].Set(level);
        }

        if (IoapicPins is { } pins && gsi < pins.Length)
        {
            pins[gsi].Set(level);
        }
    }

    /// <summary>The CMOS bytes: memory sizes, boot order, equipment, CPU count.</summary>
    protected void InitCmos(Mc146818Rtc rtc)
    {
        System.ArgumentNullException.ThrowIfNull(rtc);
        var layout = MemoryLayout!;
        ulong below = layout.BelowFourG;

        // Base memory (up to 640 KiB), extended memory below 64 MiB, memory from 16 MiB to 4 GiB
        // in 64 KiB units, memory above 4 GiB in 64 KiB units.
        ulong baseKib = System.Math.Min(below / KiB, 640);
        SetWord(rtc, 0x15, baseKib);
        ulong extended = System.Math.Min(below > MiB ? (below - MiB) / KiB : 0, 65535);
        SetWord(rtc, 0x17, extended);
        SetWord(rtc, 0x30, extended);
        ulong high = System.Math.Min(below > 16 * MiB ? (below - (16 * MiB)) / (64 * KiB) : 0, 65535);
        SetWord(rtc, 0x34, high);
        ulong above = layout.AboveFourG / 65536;
        rtc.SetCmosData(0x5b, (byte)above);
        rtc.SetCmosData(0x5c, (byte)(above >> 8));
        rtc.SetCmosData(0x5d, (byte)(above >> 16));

        SetBootDevices(rtc, Boot.Order ?? MachineClass.DefaultBootOrder ?? string.Empty);

        // The equipment byte: an FPU and a PS/2 mouse; no floppy drive.
        rtc.SetCmosData(0x14, 0x02 | 0x04);

        // The CPU count less one, 0 if it does not fit a byte.
        uint cpus = Smp.Cpus;
        rtc.SetCmosData(0x5f, cpus > 0xff ? (byte)0 : (byte)(cpus - 1));
    }

    private static void SetWord(Mc146818Rtc rtc, int address, ulong value)
    {
        rtc.SetCmosData(address, (byte)value);
        rtc.SetCmosData(address + 1, (byte)(value >> 8));
    }

    // QEMU's set_boot_dev: up to three devices as nibbles (a/b floppy 1, c disk 2, d CD-ROM 3, n network 4).
    private void SetBootDevices(Mc146818Rtc rtc, string order)
    {
        if (order.Length > 3)
        {
            return;
        }

        int[] devices = new int[3];
        for (int i = 0; i < order.Length; i++)
        {
            devices[i] = order[i] switch
            {
                'a' or 'b' => 1,
                'c' => 2,
                'd' => 3,
                'n' => 4,
                _ => 0,
            };
            if (devices[i] == 0)
            {
                return;
            }
        }

        rtc.SetCmosData(0x3d, (byte)((devices[1] << 4) | devices[0]));
        rtc.SetCmosData(0x38, (byte)((devices[2] << 4) | (Options.Get("fd-bootchk", true) ? 0 : 1)));
    }
}
