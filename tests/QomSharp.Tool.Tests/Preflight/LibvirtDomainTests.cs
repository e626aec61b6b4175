using System;
using System.IO;
using System.Text.Json.Nodes;

namespace QomSharp.Tool.Tests.Preflight;

/// <summary>
/// A libvirt domain becomes the QEMU command line libvirt would start (its JSON -device form, its
/// order), then is checked like any command line.
/// </summary>
public sealed class LibvirtDomainTests
{
    private static readonly string Sample = RepositoryFiles.PathOf("samples/domains/gpu-nic-passthrough.xml");

    private static string[] Translate(string devices, string features = "<ioapic driver='qemu'/>", string machine = "q35", string memoryBacking = "")
    {
        string xml = $"""
            <domain type='kvm'>
              <name>QEMUGuest1</name>
              <memory unit='KiB'>219100</memory>
              {memoryBacking}
              <vcpu placement='static'>1</vcpu>
              <os><type arch='x86_64' machine='{machine}'>hvm</type></os>
              <features>{features}</features>
              <devices>{devices}</devices>
            </domain>
            """;
        var run = ToolRun.WithInput(xml, "-domain-xml", "-", "-print-qemu", "-verdict", "json");
        var verdict = JsonNode.Parse(run.Output[(run.Output.IndexOf('\n') + 1)..])!.AsObject();
        return [.. verdict["qemu_command_line"]!.AsArray().Select(a => (string)a!)];
    }

    private static string[] Devices(string[] args) => [.. args.Select((a, i) => (a, i)).Where(p => p.i > 0 && args[p.i - 1] == "-device").Select(p => p.a)];

    [Fact]
    public void IntelIommuDriverAttributesBecomeLibvirtsProperties()
    {
        // libvirt's expected lines: intel-iommu-caching-mode, intel-iommu-aw-bits, intel-iommu-eim, intel-iommu-device-iotlb.
        Assert.Equal("""{"driver":"intel-iommu","id":"iommu0","intremap":"on","caching-mode":true}""",
            Devices(Translate("<iommu model='intel'><driver intremap='on' caching_mode='on'/></iommu>")).Single());
        Assert.Equal("""{"driver":"intel-iommu","id":"iommu0","intremap":"on","aw-bits":48}""",
            Devices(Translate("<iommu model='intel'><driver intremap='on' aw_bits='48'/></iommu>")).Single());
        Assert.Equal("""{"driver":"intel-iommu","id":"iommu0","intremap":"on","eim":"on"}""",
            Devices(Translate("<iommu model='intel'><driver intremap='on' eim='on'/></iommu>")).Single());
        Assert.Equal("""{"driver":"intel-iommu","id":"iommu0","intremap":"on","device-iotlb":true}""",
            Devices(Translate("<iommu model='intel'><driver intremap='on' iotlb='on'/></iommu>")).Single());
    }

    [Fact]
    public void VirtioIommuIsAPciDeviceWithItsAddress()
    {
        // libvirt's virtio-iommu-x86_64 case.
        string[] args = Translate("<controller type='pci' index='0' model='pcie-root'/><iommu model='virtio'><driver><granule mode='host'/></driver>"
            + "<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/></iommu>", features: "<acpi/>");
        Assert.Equal("""{"driver":"virtio-iommu","id":"iommu0","granule":"host","bus":"pcie.0","addr":"0x1"}""", Devices(args).Single());
    }

    [Fact]
    public void TheMachineTypeAndTheSplitIoapicGoOnMachine()
    {
        string[] args = Translate(string.Empty, machine: "pc-q35-9.2");
        Assert.Equal("pc-q35-9.2,usb=off,kernel_irqchip=split,dump-guest-core=off,memory-backend=pc.ram", args[Array.IndexOf(args, "-machine") + 1]);
        Assert.Equal("kvm", args[Array.IndexOf(args, "-accel") + 1]);
        string[] noIoapic = Translate(string.Empty, features: "<acpi/>");
        Assert.Equal("q35,usb=off,dump-guest-core=off,memory-backend=pc.ram", noIoapic[Array.IndexOf(noIoapic, "-machine") + 1]);
    }

    [Fact]
    public void MemoryBecomesLibvirtsRamBackend()
    {
        // libvirt's intel-iommu-caching-mode and hugepages lines: 219100 KiB aligned to 1 MiB.
        string[] args = Translate(string.Empty);
        int m = Array.IndexOf(args, "-m");
        Assert.Equal(["size=219136k", "-object", """{"qom-type":"memory-backend-ram","id":"pc.ram","size":224395264}"""], args[(m + 1)..(m + 4)]);
        string[] huge = Translate(string.Empty, memoryBacking: "<memoryBacking><hugepages/></memoryBacking>");
        Assert.Equal(
            """{"qom-type":"memory-backend-file","id":"pc.ram","mem-path":"/dev/hugepages/libvirt/qemu/-1-QEMUGuest1","x-use-canonical-path-for-ramblock-id":false,"prealloc":true,"size":224395264}""",
            huge[Array.IndexOf(huge, "-m") + 3]);
    }

    [Fact]
    public void ControllersKeepTheirIndexesTargetsAndAddresses()
    {
        // libvirt's pcie-root-port case, and a pcie-to-pci-bridge, pci-bridge and dmi-to-pci-bridge below it.
        string[] args = Translate("""
            <controller type='pci' index='0' model='pcie-root'/>
            <controller type='pci' index='1' model='pcie-root-port'><model name='pcie-root-port'/><target chassis='1' port='0x10'/>
              <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0' multifunction='on'/></controller>
            <controller type='pci' index='2' model='pcie-root-port'><model name='ioh3420'/><target chassis='40' port='0x1a'/>
              <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x1'/></controller>
            <controller type='pci' index='3' model='pcie-to-pci-bridge'><model name='pcie-pci-bridge'/>
              <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/></controller>
            <controller type='pci' index='4' model='pci-bridge'><model name='pci-bridge'/><target chassisNr='4'/>
              <address type='pci' domain='0x0000' bus='0x03' slot='0x01' function='0x0'/></controller>
            <controller type='pci' index='5' model='dmi-to-pci-bridge'><model name='i82801b11-bridge'/>
              <address type='pci' domain='0x0000' bus='0x00' slot='0x1e' function='0x0'/></controller>
            """);
        Assert.Equal(
            [
                """{"driver":"pcie-root-port","port":16,"chassis":1,"id":"pci.1","bus":"pcie.0","multifunction":true,"addr":"0x2"}""",
                """{"driver":"ioh3420","port":26,"chassis":40,"id":"pci.2","bus":"pcie.0","addr":"0x2.0x1"}""",
                """{"driver":"pcie-pci-bridge","id":"pci.3","bus":"pci.1","addr":"0x0"}""",
                """{"driver":"pci-bridge","chassis_nr":4,"id":"pci.4","bus":"pci.3","addr":"0x1"}""",
                """{"driver":"i82801b11-bridge","id":"pci.5","bus":"pcie.0","addr":"0x1e"}""",
            ],
            Devices(args));
    }

    [Fact]
    public void AHostdevIsVfioPciWithItsSourceAndGuestAddresses()
    {
        string[] args = Translate("""
            <controller type='pci' index='0' model='pcie-root'/>
            <controller type='pci' index='1' model='pcie-root-port'><target chassis='1' port='0x10'/>
              <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/></controller>
            <hostdev mode='subsystem' type='pci' managed='yes'><driver name='vfio'/>
              <source><address domain='0x0000' bus='0x98' slot='0x00' function='0x0'/></source>
              <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/></hostdev>
            <hostdev mode='subsystem' type='pci' managed='yes'>
              <source><address domain='0x0000' bus='0xb1' slot='0x00' function='0x0'/></source><alias name='ua-nvme'/></hostdev>
            """);
        Assert.Equal(
            [
                """{"driver":"pcie-root-port","port":16,"chassis":1,"id":"pci.1","bus":"pcie.0","addr":"0x2"}""",
                """{"driver":"vfio-pci","host":"0000:98:00.0","id":"hostdev0","bus":"pci.1","addr":"0x0"}""",
                """{"driver":"vfio-pci","host":"0000:b1:00.0","id":"ua-nvme"}""",
            ],
            Devices(args));
    }

    [Fact]
    public void TheSampleDomainFitsTheDefaultHostWithEveryAssignedDevice()
    {
        var run = ToolRun.Of("-domain-xml", Sample, "-verdict", "json");
        Assert.Equal(0, run.ExitCode);
        var verdict = JsonNode.Parse(run.Output)!.AsObject();
        Assert.Equal(["hostdev0", "hostdev1", "hostdev2"], verdict["devices"]!.AsArray().Select(d => (string)d!["id"]!).ToArray());
        Assert.All(verdict["devices"]!.AsArray(), d => Assert.Equal("fits", (string?)d!["verdict"]));
        Assert.Contains("<disk>", verdict.NotChecked());
        Assert.Contains("<interface>", verdict.NotChecked());
        Assert.Contains("-machine kernel_irqchip", verdict.NotChecked());
    }

    [Fact]
    public void TheDomainsVcpusAreCheckedAsQemuChecksSmp()
    {
        // <vcpu> becomes -smp N,sockets=N,cores=1,threads=1: checked, and no longer listed as outside the model.
        var fits = ToolRun.Of("-domain-xml", Sample, "-verdict", "json");
        Assert.Equal(0, fits.ExitCode);
        Assert.DoesNotContain("-smp", JsonNode.Parse(fits.Output)!.AsObject().NotChecked());

        string xml = File.ReadAllText(Sample).Replace("<vcpu placement='static'>8</vcpu>", "<vcpu placement='static'>5000</vcpu>", StringComparison.Ordinal);
        Assert.NotEqual(File.ReadAllText(Sample), xml);
        var run = ToolRun.WithInput(xml, "-domain-xml", "-", "-verdict", "json");
        Assert.Equal(1, run.ExitCode);
        var error = JsonNode.Parse(run.Output)!["errors"]!.AsArray().Single()!;
        Assert.Equal("Invalid SMP CPUs 5000. The max CPUs supported by machine 'pc-q35-10.0' is 4096", (string?)error["error"]);
    }

    [Fact]
    public void WithoutTheBridgeTheSampleFailsAndTheFixIsSaidInXml()
    {
        string xml = File.ReadAllText(Sample).Replace("bus='0x03' slot='0x02'", "bus='0x04' slot='0x00'", StringComparison.Ordinal);
        var run = ToolRun.WithInput(xml, "-domain-xml", "-", "-verdict", "json");
        Assert.Equal(1, run.ExitCode);
        var hostdev2 = JsonNode.Parse(run.Output)!.AsObject().Device("hostdev2");
        Assert.Equal("vfio 0000:31:00.1: group 30 used in multiple address spaces", (string?)hostdev2["error"]);
        Assert.Contains("hostdev2 and hostdev1", (string)hostdev2["fix"]!);
        Assert.Contains("<controller type='pci' model='pcie-to-pci-bridge'/>", (string)hostdev2["fix"]!);
    }

    [Fact]
    public void WithoutCachingModeTheFixIsLibvirtsAttribute()
    {
        string xml = File.ReadAllText(Sample).Replace(" caching_mode='on'", "", StringComparison.Ordinal);
        var run = ToolRun.WithInput(xml, "-domain-xml", "-", "-verdict", "json");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("set caching mode: <iommu model='intel'><driver caching_mode='on'/></iommu>",
            (string?)JsonNode.Parse(run.Output)!.AsObject().Device("hostdev0")["fix"]);
    }

    [Fact]
    public void PrintQemuPrintsACommandLineTheShellReadsBack()
    {
        var run = ToolRun.Of("-domain-xml", Sample, "-print-qemu");
        string first = run.Output.Split('\n')[0];
        Assert.StartsWith("qemu-system-x86_64 -name guest=gpu-nic-vm,debug-threads=on -S -machine pc-q35-10.0,usb=off,kernel_irqchip=split,dump-guest-core=off,memory-backend=pc.ram -accel kvm", first);
        Assert.Contains(""" -m size=16777216k -object '{"qom-type":"memory-backend-ram","id":"pc.ram","size":17179869184}'""", first);
        Assert.Contains(""" -device '{"driver":"vfio-pci","host":"0000:31:00.1","id":"hostdev2","bus":"pci.3","addr":"0x2"}'""", first);
    }

    public static TheoryData<string, string> Refused => new()
    {
        { "<domain><devices>", "not XML" },
        { "<network/>", "the root element is <network>, not <domain>" },
        { "<domain><devices><controller type='pci' index='1' model='pcie-foo'/></devices></domain>", "unknown PCI controller model" },
        { "<domain><devices><hostdev mode='subsystem' type='pci'><source><address domain='0' bus='0x1' slot='0x20' function='0'/></source></hostdev></devices></domain>", "invalid slot '0x20'" },
        { "<domain><devices><hostdev mode='subsystem' type='pci'><source><address bus='0x98' slot='0' function='0'/></source><address type='pci' bus='0x07' slot='0'/></hostdev></devices></domain>", "no PCI controller has index 7" },
        { "<!DOCTYPE domain [<!ENTITY x 'y'>]><domain/>", "not XML" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void ADomainThatCannotBeTranslatedCouldNotBeChecked(string xml, string error)
    {
        var run = ToolRun.WithInput(xml, "-domain-xml", "-");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("qomsharp: -domain-xml -: ", run.Error);
        Assert.Contains(error, run.Error);
    }
}
