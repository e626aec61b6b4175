using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace QomSharp.Devices.Host;

/// <summary>
/// A host PCI address <c>DDDD:BB:DD.F</c> (domain, bus, device/slot, function), the value of
/// vfio-pci's <c>host</c> property and the name of the device's sysfs directory.
/// </summary>
public readonly record struct PciHostAddress
{
    /// <summary>The largest PCI domain (segment) number.</summary>
    public const int MaxDomain = 0xffff;
    /// <summary>The largest bus number.</summary>
    public const int MaxBus = 0xff;
    /// <summary>The largest device (slot) number.</summary>
    public const int MaxSlot = 0x1f;
    /// <summary>The largest function number.</summary>
    public const int MaxFunction = 7;

    /// <summary>An address from its parts; throws <see cref="ArgumentOutOfRangeException"/> for a part above its maximum.</summary>
    public PciHostAddress(int domain, int bus, int slot, int function)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(domain);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(domain, MaxDomain);
        ArgumentOutOfRangeException.ThrowIfNegative(bus);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bus, MaxBus);
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slot, MaxSlot);
        ArgumentOutOfRangeException.ThrowIfNegative(function);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(function, MaxFunction);
        Domain = domain;
        Bus = bus;
        Slot = slot;
        Function = function;
    }

    /// <summary>PCI domain (segment), 0 to <see cref="MaxDomain"/>.</summary>
    public int Domain { get; }
    /// <summary>Bus number, 0 to <see cref="MaxBus"/>.</summary>
    public int Bus { get; }
    /// <summary>Device (slot) number, 0 to <see cref="MaxSlot"/>.</summary>
    public int Slot { get; }
    /// <summary>Function number, 0 to <see cref="MaxFunction"/>.</summary>
    public int Function { get; }

    /// <summary>The 8-bit devfn the vIOMMU keys on: slot in bits 7:3, function in bits 2:0.</summary>
    public int DevFn => (Slot << 3) | Function;

    /// <summary>Formats as QEMU prints the property and Linux names the sysfs directory: <c>0000:17:00.0</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Domain:x4}:{Bus:x2}:{Slot:x2}.{Function:x1}");

    /// <summary>
    /// Parses <c>[DDDD:]BB:DD.F</c> with hexadecimal fields, as QEMU's host-address property setter does:
    /// the domain defaults to 0; domain ≤ 0xffff, bus ≤ 0xff, slot ≤ 0x1f, function ≤ 7; nothing may follow.
    /// (QEMU reads each field with strtoul, which would also take a sign, spaces or a <c>0x</c> prefix;
    /// those odd spellings are refused here. QEMU reads the function in base 10, which accepts exactly
    /// the same digits 0–7 as hex does.)
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out PciHostAddress? address)
    {
        address = null;
        if (text is null)
            return false;
        int pos = 0;
        if (!TryHexField(text, ref pos, MaxDomain, out int first) || !TrySkip(text, ref pos, ':'))
            return false;
        // The second field is the bus when a domain was given (another ':' follows), else the slot.
        if (!TryHexField(text, ref pos, MaxDomain, out int second))
            return false;
        int domain, bus, slot;
        if (TrySkip(text, ref pos, ':'))
        {
            (domain, bus) = (first, second);
            if (bus > MaxBus || !TryHexField(text, ref pos, MaxSlot, out slot))
                return false;
        }
        else
        {
            (domain, bus, slot) = (0, first, second);
            if (bus > MaxBus || slot > MaxSlot)
                return false;
        }
        if (!TrySkip(text, ref pos, '.') || !TryHexField(text, ref pos, MaxFunction, out int function) || pos != text.Length)
            return false;
        address = new PciHostAddress(domain, bus, slot, function);
        return true;
    }

    private static bool TrySkip(string text, ref int pos, char separator)
    {
        if (pos >= text.Length || text[pos] != separator)
            return false;
        pos++;
        return true;
    }

    /// <summary>Reads one run of hex digits at <paramref name="pos"/>; fails if empty or above <paramref name="max"/>.</summary>
    private static bool TryHexField(string text, ref int pos, int max, out int value)
    {
        value = 0;
        int start = pos;
        while (pos < text.Length && Uri.IsHexDigit(text[pos]))
        {
            value = value * 16 + HexDigitValue(text[pos]);
            pos++;
            if (value > max)
                return false;
        }
        return pos > start;
    }

    private static int HexDigitValue(char c) =>
        c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    /// <summary>Parses or throws <see cref="FormatException"/> with QEMU's property error text.</summary>
    /// <param name="text">The address: <c>[DDDD:]BB:DD.F</c>, hex.</param>
    /// <param name="typeName">QOM type of the object whose property is set, e.g. <c>vfio-pci</c>.</param>
    /// <param name="propertyName">The property, e.g. <c>host</c>.</param>
    public static PciHostAddress Parse(string text, string typeName = "vfio-pci", string propertyName = "host") =>
        TryParse(text, out PciHostAddress? address)
            ? address.Value
            : throw new FormatException(InvalidValueMessage(typeName, propertyName, text));

    /// <summary>QEMU's text for a property value that does not parse (error_set_from_qdev_prop_error, EINVAL).</summary>
    public static string InvalidValueMessage(string typeName, string propertyName, string value) =>
        $"Property '{typeName}.{propertyName}' doesn't take value '{value}'";
}
