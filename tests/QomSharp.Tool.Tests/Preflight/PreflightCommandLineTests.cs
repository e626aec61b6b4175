using System.Text.Json.Nodes;

namespace QomSharp.Tool.Tests.Preflight;

/// <summary>
/// Whole command lines as real deployments write them: what is outside the model is read with QEMU's
/// syntax, reported once and skipped; what is inside is checked as the normal mode checks it.
/// </summary>
public sealed class PreflightCommandLineTests
{
    // QEMU's own intel-iommu functional test (tests/avocado/intel_iommu.py, test_intel_iommu_strict_cm):
    // its arguments, with the GPU of the default host assigned.
    private static readonly string[] QemuIntelIommuTest =
    [
        "qemu-system-x86_64", "-machine", "q35",
        "-device", "virtio-net-pci,iommu_platform=on,disable-modern=off,disable-legacy=on",
        "-device", "virtio-blk-pci,bus=pcie.0,scsi=off,drive=drv0,id=virtio-disk0,bootindex=1,werror=stop,rerror=stop,iommu_platform=on,disable-modern=off,disable-legacy=on",
        "-device", "virtio-gpu-pci,iommu_platform=on,disable-modern=off,disable-legacy=on",
        "-drive", "file=/var/tmp/Fedora-Cloud-Base-31.qcow2,if=none,cache=writethrough,id=drv0",
        "-device", "virtio-rng-pci,rng=rng0",
        "-object", "rng-random,id=rng0,filename=/dev/urandom",
        "-accel", "kvm",
        "-device", "intel-iommu,intremap=on,caching-mode=on",
        "-machine", "kernel_irqchip=split",
        "-kernel", "/var/tmp/vmlinuz", "-append", "console=ttyS0 quiet intel_iommu=on,strict", "-initrd", "/var/tmp/initrd.img",
        "-device", "vfio-pci,host=98:00.0,id=gpu",
    ];

    // libvirt's own expected command line for <iommu model='intel'><driver intremap='on' caching_mode='on'/>
    // (tests/qemuxmlconfdata/intel-iommu-caching-mode.x86_64-latest.args), with a <hostdev> of the default host.
    private static readonly string[] LibvirtCommandLine =
    [
        "/usr/bin/qemu-system-x86_64", "-name", "guest=QEMUGuest1,debug-threads=on", "-S",
        "-object", """{"qom-type":"secret","id":"masterKey0","format":"raw","file":"/var/lib/libvirt/qemu/domain--1-QEMUGuest1/master-key.aes"}""",
        "-machine", "q35,usb=off,kernel_irqchip=split,dump-guest-core=off,memory-backend=pc.ram,acpi=off",
        "-accel", "kvm", "-cpu", "qemu64", "-m", "size=219136k",
        "-object", """{"qom-type":"memory-backend-ram","id":"pc.ram","size":224395264}""",
        "-overcommit", "mem-lock=off", "-smp", "1,sockets=1,cores=1,threads=1", "-uuid", "c7a5fdbd-edaf-9455-926a-d65c16db1809",
        "-display", "none", "-no-user-config", "-nodefaults",
        "-chardev", "socket,id=charmonitor,fd=@mon-fd@,server=on,wait=off", "-mon", "chardev=charmonitor,id=monitor,mode=control",
        "-rtc", "base=utc", "-no-shutdown", "-boot", "strict=on",
        "-device", """{"driver":"intel-iommu","id":"iommu0","intremap":"on","caching-mode":true}""",
        "-audiodev", """{"id":"audio1","driver":"none"}""",
        "-global", "ICH9-LPC.noreboot=off", "-watchdog-action", "reset",
        "-sandbox", "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny", "-msg", "timestamp=on",
        "-device", """{"driver":"vfio-pci","host":"0000:98:00.0","id":"hostdev0","bus":"pcie.0","addr":"0x3"}""",
    ];

    [Fact]
    public void QemusIntelIommuTestCommandLineFitsTheDefaultHost()
    {
        var (run, verdict) = PreflightRun.Json(QemuIntelIommuTest);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("fits", (string?)verdict["verdict"]);
        Assert.Equal(
            ["-device virtio-net-pci", "-device virtio-blk-pci", "-device virtio-gpu-pci", "-drive", "-device virtio-rng-pci",
             "-object rng-random", "-accel", "-kernel", "-append", "-initrd", "-machine kernel_irqchip"],
            verdict.NotChecked());
        JsonObject gpu = verdict.Device("gpu");
        Assert.All(gpu["checks"]!.AsArray(), c => Assert.Equal("pass", (string?)c!["result"]));
        Assert.Equal(48, (int)gpu["host_aw_bits"]!);
        Assert.Equal(48, (int)gpu["viommu_aw_bits"]!);
    }

    [Fact]
    public void LibvirtsGeneratedCommandLineIsReadWhole()
    {
        var (run, verdict) = PreflightRun.Json(LibvirtCommandLine);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            ["-name", "-object secret", "-accel", "-cpu", "-overcommit", "-uuid", "-display",
             "-chardev", "-mon", "-rtc", "-no-shutdown", "-boot", "-audiodev", "-watchdog-action", "-sandbox", "-msg",
             "-machine kernel_irqchip"],
            verdict.NotChecked());
        Assert.Equal("fits", (string?)verdict.Device("hostdev0")["verdict"]);
    }

    [Fact]
    public void QemusIommufdExampleUsesTheIommufdBackend()
    {
        // docs/devel/vfio-iommufd.rst, "Step 2: configure QEMU".
        var (run, verdict) = PreflightRun.Json("-object", "iommufd,id=iommufd0", "-device", "vfio-pci,host=0000:02:00.0,iommufd=iommufd0");
        Assert.Equal(0, run.ExitCode);
        JsonObject device = verdict["devices"]![0]!.AsObject();
        Assert.Equal("iommufd", (string?)device["backend"]);
        Assert.Equal("0000:02:00.0", (string?)device["host_function"]!["address"]);
        Assert.Equal("not-applicable", device.Check("aw-bits"));
    }

    [Fact]
    public void WithoutThePreflightModeTheToolStaysStrict()
    {
        var run = ToolRun.Of(QemuIntelIommuTest[1..]);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("qomsharp: -drive: invalid option\n", run.Error);
        Assert.Equal("qomsharp: -device virtio-net-pci: 'virtio-net-pci' is not a valid device model name\n", ToolRun.Of("-device", "virtio-net-pci").Error);
        Assert.Equal("qomsharp: -enable-kvm: invalid option\n", ToolRun.Of("-enable-kvm").Error);
        Assert.Equal("qomsharp: -verdict json: only with -preflight\n", ToolRun.Of("-verdict", "json").Error);
    }

    [Fact]
    public void EachOptionOutsideTheModelIsReportedOnceWithItsCount()
    {
        var (_, verdict) = PreflightRun.Json("-drive", "file=a.img,if=virtio", "-drive", "file=b.img,if=virtio", "-enable-kvm", "-name", "vm1");
        var drive = verdict["not_checked"]!.AsArray().Single(o => (string?)o!["option"] == "-drive")!;
        Assert.Equal(2, (int)drive["count"]!);
        Assert.Equal(["-drive", "-enable-kvm", "-name"], verdict.NotChecked());
    }

    [Fact]
    public void MemoryOptionsAreChecked()
    {
        // -m and the backends are in the model: a backend of another size is QEMU's refusal.
        var (run, verdict) = PreflightRun.Json("-m", "2G", "-object", "memory-backend-ram,id=mem,size=1G", "-machine", "q35,memory-backend=mem");
        Assert.Empty(verdict.NotChecked());
        Assert.Contains("Machine memory size does not match the size of the memory backend", run.Output, System.StringComparison.Ordinal);
    }

    public static TheoryData<string[], string> RefusedAsQemuRefusesThem => new()
    {
        // The same texts as QEMU 10.0's (tests/reference/qemu-10.0/option-arity.txt, option-errors.txt), program name aside.
        { ["-bogus"], "qomsharp: -bogus: invalid option\n" },
        { ["-no-hpet"], "qomsharp: -no-hpet: invalid option\n" },
        { ["-semihosting"], "qomsharp: -semihosting: Option not supported for this target\n" },
        { ["-drive"], "qomsharp: -drive: requires an argument\n" },
    };

    [Theory]
    [MemberData(nameof(RefusedAsQemuRefusesThem))]
    public void AnOptionQemuRefusesIsRefused(string[] args, string error)
    {
        var run = ToolRun.Of(["-preflight", .. args]);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(error, run.Error);
    }

    [Fact]
    public void AMalformedArgumentOutsideTheModelFailsAsInQemu()
    {
        // tests/reference/qemu-10.0/option-errors.txt: "-m foo: Parameter 'size' expects a non-negative number below 2^64".
        var (run, verdict) = PreflightRun.Json("-m", "foo", "-device", "vfio-pci,host=98:00.0");
        Assert.Equal(1, run.ExitCode);
        var error = verdict["errors"]!.AsArray().Single()!;
        Assert.Equal("-m foo", (string?)error["option"]);
        Assert.Equal("Parameter 'size' expects a non-negative number below 2^64", (string?)error["error"]);
        Assert.Equal("qemu-system-x86_64: -m foo: Parameter 'size' expects a non-negative number below 2^64", (string?)verdict["qemu_error"]);
    }

    [Fact]
    public void EveryOptionOfQemusTableIsReadWithItsArity()
    {
        // As the file was made: each option of QEMU 10.0 last on the command line, with nothing after it.
        foreach (string line in Qemu10.Lines("option-arity.txt").Where(l => !l.StartsWith('#')))
        {
            string[] parts = line.Split(' ');
            string name = parts[0];
            var run = ToolRun.Of("-preflight", name);
            string expected = parts[1] switch
            {
                "ARG" => $"qomsharp: {name}: requires an argument\n",
                "INVALID" => $"qomsharp: {name}: invalid option\n",
                "TARGET" => $"qomsharp: {name}: Option not supported for this target\n",
                _ => string.Empty,
            };
            Assert.True(expected == run.Error, $"{line}: {run.Error}");
            Assert.Equal(expected.Length == 0 ? 0 : 1, run.ExitCode);
        }
    }
}
