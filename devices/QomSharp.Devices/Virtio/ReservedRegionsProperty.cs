using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using QomSharp.Devices.Host;

namespace QomSharp.Devices.Virtio;

/// <summary>
/// QEMU's <c>reserved-regions</c> array property of <c>virtio-iommu-pci</c> (type <c>list</c>,
/// default <c>[]</c>): each element <c>0xSTART:0xEND:TYPE</c>, parsed with QEMU's texts. Like QEMU's
/// array properties it can be given once: a second non-empty list is refused.
/// </summary>
internal sealed class ReservedRegionsProperty : QomProperty
{
    public ReservedRegionsProperty()
        : base("reserved-regions", "list", null)
    {
    }

    public override JsonNode? DefaultValue => new JsonArray();

    public override bool CanRead => true;

    public override bool CanWrite => true;

    protected override JsonNode? Read(QomObject obj)
    {
        var array = new JsonArray();
        foreach (VirtioIommuReservedRegion region in ((VirtioIommuPci)obj).ReservedRegions)
        {
            array.Add((JsonNode)JsonValue.Create(region.ToString()));
        }

        return array;
    }

    protected override void Write(QomObject obj, in QomInput input)
    {
        var device = (VirtioIommuPci)obj;
        IReadOnlyList<QomInput> elements = input.ReadList(Name);
        var regions = new List<VirtioIommuReservedRegion>(elements.Count);
        foreach (QomInput element in elements)
        {
            regions.Add(Parse(element.ReadString(Name)));
        }

        if (device.ReservedRegions.Count > 0)
        {
            throw new QomException($"array size property {Name} may not be set more than once");
        }

        device.ReservedRegions = regions;
    }

    // QEMU's set_reserved_region: hex start, hex end, decimal type, ':' between them. Its texts name
    // the element by the list visitor's name for it, which is null.
    private static VirtioIommuReservedRegion Parse(string text)
    {
        string[] fields = text.Split(':', 3);
        if (!TryParseHex(fields[0], out ulong start, out bool ended))
        {
            throw new QomException("start address of '(null)' must be a hexadecimal integer");
        }

        if (ended || fields.Length < 2)
        {
            throw new QomException("reserved region fields must be separated with ':'");
        }

        if (!TryParseHex(fields[1], out ulong end, out ended))
        {
            throw new QomException("end address of '(null)' must be a hexadecimal integer");
        }

        if (ended || fields.Length < 3)
        {
            throw new QomException("reserved region fields must be separated with ':'");
        }

        // qemu_strtoui with an end pointer: leading decimal digits; what follows them is not looked at.
        int digits = 0;
        while (digits < fields[2].Length && char.IsAsciiDigit(fields[2][digits]))
        {
            digits++;
        }

        if (!uint.TryParse(fields[2].AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out uint type))
        {
            throw new QomException("type of '(null)' must be a non-negative decimal integer");
        }

        return new VirtioIommuReservedRegion(new IovaRange(start, System.Math.Max(start, end)), type);
    }

    // qemu_strtou64 base 16 with an end pointer: an optional 0x, at least one digit; what follows is
    // left for the separator check (ended: something other than the separator follows).
    private static bool TryParseHex(string field, out ulong value, out bool ended)
    {
        value = 0;
        ended = false;
        string digits = field.StartsWith("0x", System.StringComparison.OrdinalIgnoreCase) ? field[2..] : field;
        int length = 0;
        while (length < digits.Length && System.Uri.IsHexDigit(digits[length]))
        {
            length++;
        }

        if (length == 0 || !ulong.TryParse(digits.AsSpan(0, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        ended = length < digits.Length;
        return true;
    }
}
