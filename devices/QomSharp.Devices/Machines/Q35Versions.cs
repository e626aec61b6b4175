using System.Collections.Generic;
using QomSharp.Qdev;

namespace QomSharp.Devices.Machines;

/// <summary>One version of the q35 board as QEMU 10.0 defines it.</summary>
/// <param name="Version">The version in the type name (<c>9.1</c> names <c>pc-q35-9.1-machine</c>).</param>
/// <param name="Deprecated">Whether QEMU 10.0 marks the version deprecated.</param>
/// <param name="MaxCpus">QEMU's <c>max_cpus</c> for the version.</param>
/// <param name="NumaMemSupported">Whether the version still accepts <c>-numa node,mem=</c>.</param>
/// <param name="CompatProps">
/// The compatibility properties this version adds to the newer version's (QEMU's
/// <c>hw_compat_X_Y</c> and <c>pc_compat_X_Y</c> rows, in QEMU's order), for the drivers and
/// properties modelled here.
/// </param>
internal sealed record Q35Version(string Version, bool Deprecated, int MaxCpus, bool NumaMemSupported, (string Driver, string Property, string Value)[] CompatProps)
{
    /// <summary>The QOM type name: <c>pc-q35-&lt;version&gt;-machine</c>.</summary>
    public string TypeName => $"pc-q35-{Version}-machine";
}

/// <summary>
/// QEMU 10.0's q35 machine types, newest first: <c>pc-q35-10.0</c> (alias <c>q35</c>) down to
/// <c>pc-q35-2.4</c>. A version's compatibility properties are those of every newer version
/// followed by its own, as QEMU builds them (each version's options call the newer one's first).
/// </summary>
internal static class Q35Versions
{
    // QEMU 10.0's reason for the versions older than three years (MACHINE_VER_DEPRECATION).
    private const string DeprecationReason = "machines more than 3 years old are subject to deletion after 6 years";

    public static readonly Q35Version[] All =
    [
        new("10.0", false, 4096, false, [("virtio-iommu-pci", "aw-bits", "39")]),
        new("9.2", false, 4096, false, [("vfio-pci", "x-migration-multifd-transfer", "off")]),
        new("9.1", false, 4096, false, [("pci-device", "x-pcie-ext-tag", "false"), ("ICH9-LPC", "x-smi-swsmi-timer", "off"), ("ICH9-LPC", "x-smi-periodic-timer", "off"), ("intel-iommu", "stale-tm", "on"), ("intel-iommu", "aw-bits", "39")]),
        new("9.0", false, 4096, false, [("vfio-pci", "skip-vsc-check", "false"), ("virtio-pci", "x-pcie-pm-no-soft-reset", "off"),
            ("x86_64-cpu", "x-amd-topoext-features-only", "false"), ("x86_64-cpu", "x-l1-cache-per-thread", "false"),
            ("x86_64-cpu", "guest-phys-bits", "0"), ("x86_64-cpu", "legacy-multi-node", "on")]),
        new("8.2", false, 1024, false, [("virtio-iommu-pci", "granule", "4k"), ("virtio-iommu-pci", "aw-bits", "64")]),
        new("8.1", false, 1024, false, [("base-pci-bridge", "x-pci-express-writeable-slt-bug", "true"), ("vfio-pci-nohotplug", "x-ramfb-migrate", "off")]),
        new("8.0", false, 288, false, [("pci-device", "x-pcie-ari-nextfn-1", "on")]),
        new("7.2", false, 288, false, [("pci-device", "x-pcie-err-unc-mask", "off"), ("ICH9-LPC", "noreboot", "true")]),
        new("7.1", false, 288, false, [("virtio-device", "queue_reset", "false")]),
        new("7.0", true, 288, false, []),
        new("6.2", true, 288, false, []),
        new("6.1", true, 288, false, [("x86_64-cpu", "hv-version-id-build", "0x1bbc"), ("x86_64-cpu", "hv-version-id-major", "0x0006"),
            ("x86_64-cpu", "hv-version-id-minor", "0x0001"), ("ICH9-LPC", "x-keep-pci-slot-hpc", "false")]),
        new("6.0", true, 288, false, [("i8042", "extended-state", "false"), ("qemu64-x86_64-cpu", "family", "6"), ("qemu64-x86_64-cpu", "model", "6"),
            ("qemu64-x86_64-cpu", "stepping", "3"), ("x86_64-cpu", "x-vendor-cpuid-only", "off"),
            ("ICH9-LPC", "acpi-pci-hotplug-with-bridge-support", "off"), ("ICH9-LPC", "x-keep-pci-slot-hpc", "true")]),
        new("5.2", true, 288, false, [("ICH9-LPC", "smm-compat", "on"), ("ICH9-LPC", "x-smi-cpu-hotunplug", "off")]),
        new("5.1", true, 288, false, [("virtio-pci", "x-ats-page-aligned", "off"), ("ICH9-LPC", "x-smi-cpu-hotplug", "off"),
            ("x86_64-cpu", "kvm-msi-ext-dest-id", "off")]),
        new("5.0", true, 288, true, [("pci-host-bridge", "x-config-reg-migration-enabled", "off"), ("vmport", "x-read-set-eax", "off"), ("vmport", "x-signal-unsupported-cmd", "off"),
            ("vmport", "x-report-vmx-type", "off"), ("vmport", "x-cmds-v2", "off"), ("virtio-device", "x-disable-legacy-check", "true")]),
        new("4.2", true, 288, true, [("fw_cfg", "acpi-mr-restore", "false"), ("virtio-device", "use-disabled-flag", "false"), ("mch", "smbase-smram", "off")]),
        new("4.1", true, 288, true, [("virtio-pci", "x-pcie-flr-init", "off")]),
        new("4.0.1", true, 288, true, [("virtio-device", "use-started", "false")]),
        new("4.0", true, 288, true, []),
        new("3.1", true, 288, true, [("pcie-root-port", "x-speed", "2_5"), ("pcie-root-port", "x-width", "1"),
            ("memory-backend-file", "x-use-canonical-path-for-ramblock-id", "true"), ("memory-backend-memfd", "x-use-canonical-path-for-ramblock-id", "true"),
            ("pcie-root-port-base", "disable-acs", "true"), ("intel-iommu", "dma-drain", "off"), ("x86_64-cpu", "x-intel-pt-auto-level", "off")]),
        new("3.0", true, 288, true, [("x86_64-cpu", "x-hv-synic-kvm-only", "on")]),
        new("2.12", true, 288, true, [("x86_64-cpu", "legacy-cache", "on"), ("x86_64-cpu", "topoext", "off")]),
        new("2.11", true, 288, true, [("hpet", "hpet-offset-saved", "false"), ("x86_64-cpu", "x-migrate-smi-count", "off")]),
        new("2.10", true, 288, true, [("x86_64-cpu", "x-hv-max-vps", "0x40"), ("q35-pcihost", "x-pci-hole64-fix", "off")]),
        new("2.9", true, 288, true, [("pci-bridge", "shpc", "off"), ("intel-iommu", "pt", "off"), ("pcie-root-port", "x-migrate-msix", "false"), ("mch", "extended-tseg-mbytes", "0")]),
        new("2.8", true, 288, true, [("fw_cfg_io", "x-file-slots", "0x10"), ("pci-bridge", "shpc", "on"), ("pci-device", "x-pcie-extcap-init", "off"),
            ("virtio-pci", "x-pcie-deverr-init", "off"), ("virtio-pci", "x-pcie-lnkctl-init", "off"), ("virtio-pci", "x-pcie-pm-init", "off"),
            ("x86_64-cpu", "tcg-cpuid", "off"), ("ICH9-LPC", "x-smi-broadcast", "off"), ("x86_64-cpu", "vmware-cpuid-freq", "off")]),
        new("2.7", true, 255, true, [("virtio-pci", "page-per-vq", "on"), ("ioapic", "version", "0x11"), ("intel-iommu", "x-buggy-eim", "true"),
            ("virtio-pci", "x-ignore-backend-features", "on"), ("x86_64-cpu", "l3-cache", "off"), ("x86_64-cpu", "full-cpuid-auto-level", "off"),
            ("isa-pcspk", "migrate", "off")]),
        new("2.6", true, 255, true, [("x86_64-cpu", "cpuid-0xb", "off"), ("x86_64-cpu", "fill-mtrr-mask", "off"),
            ("apic-common", "legacy-instance-id", "on")]),
        new("2.5", true, 255, true, []),
        new("2.4", true, 255, true, [("virtio-pci", "x-disable-pcie", "on"), ("virtio-pci", "migrate-extra", "off"),
            ("fw_cfg_io", "dma_enabled", "off"), ("qemu64-x86_64-cpu", "model-id", "QEMU Virtual CPU version 2.4.0"), ("x86_64-cpu", "check", "off"),
            ("qemu64-x86_64-cpu", "sse4a", "on"), ("qemu64-x86_64-cpu", "abm", "on"), ("qemu64-x86_64-cpu", "popcnt", "on")]),
    ];

    /// <summary>
    /// Whether the machine type keeps RAM out of the AMD HyperTransport hole (QEMU's
    /// <c>enforce_amd_1tb_hole</c>: every version after 7.0).
    /// </summary>
    public static bool EnforcesAmd1TbHole(MachineClass klass)
    {
        int index = System.Array.FindIndex(All, v => v.TypeName == klass.Name);
        int last = System.Array.FindIndex(All, v => v.Version == "7.1");
        return index >= 0 && index <= last;
    }

    /// <summary>Fills the class of version <paramref name="index"/> (in <see cref="All"/>).</summary>
    public static void InitClass(MachineClass klass, int index)
    {
        var version = All[index];
        klass.Description = "Standard PC (Q35 + ICH9, 2009)";
        klass.Family = "pc_q35";
        klass.DeprecationReason = version.Deprecated ? DeprecationReason : null;
        klass.MaxCpus = version.MaxCpus;
        klass.NumaMemSupported = version.NumaMemSupported;

        // QEMU's pc_q35_6_1_machine_options: before 6.2, omitted counts go to sockets first.
        int firstCoresFirst = System.Array.FindIndex(All, v => v.Version == "6.2");
        klass.Smp = klass.Smp with { PreferSockets = index > firstCoresFirst };
        var compatProps = new List<GlobalProperty>();
        for (int i = 0; i <= index; i++)
        {
            foreach (var (driver, property, value) in All[i].CompatProps)
            {
                compatProps.Add(new GlobalProperty(driver, property, value));
            }
        }

        klass.CompatProps = compatProps;
    }
}

/// <summary>
/// The q35 machine types older than the newest (<c>pc-q35-9.2-machine</c> ... <c>pc-q35-2.4-machine</c>),
/// registered at run time from <see cref="Q35Versions"/>: each is a child of <c>generic-pc-machine</c>,
/// as in QEMU, and builds the same board as <see cref="Q35Machine"/>.
/// </summary>
internal sealed class Q35VersionsModule : QomModule
{
    public static readonly Q35VersionsModule Instance = new();

    private Q35VersionsModule()
        : base("QomSharp.Devices.Q35Versions", TypeTableText())
    {
    }

    /// <inheritdoc/>
    public override IReadOnlyList<QomModule> Dependencies => [Generated.QomModule_QomSharp_Devices.Instance];

    /// <inheritdoc/>
    protected override QomObject CreateInstance(int index) => new Q35Machine();

    /// <inheritdoc/>
    protected override void RunClassInit(int index, QomClass klass) => Q35Versions.InitClass((MachineClass)klass, index + 1);

#pragma warning disable CA2255 // registering at load makes the versions findable by name, as the generated modules are
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void Initialize() => QomModules.Add(Instance);
#pragma warning restore CA2255

    private static string TypeTableText()
    {
        var text = new System.Text.StringBuilder();
        for (int i = 1; i < Q35Versions.All.Length; i++)
        {
            text.Append(Q35Versions.All[i].TypeName).Append('\t').Append(PcMachine.QomTypeName).Append('\t')
                .Append((int)QomTypeFlags.ClassInit).Append('\t').Append('\n');
        }

        return text.ToString();
    }
}
