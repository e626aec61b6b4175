using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.I386;

/// <summary>
/// QEMU's <c>apic</c>: the emulated local APIC, child <c>lapic</c> of each CPU. At realize it puts
/// its MSI window into the system address space and, the first time with <c>vapic=on</c>, creates
/// the machine's <c>kvmvapic</c>. Messages written into the window are delivered to the machine's
/// APICs (<see cref="ApicBus"/>); the register page is not reachable (no CPU runs here).
/// </summary>
[QomType("apic")]
public sealed partial class Apic : ApicCommon
{
    // QEMU's priority of the MSI window over what else is mapped there.
    private const int MsiPriority = 0x1000;
    private const ulong MsiSize = 0x100000;

    private uint id;

    /// <summary>QEMU's <c>id</c>: the APIC id (the CPU's <c>apic-id</c>).</summary>
    public uint ApicId
    {
        get => id;
        set => id = value;
    }

    [QomClassInit]
    private static void InitApicClass(DeviceClass klass) =>
        klass.AddProperty(new QomIntegerProperty<uint>("id", static o => ((Apic)o).id, static (o, v) => ((Apic)o).id = v));

    /// <inheritdoc/>
    protected override void Realize()
    {
        // Every APIC has its MSI window; QEMU maps only the first one's (x86_cpu_apic_realize's apic_mmio_map_once).
        ResetState();
        bus = Context.ResolvePath("/machine") is Machines.PcMachine pc ? pc.Apics : new ApicBus();
        bus.Add(this);
        Context.Qdev.ResetDevices += ResetState;
        Context.Qdev.LocalApicInfo ??= bus.Info;
        var window = MemoryRegion.Create(this, "apic-msi", MsiSize, new MessageWindow(bus));
        // QEMU 10.0 leaves the window out of the re-entrancy guard (its writes can come back to it).
        window.DisableReentrancyGuard = true;
        if (Context.ResolvePath("/machine") is not Machines.PcMachine { ApicMmioMapped: true })
        {
            Context.Qdev.SystemMemory.Map(X86Cpu.ApicMsiAddress, window, MsiPriority);
            if (Context.ResolvePath("/machine") is Machines.PcMachine board)
            {
                board.ApicMmioMapped = true;
            }
        }

        if (Vapic && Context.ResolvePath("/machine") is Machine machine && !HasVapic(machine))
        {
            var vapic = (Device)Context.New(KvmVapic.QomTypeName);
            vapic.RealizeOn(machine.MainSystemBus);
            vapic.Unref();
        }

        base.Realize();
    }

    /// <inheritdoc/>
    protected override void Unrealize()
    {
        Context.Qdev.ResetDevices -= ResetState;
        bus?.Remove(this);
        base.Unrealize();
    }

    private ApicBus? bus;

    /// <summary>
    /// QEMU's <c>apic_io_ops</c> as they answer without a current CPU: a 4-byte aligned write past
    /// the first 4 KiB or in its first 16 bytes is a message (its offset the address, the value the
    /// data); other writes (the register page, narrower or unaligned ones) are dropped; reads give 0.
    /// </summary>
    private sealed class MessageWindow(ApicBus bus) : IMemoryRegionOps
    {
        public ulong Read(ulong offset, int size) => 0;

        public void Write(ulong offset, ulong value, int size)
        {
            if (size == 8)
            {
                // Wider than the window takes: two 4-byte accesses, as QEMU's dispatch splits it.
                Write(offset, value & 0xffff_ffff, 4);
                Write(offset + 4, value >> 32, 4);
            }
            else if (size == 4 && (offset & 3) == 0 && (offset > 0xfff || (offset >> 4) == 0))
            {
                bus.SendMessage(offset, (uint)value);
            }
        }
    }

    // QEMU creates the kvmvapic once, for the first APIC with vapic=on.
    private static bool HasVapic(Machine machine)
    {
        foreach (var device in machine.MainSystemBus.Devices)
        {
            if (device is KvmVapic)
            {
                return true;
            }
        }

        return false;
    }
}
