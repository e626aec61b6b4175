using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace QomSharp.Tool.Libvirt;

/// <summary>
/// A libvirt domain (<c>virsh dumpxml</c>) translated to the QEMU command line libvirt would start,
/// for the parts that decide device assignment: the machine type and <c>&lt;ioapic driver='qemu'/&gt;</c>
/// (<c>kernel_irqchip=split</c>), the accelerator and vCPUs (not modelled, kept so they are reported),
/// the memory (<c>-m</c> and the RAM backend <c>pc.ram</c>, on huge pages with
/// <c>&lt;memoryBacking&gt;&lt;hugepages/&gt;</c>), <c>&lt;iommu model='intel'|'virtio'&gt;</c> with its <c>&lt;driver&gt;</c>, the PCI
/// controllers with their indexes, targets and addresses, and each PCI <c>&lt;hostdev&gt;</c> with its
/// source and guest address. Devices are written in libvirt's JSON <c>-device</c> form and order.
/// </summary>
internal sealed class LibvirtDomain
{
    private readonly XElement _domain;
    private readonly Dictionary<int, string> _busAliases = [];

    private LibvirtDomain(XElement domain)
    {
        _domain = domain;
    }

    /// <summary>The <c>&lt;devices&gt;</c> children this translation leaves out (disks, interfaces, ...), by element name.</summary>
    public IReadOnlyList<string> Untranslated => Devices().Elements().Select(e => e.Name.LocalName)
        .Where(name => name is not ("iommu" or "controller" or "hostdev" or "emulator")).Distinct().Select(name => $"<{name}>").ToList();

    /// <summary>Reads domain XML; <paramref name="origin"/> names the source in errors.</summary>
    /// <exception cref="DomainXmlException">Not XML, or not a domain.</exception>
    public static LibvirtDomain Parse(string text, string origin)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 16 * 1024 * 1024 };
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException failure)
        {
            throw new DomainXmlException($"{origin}: not XML: {failure.Message}", failure);
        }

        if (document.Root is not { Name.LocalName: "domain" } root)
        {
            throw new DomainXmlException($"{origin}: the root element is <{document.Root?.Name.LocalName}>, not <domain>");
        }

        return new LibvirtDomain(root);
    }

    /// <summary>The QEMU arguments (without the program) libvirt would pass for the translated parts.</summary>
    /// <exception cref="DomainXmlException">An element libvirt would refuse (e.g. a malformed address).</exception>
    public List<string> QemuArguments()
    {
        var args = new List<string>();
        if (_domain.Element("name")?.Value is { Length: > 0 } name)
        {
            args.AddRange(["-name", $"guest={name.Replace(",", ",,", StringComparison.Ordinal)},debug-threads=on"]);
        }

        args.Add("-S");
        ulong? memoryKib = MemoryKib();
        args.AddRange(["-machine", MachineOption(memoryKib is not null)]);
        args.AddRange(["-accel", (string?)_domain.Attribute("type") == "kvm" ? "kvm" : "tcg"]);
        if (memoryKib is { } kib)
        {
            args.AddRange(["-m", string.Create(CultureInfo.InvariantCulture, $"size={kib}k"), "-object", RamBackend(kib * 1024)]);
        }

        if (_domain.Element("vcpu")?.Value.Trim() is { Length: > 0 } vcpus)
        {
            args.AddRange(["-smp", $"{vcpus},sockets={vcpus},cores=1,threads=1"]);
        }

        args.AddRange(["-display", "none", "-no-user-config", "-nodefaults"]);
        List<XElement> controllers = [.. Devices().Elements("controller").Where(c => (string?)c.Attribute("type") == "pci")];
        foreach (XElement controller in controllers)
        {
            int index = PciAddress.Number(controller, "index", 0, 255);
            string model = (string?)controller.Attribute("model") ?? string.Empty;
            _busAliases[index] = Alias(controller) ?? (model == "pcie-root" ? "pcie.0" : model == "pci-root" ? "pci.0" : $"pci.{index}");
        }

        foreach (XElement iommu in Devices().Elements("iommu"))
        {
            args.AddRange(["-device", Iommu(iommu)]);
        }

        foreach (XElement controller in controllers.OrderBy(c => PciAddress.Number(c, "index", 0, 255)))
        {
            if (Controller(controller) is { } device)
            {
                args.AddRange(["-device", device]);
            }
        }

        int hostdevs = 0;
        foreach (XElement hostdev in Devices().Elements("hostdev"))
        {
            if ((string?)hostdev.Attribute("mode") is "subsystem" && (string?)hostdev.Attribute("type") is "pci")
            {
                args.AddRange(["-device", Hostdev(hostdev, hostdevs)]);
            }

            hostdevs++;
        }

        return args;
    }

    private IEnumerable<XElement> Devices() => _domain.Elements("devices");

    // -machine TYPE,usb=off,[kernel_irqchip=split,]dump-guest-core=off[,memory-backend=pc.ram]: libvirt's
    // order for the parts that matter (the RAM backend named when the domain gives its memory).
    private string MachineOption(bool ramBackend)
    {
        string machine = (string?)_domain.Element("os")?.Element("type")?.Attribute("machine") ?? "q35";
        var option = new StringBuilder(machine).Append(",usb=off");
        string? ioapic = (string?)_domain.Element("features")?.Element("ioapic")?.Attribute("driver");
        if (ioapic is "qemu" or "kvm")
        {
            option.Append(ioapic == "qemu" ? ",kernel_irqchip=split" : ",kernel_irqchip=on");
        }

        option.Append(",dump-guest-core=off");
        return ramBackend ? option.Append(",memory-backend=").Append(RamBackendId).ToString() : option.ToString();
    }

    // The machine's default RAM backend id (q35's default-ram-id), which libvirt creates itself.
    private const string RamBackendId = "pc.ram";

    // libvirt's main RAM backend: anonymous memory, or with <memoryBacking><hugepages/> a file in the
    // domain's directory on the hugetlbfs mount, preallocated and named by its id as QEMU's own is.
    private string RamBackend(ulong bytes)
    {
        bool hugepages = _domain.Element("memoryBacking")?.Element("hugepages") is not null;
        return Json(writer =>
        {
            writer.WriteString("qom-type", hugepages ? "memory-backend-file" : "memory-backend-ram");
            writer.WriteString("id", RamBackendId);
            if (hugepages)
            {
                writer.WriteString("mem-path", $"/dev/hugepages/libvirt/qemu/{ShortName()}");
                writer.WriteBoolean("x-use-canonical-path-for-ramblock-id", false);
                writer.WriteBoolean("prealloc", true);
            }

            writer.WriteNumber("size", bytes);
        });
    }

    // libvirt's short domain name: the id (-1 for a domain not running) and up to 20 characters of the name.
    private string ShortName()
    {
        string id = (string?)_domain.Attribute("id") ?? "-1";
        string name = _domain.Element("name")?.Value ?? string.Empty;
        return $"{id}-{(name.Length > 20 ? name[..20] : name)}";
    }

    private ulong? MemoryKib()
    {
        XElement? memory = _domain.Element("memory");
        if (memory is null || !ulong.TryParse(memory.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong amount))
        {
            return null;
        }

        ulong kib = ((string?)memory.Attribute("unit") ?? "KiB") switch
        {
            "b" or "bytes" => amount / 1024,
            "M" or "MiB" => amount * 1024,
            "G" or "GiB" => amount * 1024 * 1024,
            _ => amount,
        };
        // libvirt aligns the initial memory of an x86 guest to 1 MiB.
        return (kib + 1023) / 1024 * 1024;
    }

    // <iommu model='intel'><driver intremap caching_mode eim iotlb aw_bits/></iommu>, or model='virtio'.
    private string Iommu(XElement iommu)
    {
        string model = (string?)iommu.Attribute("model") ?? string.Empty;
        XElement? driver = iommu.Element("driver");
        return Json(writer =>
        {
            switch (model)
            {
                case "intel":
                    writer.WriteString("driver", "intel-iommu");
                    writer.WriteString("id", Alias(iommu) ?? "iommu0");
                    OnOff(writer, driver, "intremap", "intremap");
                    Bool(writer, driver, "caching_mode", "caching-mode");
                    OnOff(writer, driver, "eim", "eim");
                    Bool(writer, driver, "iotlb", "device-iotlb");
                    if (driver?.Attribute("aw_bits") is not null)
                    {
                        writer.WriteNumber("aw-bits", PciAddress.Number(driver, "aw_bits", null, 64));
                    }

                    break;
                case "virtio":
                    writer.WriteString("driver", "virtio-iommu");
                    writer.WriteString("id", Alias(iommu) ?? "iommu0");
                    if (driver?.Element("granule")?.Attribute("mode") is { } granule)
                    {
                        writer.WriteString("granule", granule.Value);
                    }

                    GuestAddress(writer, iommu);
                    break;
                default:
                    throw new DomainXmlException($"<iommu model='{model}'>: not an x86 q35 vIOMMU (intel or virtio)");
            }
        });
    }

    // libvirt's qemuBuildControllerPCIDevProps: the QEMU device of each PCI controller model.
    private string? Controller(XElement controller)
    {
        string model = (string?)controller.Attribute("model") ?? string.Empty;
        int index = PciAddress.Number(controller, "index", 0, 255);
        XElement? target = controller.Element("target");
        string? modelName = (string?)controller.Element("model")?.Attribute("name");
        return model switch
        {
            "pcie-root" or "pci-root" => null,
            "pcie-root-port" => Json(writer =>
            {
                writer.WriteString("driver", modelName ?? "pcie-root-port");
                if (target?.Attribute("port") is not null)
                {
                    writer.WriteNumber("port", PciAddress.Number(target, "port", null, 255));
                }

                writer.WriteNumber("chassis", target is null ? index : PciAddress.Number(target, "chassis", index, 255));
                writer.WriteString("id", _busAliases[index]);
                GuestAddress(writer, controller);
            }),
            "pcie-to-pci-bridge" => Json(writer =>
            {
                writer.WriteString("driver", modelName ?? "pcie-pci-bridge");
                writer.WriteString("id", _busAliases[index]);
                GuestAddress(writer, controller);
            }),
            "pci-bridge" => Json(writer =>
            {
                writer.WriteString("driver", modelName ?? "pci-bridge");
                writer.WriteNumber("chassis_nr", target is null ? index : PciAddress.Number(target, "chassisNr", index, 255));
                writer.WriteString("id", _busAliases[index]);
                GuestAddress(writer, controller);
            }),
            "dmi-to-pci-bridge" => Simple(controller, modelName ?? "i82801b11-bridge", index),
            "pcie-switch-upstream-port" => Simple(controller, modelName ?? "x3130-upstream", index),
            "pcie-switch-downstream-port" => Json(writer =>
            {
                writer.WriteString("driver", modelName ?? "xio3130-downstream");
                if (target?.Attribute("port") is not null)
                {
                    writer.WriteNumber("port", PciAddress.Number(target, "port", null, 255));
                }

                writer.WriteNumber("chassis", target is null ? index : PciAddress.Number(target, "chassis", index, 255));
                writer.WriteString("id", _busAliases[index]);
                GuestAddress(writer, controller);
            }),
            "pcie-expander-bus" or "pci-expander-bus" => Json(writer =>
            {
                writer.WriteString("driver", modelName ?? (model == "pcie-expander-bus" ? "pxb-pcie" : "pxb"));
                writer.WriteNumber("bus_nr", target is null ? index : PciAddress.Number(target, "busNr", index, 255));
                writer.WriteString("id", _busAliases[index]);
                GuestAddress(writer, controller);
            }),
            _ => throw new DomainXmlException($"<controller type='pci' index='{index}' model='{model}'>: unknown PCI controller model"),
        };
    }

    private string Simple(XElement controller, string driver, int index) => Json(writer =>
    {
        writer.WriteString("driver", driver);
        writer.WriteString("id", _busAliases[index]);
        GuestAddress(writer, controller);
    });

    // <hostdev mode='subsystem' type='pci'>: vfio-pci with the source address as host=, then the guest address.
    private string Hostdev(XElement hostdev, int position)
    {
        XElement source = hostdev.Element("source")?.Element("address")
            ?? throw new DomainXmlException("<hostdev type='pci'>: missing <source><address .../></source>");
        PciAddress host = PciAddress.Read(source);
        string? driverName = (string?)hostdev.Element("driver")?.Attribute("name");
        if (driverName is not (null or "vfio"))
        {
            throw new DomainXmlException($"<hostdev>: <driver name='{driverName}'>: only VFIO assignment is supported");
        }

        return Json(writer =>
        {
            writer.WriteString("driver", "vfio-pci");
            writer.WriteString("host", host.HostText);
            writer.WriteString("id", Alias(hostdev) ?? $"hostdev{position}");
            GuestAddress(writer, hostdev);
        });
    }

    // qemuBuildDeviceAddressProps: the bus named after the controller of that index, then multifunction and addr.
    private void GuestAddress(Utf8JsonWriter writer, XElement device)
    {
        XElement? address = device.Elements("address").FirstOrDefault(a => (string?)a.Attribute("type") == "pci");
        if (address is null)
        {
            return;
        }

        PciAddress guest = PciAddress.Read(address);
        if (!_busAliases.TryGetValue(guest.Bus, out string? bus))
        {
            throw new DomainXmlException($"<{device.Name.LocalName}>: <address bus='0x{guest.Bus:x2}'>: no PCI controller has index {guest.Bus}");
        }

        writer.WriteString("bus", bus);
        if (guest.Multifunction)
        {
            writer.WriteBoolean("multifunction", true);
        }

        writer.WriteString("addr", guest.QemuAddr);
    }

    private static string? Alias(XElement device)
    {
        string? alias = (string?)device.Element("alias")?.Attribute("name");

        // A user alias is written ua-NAME and passed on as it is; libvirt's own aliases likewise.
        return string.IsNullOrEmpty(alias) ? null : alias;
    }

    private static void OnOff(Utf8JsonWriter writer, XElement? driver, string attribute, string property)
    {
        if ((string?)driver?.Attribute(attribute) is { } value)
        {
            writer.WriteString(property, OnOffValue(attribute, value) ? "on" : "off");
        }
    }

    private static void Bool(Utf8JsonWriter writer, XElement? driver, string attribute, string property)
    {
        if ((string?)driver?.Attribute(attribute) is { } value)
        {
            writer.WriteBoolean(property, OnOffValue(attribute, value));
        }
    }

    private static bool OnOffValue(string attribute, string value) => value switch
    {
        "on" => true,
        "off" => false,
        _ => throw new DomainXmlException($"<driver {attribute}='{value}'>: expected on or off"),
    };

    private static string Json(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
