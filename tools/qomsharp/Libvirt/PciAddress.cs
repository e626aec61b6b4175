using System;
using System.Globalization;
using System.Xml.Linq;

namespace QomSharp.Tool.Libvirt;

/// <summary>A guest or host PCI address as libvirt writes it: <c>&lt;address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/&gt;</c>.</summary>
internal sealed record PciAddress(int Domain, int Bus, int Slot, int Function, bool Multifunction)
{
    /// <summary>Reads an <c>address</c> element; its attributes are numbers in libvirt's syntax (decimal, or hex with 0x).</summary>
    /// <exception cref="DomainXmlException">A missing or malformed attribute.</exception>
    public static PciAddress Read(XElement address) => new(
        Number(address, "domain", 0, 0xffff),
        Number(address, "bus", 0, 0xff),
        Number(address, "slot", null, 0x1f),
        Number(address, "function", 0, 7),
        (string?)address.Attribute("multifunction") == "on");

    /// <summary>QEMU's <c>addr</c> as libvirt writes it: <c>0x2</c>, or <c>0x2.0x1</c> for a function other than 0.</summary>
    public string QemuAddr => Function == 0
        ? string.Create(CultureInfo.InvariantCulture, $"0x{Slot:x}")
        : string.Create(CultureInfo.InvariantCulture, $"0x{Slot:x}.0x{Function:x}");

    /// <summary>The host address as vfio-pci's <c>host</c> takes it: <c>0000:98:00.0</c>.</summary>
    public string HostText => string.Create(CultureInfo.InvariantCulture, $"{Domain:x4}:{Bus:x2}:{Slot:x2}.{Function:x}");

    /// <summary>Reads a number attribute of <paramref name="element"/> (libvirt's virStrToLong_ui: decimal, 0x hex or 0 octal).</summary>
    public static int Number(XElement element, string name, int? fallback, int max)
    {
        string? text = (string?)element.Attribute(name);
        if (text is null)
        {
            return fallback ?? throw new DomainXmlException($"<{element.Name.LocalName}>: missing attribute '{name}'");
        }

        bool ok = text.StartsWith("0x", System.StringComparison.OrdinalIgnoreCase)
            ? int.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int value)
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (!ok || value > max)
        {
            throw new DomainXmlException($"<{element.Name.LocalName}>: invalid {name} '{text}'");
        }

        return value;
    }
}
