using QomSharp.Devices.Ich9;
using QomSharp.Devices.Pci;
using QomSharp.Qdev;

namespace QomSharp.Devices.Machines;

/// <summary>
/// The ICH9 functions QEMU 10.0's q35 board puts at 00:1f, multifunction, even with
/// <c>-nodefaults</c>: the LPC bridge (1f.0), the SATA controller (1f.2, unless <c>sata=off</c>) and
/// the SMBus controller (1f.3, unless <c>smbus=off</c>). They sit in <c>/machine/unattached</c> at
/// QEMU's indices: the board devices QEMU creates around them that are not modelled here (the CPU
/// and its VAPIC, the PICs, HPET, PIT and speaker, the i8042 with vmport and vmmouse, port 92) keep
/// their indices, following the same machine options.
/// </summary>
internal static class Q35BoardFunctions
{
    public static void Create(PcMachine machine, PciBus rootBus)
    {
        var qdev = machine.Context.Qdev;

        // One CPU (-smp is not modelled) and the VAPIC its APIC creates.
        qdev.SkipUnattachedIndices(2);
        var lpc = Place<Ich9Lpc>(machine, Ich9Lpc.QomTypeName, Ich9Lpc.BoardDevfn);
        lpc.SmmEnabled = machine.SmmEnabled;
        for (int i = 0; i < machine.GsiLines.Length; i++)
        {
            lpc.SetPropertyLink($"{Ich9Lpc.GsiLines}[{i}]", machine.GsiLines[i]);
        }

        Realize(lpc, rootBus);

        qdev.SkipUnattachedIndices(UnmodelledIsaDevices(machine));
        if (machine.Options.Get("sata", true))
        {
            Realize(Place<Ich9Ahci>(machine, Ich9Ahci.QomTypeName, Ich9Ahci.BoardDevfn), rootBus);
        }

        if (machine.Options.Get("smbus", true))
        {
            Realize(Place<Ich9Smbus>(machine, Ich9Smbus.QomTypeName, Ich9Smbus.BoardDevfn), rootBus);
        }
    }

    // QEMU's pc_q35_init and pc_basic_device_init between the LPC and the SATA controller: the two
    // i8259s (pic), the HPET, the PIT and the speaker it drives (pit), then the i8042 with vmport and
    // vmmouse (vmport) and port 92.
    private static int UnmodelledIsaDevices(PcMachine machine)
    {
        int count = 0;
        if (machine.Options.Get("pic", OnOffAuto.Auto) != OnOffAuto.Off)
        {
            count += 2;
        }

        if (machine.Options.Get("hpet", true))
        {
            count++;
        }

        if (machine.Options.Get("pit", OnOffAuto.Auto) != OnOffAuto.Off)
        {
            count += 2;
        }

        if (machine.Options.Get("i8042", true))
        {
            count += machine.Options.Get("vmport", OnOffAuto.Auto) != OnOffAuto.Off ? 4 : 2;
        }

        return count;
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
