using QomSharp.Devices.I2c;
using QomSharp.Devices.I386;
using QomSharp.Devices.Ich9;
using QomSharp.Devices.Isa;
using QomSharp.Devices.Pci;
using QomSharp.Qdev;

namespace QomSharp.Devices.Machines;

/// <summary>
/// The board devices QEMU 10.0's q35 creates even with <c>-nodefaults</c>, in its order, each at
/// its <c>/machine/unattached</c> index: the CPU with its APIC and the VAPIC on the system bus (<see cref="CreateCpus"/>,
/// before the host bridge), then (<see cref="CreateLpc"/>, <see cref="CreateSouthBridge"/>) the ICH9 functions at 00:1f, multifunction
/// (the LPC bridge with its ISA bus, DMA controllers and RTC; the SATA controller unless
/// <c>sata=off</c>; the SMBus controller with its SPD EEPROMs unless <c>smbus=off</c>) and between
/// them the ISA and system-bus devices that the machine options <c>pic</c>, <c>hpet</c>,
/// <c>pit</c>, <c>i8042</c> and <c>vmport</c> switch off.
/// </summary>
internal static class Q35BoardFunctions
{
    private static readonly string[] CpuIdProperties = ["apic-id", "socket-id", "die-id", "module-id", "core-id", "thread-id"];
    private static readonly string[] CpuCacheLevels = ["core", "core", "core", "die"];

    /// <summary>
    /// QEMU's <c>x86_cpus_init</c>: the CPU slots of the topology, then one CPU per boot CPU
    /// (<c>-smp cpus</c>) in index order, each with its slot's APIC id and, as
    /// <c>pc_cpu_pre_plug</c> sets them, the topology ids that APIC id encodes. Each is realized at
    /// the next <c>/machine/unattached/device[N]</c>; the first one's APIC creates the kvmvapic.
    /// </summary>
    public static void CreateCpus(PcMachine machine)
    {
        var smp = machine.Smp;
        var slots = X86Topology.PossibleCpus(smp, Qemu64X86Cpu.QomTypeName);
        machine.SetPossibleCpus(slots);
        var layout = X86Topology.Of(smp);
        for (int i = 0; i < smp.Cpus; i++)
        {
            var slot = slots[i];
            uint apicId = (uint)slot.ArchId;
            if (apicId >= X86Cpu.FirstX2ApicId)
            {
                // QEMU stops here (its APIC refuses the id with error_abort); the model reports QEMU's message.
                throw new QomException(System.FormattableString.Invariant($"APIC ID {apicId} requires x2APIC feature in CPU"), hint: "Try x2apic=on in -cpu.\n");
            }

            // QEMU's x86_cpu_realizefn: the CPU's cache levels (qemu64's legacy caches: L1 and L2 per
            // core, L3 per die) fill in those smp-cache left at default, then the order is checked.
            machine.UpdateSmpCacheFromCpu(CpuCacheLevels);
            var cpu = (X86Cpu)machine.Context.New(slot.Type);
            var (socket, die, module, core, thread) = layout.IdsFromApicId(apicId);
            // The table-driven CPU properties are set by name (they are not generated members).
            uint[] values = [apicId, socket, die, module, core, thread];
            for (int id = 0; id < CpuIdProperties.Length; id++)
            {
                cpu.SetPropertyInt(CpuIdProperties[id], values[id]);
            }

            cpu.RealizeOn(null);
            slot.Cpu = cpu;
            cpu.Unref();
        }
    }

    /// <summary>
    /// QEMU's <c>pc_q35_init</c> up to the I/O APIC: the LPC bridge at 00:1f.0 (with its ISA bus,
    /// DMA controllers and RTC) and the two i8259s on its bus (unless <c>pic=off</c>).
    /// </summary>
    public static IsaBus CreateLpc(PcMachine machine, PciBus rootBus)
    {
        var lpc = Place<Ich9Lpc>(machine, Ich9Lpc.QomTypeName, Ich9Lpc.BoardDevfn);
        lpc.SmmEnabled = machine.SmmEnabled;
        for (int i = 0; i < machine.GsiLines.Length; i++)
        {
            lpc.SetPropertyLink($"{Ich9Lpc.GsiLines}[{i}]", machine.GsiLines[i]);
        }

        lpc.RealizeOn(rootBus);
        rootBus.IntxRouter = lpc;
        machine.AcpiDevice = lpc;
        var isa = lpc.IsaBus!;
        lpc.Unref();
        if (machine.Options.Get("pic", OnOffAuto.Auto) != OnOffAuto.Off)
        {
            machine.I8259Inputs = IsaI8259.CreatePair(isa, machine.CpuIrqLine);
        }

        return isa;
    }

    /// <summary>
    /// QEMU's <c>pc_q35_init</c> after the I/O APIC: <c>pc_basic_device_init</c> (HPET, PIT and
    /// speaker, i8042 with vmport, vmmouse and port 92), then the SATA controller at 00:1f.2 (unless
    /// <c>sata=off</c>) and the SMBus controller at 00:1f.3 with its SPD EEPROMs (unless <c>smbus=off</c>).
    /// </summary>
    public static void CreateSouthBridge(PcMachine machine, PciBus rootBus, IsaBus isa)
    {
        CreateIsaDevices(machine, isa);
        if (machine.Options.Get("sata", true))
        {
            Realize(Place<Ich9Ahci>(machine, Ich9Ahci.QomTypeName, Ich9Ahci.BoardDevfn), rootBus);
        }

        if (machine.Options.Get("smbus", true))
        {
            var smbus = Place<Ich9Smbus>(machine, Ich9Smbus.QomTypeName, Ich9Smbus.BoardDevfn);
            smbus.RealizeOn(rootBus);
            SmbusEeprom.CreateSpdEeproms(smbus.I2cBus!);
            smbus.Unref();
        }
    }

    // pc_basic_device_init's devices: the HPET, the PIT and the speaker it drives (pit), then the
    // i8042 with vmport and vmmouse (vmport) and port 92 (i8042), whose A20 outputs go to the
    // machine's A20 lines.
    private static void CreateIsaDevices(PcMachine machine, IsaBus isa)
    {
        var context = machine.Context;

        // QEMU's pc_basic_device_init settles vmport=auto as on (off only under Xen), i8042 or not.
        if (machine.Options.Get("vmport", OnOffAuto.Auto) == OnOffAuto.Auto)
        {
            machine.Options.Set("vmport", OnOffAuto.On);
        }

        Hpet? hpet = null;
        if (machine.Options.Get("hpet", true))
        {
            hpet = (Hpet)context.New(Hpet.QomTypeName);
            // QEMU's pc_basic_device_init keeps a user's hpet-intcap, looking at its low byte only.
            if ((byte)hpet.IntCap == 0)
            {
                hpet.IntCap = Hpet.BoardIntCap;
            }

            hpet.RealizeOn(machine.MainSystemBus);
            hpet.MapMmio(0, Hpet.BoardAddress);
            hpet.Unref();

            // Its timers' IRQs to the GSIs.
            for (int i = 0; i < machine.GsiLines.Length; i++)
            {
                hpet.SetPropertyLink($"sysbus-irq[{i}]", machine.GsiLines[i]);
            }
        }

        // The RTC's IRQ: the HPET's legacy RTC input, else ISA IRQ 8.
        if ((isa.ParentDevice as Ich9.Ich9Lpc)?.Rtc is { } rtc)
        {
            rtc.SetPropertyLink($"{Device.UnnamedGpioOut}[0]", hpet is null ? isa.GetIrq(RtcIsaIrq) : hpet.GetGpioIn(HpetLegacyRtcInput));
        }

        if (machine.Options.Get("pit", OnOffAuto.Auto) != OnOffAuto.Off)
        {
            var pit = (IsaPit)context.New(IsaPit.QomTypeName);
            pit.IoBase = IsaPit.BoardIoBase;
            pit.RealizeOn(isa);

            // QEMU's i8254_pit_init: the output to the HPET's legacy PIT input (else ISA IRQ 0); the HPET's PIT-enable output to the PIT's gate.
            pit.SetPropertyLink($"{Device.UnnamedGpioOut}[0]", hpet is null ? isa.GetIrq(0) : hpet.GetGpioIn(HpetLegacyPitInput));
            hpet?.SetPropertyLink($"{Device.UnnamedGpioOut}[0]", pit.GetGpioIn(0));
            var speaker = machine.TakeSpeaker() ?? (IsaPcspk)context.New(IsaPcspk.QomTypeName);
            speaker.Pit = pit;
            pit.Unref();
            RealizeOn(speaker, isa);
        }

        if (!machine.Options.Get("i8042", true))
        {
            return;
        }

        var i8042 = (I8042)context.New(I8042.QomTypeName);
        i8042.RealizeOn(isa);
        if (machine.Options.Get("vmport", OnOffAuto.Auto) != OnOffAuto.Off)
        {
            RealizeOn((Device)context.New(VmPort.QomTypeName), isa);
            var mouse = (VmMouse)context.New(VmMouse.QomTypeName);
            mouse.I8042 = i8042;
            RealizeOn(mouse, isa);
        }

        var port92 = (Port92)context.New(Port92.QomTypeName);
        port92.RealizeOn(isa);
        if (machine.A20Lines is { Length: 2 } a20)
        {
            i8042.SetPropertyLink($"{I8042.A20Line}[0]", a20[0]);
            port92.SetPropertyLink($"{I8042.A20Line}[0]", a20[1]);
        }

        i8042.Unref();
        port92.Unref();
    }

    // QEMU's RTC_ISA_IRQ, HPET_LEGACY_PIT_INT and HPET_LEGACY_RTC_INT.
    private const int RtcIsaIrq = 8;
    private const int HpetLegacyPitInput = 0;
    private const int HpetLegacyRtcInput = 1;

    private static void RealizeOn(Device device, Bus bus)
    {
        device.RealizeOn(bus);
        device.Unref();
    }

    private static T Place<T>(PcMachine machine, string typeName, int devfn)
        where T : PciDevice
    {
        var function = (T)machine.Context.New(typeName);
        function.Devfn = devfn;
        function.Multifunction = true;
        return function;
    }

    private static void Realize(PciDevice function, PciBus rootBus)
    {
        function.RealizeOn(rootBus);
        function.Unref();
    }
}
