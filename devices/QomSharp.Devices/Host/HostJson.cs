using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace QomSharp.Devices.Host;

/// <summary>
/// Reads and writes the JSON host description (format: docs/host-json.md). Parsing is done by hand
/// over <see cref="JsonDocument"/> so the assembly stays AOT/trim clean and every error can name the
/// exact JSON path that is wrong. 64-bit values are hex strings because JSON numbers lose precision
/// above 2^53 in many tools.
/// </summary>
public static partial class HostJson
{
    /// <summary>The largest host description file read (16 MiB); a larger one is refused.</summary>
    public const int MaxFileBytes = HostFile.MaxJsonBytes;

    /// <summary>The <c>type</c> of an AMD-Vi unit in <c>iommus</c> (a unit without <c>type</c> is VT-d).</summary>
    public const string AmdViType = "amd-vi";

    // A host description is a few levels deep; deeper input is refused by the reader, not followed.
    private const int MaxDepth = 16;

    /// <summary>Loads a host description file.</summary>
    /// <exception cref="HostFormatException">Unreadable file, invalid JSON, or invalid content.</exception>
    public static HostModel LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length > 0 && !File.Exists(path) && !Directory.Exists(path))
        {
            const int ENOENT = 2;
            throw new HostFormatException(path, $"cannot read: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(ENOENT)}");
        }

        return Parse(HostFile.ReadText(path, HostFile.MaxJsonBytes), path);
    }

    /// <summary>Parses JSON text; <paramref name="origin"/> names the source in errors.</summary>
    public static HostModel Parse(string json, string origin = "<json>")
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = MaxDepth });
        }
        catch (ArgumentException e)
        {
            // The text itself is not valid Unicode (a lone surrogate), so it cannot even be read as JSON.
            throw new HostFormatException(origin, "invalid JSON: the text is not valid Unicode", e);
        }
        catch (JsonException e)
        {
            throw new HostFormatException(origin, $"invalid JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: {e.Message}", e);
        }
        using (document)
        {
            var reader = new Reader(origin);
            return reader.ReadHost(document.RootElement);
        }
    }

    /// <summary>Writes <paramref name="host"/> in the same format <see cref="Parse"/> reads.</summary>
    public static string Write(IHost host)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("description", host.Origin);
            writer.WriteStartArray("iommus");
            foreach (IommuUnit unit in host.IommuUnits)
            {
                writer.WriteStartObject();
                writer.WriteString("name", unit.Name);
                if (unit.AmdVi is { } amd)
                {
                    writer.WriteString("type", AmdViType);
                    writer.WriteString("cap", Hex(amd.CapabilityHeader));
                    writer.WriteString("features", Hex(amd.Efr));
                    writer.WriteString("features2", Hex(amd.Efr2));
                    writer.WriteEndObject();
                    continue;
                }
                writer.WriteString("version", unit.Version);
                writer.WriteString("address", Hex(unit.RegisterBase));
                writer.WriteString("cap", Hex(unit.Capability.Value));
                writer.WriteString("ecap", Hex(unit.ExtendedCapability.Value));
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("groups");
            foreach (int group in host.IommuGroups)
            {
                writer.WriteStartObject();
                writer.WriteNumber("id", group);
                WriteReservedRegions(writer, host.GetReservedRegions(group));
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("devices");
            foreach (HostPciDevice device in host.Devices)
            {
                writer.WriteStartObject();
                writer.WriteString("address", device.Address.ToString());
                writer.WriteString("vendor", Hex(device.VendorId, 4));
                writer.WriteString("device", Hex(device.DeviceId, 4));
                if (device.IommuGroup is { } group)
                    writer.WriteNumber("group", group);
                if (device.IommuUnit is { } unitName)
                    writer.WriteString("iommu", unitName);
                if (device.Description is { } description)
                    writer.WriteString("description", description);
                if (device.Driver is { } driver)
                    writer.WriteString("driver", driver);
                WritePciConfig(writer, device.Config);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            if (host.MdevDevices.Count > 0)
            {
                writer.WriteStartArray("mdevs");
                foreach (HostMdevDevice mdev in host.MdevDevices)
                {
                    writer.WriteStartObject();
                    writer.WriteString("uuid", mdev.Name);
                    writer.WriteString("parent", mdev.Parent.ToString());
                    writer.WriteString("type", mdev.Type);
                    writer.WriteNumber("group", mdev.IommuGroup);
                    if (mdev.Description is { } description)
                        writer.WriteString("description", description);
                    if (mdev.VendorId is { } vendor)
                        writer.WriteString("vendor", Hex(vendor, 4));
                    if (mdev.DeviceId is { } deviceId)
                        writer.WriteString("device", Hex(deviceId, 4));
                    WritePciConfig(writer, mdev.Config);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            WriteVdpaDevices(writer, host.VdpaDevices);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // Written only when there are some, so descriptions of hosts without vDPA read as before.
    private static void WriteVdpaDevices(Utf8JsonWriter writer, IReadOnlyList<HostVdpaDevice> vdpaDevices)
    {
        if (vdpaDevices.Count == 0)
            return;
        writer.WriteStartArray("vdpa");
        foreach (HostVdpaDevice vdpa in vdpaDevices)
        {
            writer.WriteStartObject();
            writer.WriteString("name", vdpa.Name);
            writer.WriteString("parent", vdpa.Parent.ToString());
            if (vdpa.VhostDevice is { } vhost)
                writer.WriteString("vhost", vhost);
            writer.WriteNumber("virtio_id", vdpa.VirtioDeviceId);
            writer.WriteNumber("queues", vdpa.QueueCount);
            writer.WriteNumber("max_queue_size", vdpa.MaxQueueSize);
            if (vdpa.IovaRange is { } range)
            {
                writer.WriteString("iova_first", Hex(range.Start));
                writer.WriteString("iova_last", Hex(range.Last));
            }
            if (vdpa.Description is { } description)
                writer.WriteString("description", description);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>
    /// Writes <paramref name="regions"/> as the <c>reserved_regions</c> array of a group, in the
    /// format <see cref="Parse"/> reads (also used by listings of a host that show the same field).
    /// </summary>
    public static void WriteReservedRegions(Utf8JsonWriter writer, IReadOnlyList<ReservedRegion> regions)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(regions);
        writer.WriteStartArray("reserved_regions");
        foreach (ReservedRegion region in regions)
        {
            writer.WriteStartObject();
            writer.WriteString("start", Hex(region.Range.Start));
            writer.WriteString("end", Hex(region.Range.Last));
            writer.WriteString("type", region.Type.ToSysfsName());
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static string Hex(ulong value, int digits = 1) =>
        "0x" + value.ToString("x" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>Walks the document; every failure names the JSON path (e.g. <c>$.iommus[1].cap</c>).</summary>
    private sealed partial class Reader(string origin)
    {
        public HostModel ReadHost(JsonElement root)
        {
            RequireKind(root, JsonValueKind.Object, "$");
            var units = new List<IommuUnit>();
            foreach ((JsonElement element, string path) in Items(root, "iommus", "$"))
                units.Add(ReadUnit(element, path));

            var groups = new Dictionary<int, IReadOnlyList<ReservedRegion>>();
            foreach ((JsonElement element, string path) in Items(root, "groups", "$"))
            {
                RequireKind(element, JsonValueKind.Object, path);
                int id = ReadInt(element, "id", path);
                var regions = new List<ReservedRegion>();
                if (element.TryGetProperty("reserved_regions", out _))
                {
                    foreach ((JsonElement region, string regionPath) in Items(element, "reserved_regions", path))
                        regions.Add(ReadRegion(region, regionPath));
                }
                if (!groups.TryAdd(id, regions))
                    throw Error($"{path}.id", $"IOMMU group {id} is described twice");
            }

            var devices = new List<HostPciDevice>();
            foreach ((JsonElement element, string path) in Items(root, "devices", "$"))
                devices.Add(ReadDevice(element, path));

            var mdevs = new List<HostMdevDevice>();
            if (root.TryGetProperty("mdevs", out _))
            {
                foreach ((JsonElement element, string path) in Items(root, "mdevs", "$"))
                    mdevs.Add(ReadMdev(element, path));
            }

            var vdpaDevices = new List<HostVdpaDevice>();
            if (root.TryGetProperty("vdpa", out _))
            {
                foreach ((JsonElement element, string path) in Items(root, "vdpa", "$"))
                    vdpaDevices.Add(ReadVdpaDevice(element, path));
            }

            string name = root.TryGetProperty("description", out JsonElement d) && d.ValueKind == JsonValueKind.String
                ? $"{origin} ({Text(d, "$.description")})"
                : origin;
            return new HostModel(name, units, devices, groups, mdevDevices: mdevs, vdpaDevices: vdpaDevices);
        }

        private HostVdpaDevice ReadVdpaDevice(JsonElement element, string path)
        {
            RequireKind(element, JsonValueKind.Object, path);
            string name = ReadString(element, "name", path);
            if (string.IsNullOrWhiteSpace(name))
                throw Error($"{path}.name", "is empty");
            string text = ReadString(element, "parent", path);
            if (!PciHostAddress.TryParse(text, out PciHostAddress? parent))
                throw Error($"{path}.parent", $"\"{text}\" is not a PCI address [DDDD:]BB:DD.F");
            string? vhost = element.TryGetProperty("vhost", out _) ? ReadString(element, "vhost", path) : null;
            if (vhost is not null && (vhost.Length == 0 || vhost.Contains('/', StringComparison.Ordinal)))
                throw Error($"{path}.vhost", $"\"{vhost}\" is not a character device name such as \"vhost-vdpa-0\"");
            uint virtioId = element.TryGetProperty("virtio_id", out _) ? (uint)ReadInt(element, "virtio_id", path) : HostVdpaDevice.VirtioNet;
            uint queues = element.TryGetProperty("queues", out _) ? (uint)ReadInt(element, "queues", path) : HostVdpaDevice.DefaultQueueCount;
            int queueSize = element.TryGetProperty("max_queue_size", out _) ? ReadInt(element, "max_queue_size", path) : HostVdpaDevice.DefaultMaxQueueSize;
            if (queueSize > ushort.MaxValue)
                throw Error($"{path}.max_queue_size", $"{queueSize} does not fit 16 bits");
            bool hasFirst = element.TryGetProperty("iova_first", out _);
            bool hasLast = element.TryGetProperty("iova_last", out _);
            if (hasFirst != hasLast)
                throw Error(path, "iova_first and iova_last are given together or not at all");
            IovaRange? range = null;
            if (hasFirst)
            {
                ulong first = ReadHex(element, "iova_first", path);
                ulong last = ReadHex(element, "iova_last", path);
                if (last < first)
                    throw Error($"{path}.iova_last", $"0x{last:x} is below iova_first 0x{first:x}");
                range = new IovaRange(first, last);
            }
            string? description = element.TryGetProperty("description", out _) ? ReadString(element, "description", path) : null;
            return new HostVdpaDevice(name, parent.Value, vhost, virtioId, queues, (ushort)queueSize, range, description);
        }

        private IommuUnit ReadUnit(JsonElement element, string path)
        {
            RequireKind(element, JsonValueKind.Object, path);
            string name = ReadString(element, "name", path);
            if (string.IsNullOrWhiteSpace(name))
                throw Error($"{path}.name", "is empty");
            if (element.TryGetProperty("type", out _))
            {
                string type = ReadString(element, "type", path);
                if (type != AmdViType)
                    throw Error($"{path}.type", $"unknown IOMMU type \"{type}\" (expected \"{AmdViType}\", or no type for VT-d)");
                return ReadAmdViUnit(element, path, name);
            }
            string version = ReadString(element, "version", path);
            if (!TryParseVersion(version, out int major, out int minor))
                throw Error($"{path}.version", $"expected \"major:minor\" such as \"6:0\", got \"{version}\"");
            ulong address = ReadHex(element, "address", path);
            ulong cap = ReadHex(element, "cap", path);
            if (SimulatedKernelIovaRanges.CapabilityProblem(new VtdCapability(cap)) is { } problem)
                throw Error($"{path}.cap", problem);
            return new IommuUnit(name, major, minor, address, cap, ReadHex(element, "ecap", path));
        }

        private IommuUnit ReadAmdViUnit(JsonElement element, string path, string name)
        {
            ulong cap = ReadHex(element, "cap", path);
            if (cap > uint.MaxValue)
                throw Error($"{path}.cap", $"0x{cap:x} does not fit 32 bits");
            ulong efr2 = element.TryGetProperty("features2", out _) ? ReadHex(element, "features2", path) : 0;
            var amd = new AmdViFeatures((uint)cap, ReadHex(element, "features", path), efr2);
            if (SimulatedKernelIovaRanges.AmdViProblem(amd) is { } problem)
                throw Error($"{path}.features", problem);
            return new IommuUnit(name, amd);
        }

        private ReservedRegion ReadRegion(JsonElement element, string path)
        {
            RequireKind(element, JsonValueKind.Object, path);
            ulong start = ReadHex(element, "start", path);
            ulong end = ReadHex(element, "end", path);
            if (end < start)
                throw Error($"{path}.end", $"0x{end:x} is below start 0x{start:x}");
            string type = ReadString(element, "type", path);
            if (!ReservedRegionTypes.TryParse(type, out ReservedRegionType kind))
                throw Error($"{path}.type", $"unknown reserved region type \"{type}\" (expected direct, direct-relaxable, reserved or msi)");
            return new ReservedRegion(start, end, kind);
        }

        private HostPciDevice ReadDevice(JsonElement element, string path)
        {
            RequireKind(element, JsonValueKind.Object, path);
            string text = ReadString(element, "address", path);
            if (!PciHostAddress.TryParse(text, out PciHostAddress? address))
                throw Error($"{path}.address", $"\"{text}\" is not a PCI address [DDDD:]BB:DD.F");
            ulong vendor = ReadHex(element, "vendor", path);
            ulong device = ReadHex(element, "device", path);
            if (vendor > 0xffff)
                throw Error($"{path}.vendor", $"0x{vendor:x} does not fit 16 bits");
            if (device > 0xffff)
                throw Error($"{path}.device", $"0x{device:x} does not fit 16 bits");
            int? group = element.TryGetProperty("group", out _) ? ReadInt(element, "group", path) : null;
            string? unit = element.TryGetProperty("iommu", out _) ? ReadString(element, "iommu", path) : null;
            if (unit is not null && string.IsNullOrWhiteSpace(unit))
                throw Error($"{path}.iommu", "is empty");
            string? description = element.TryGetProperty("description", out _) ? ReadString(element, "description", path) : null;
            string? driver = element.TryGetProperty("driver", out _) ? ReadString(element, "driver", path) : null;
            if (driver is not null && HostDriverNames.Problem(driver) is { } problem)
                throw Error($"{path}.driver", problem);
            return new HostPciDevice(address.Value, (ushort)vendor, (ushort)device, group, unit, description, driver, ReadPciConfig(element, path));
        }

        private HostMdevDevice ReadMdev(JsonElement element, string path)
        {
            RequireKind(element, JsonValueKind.Object, path);
            string uuid = ReadString(element, "uuid", path);
            if (!HostMdevNames.TryParseUuid(uuid, out Guid parsed))
                throw Error($"{path}.uuid", $"\"{uuid}\" is not a UUID written xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx");
            string parentText = ReadString(element, "parent", path);
            if (!PciHostAddress.TryParse(parentText, out PciHostAddress? parent))
                throw Error($"{path}.parent", $"\"{parentText}\" is not a PCI address [DDDD:]BB:DD.F");
            string type = ReadString(element, "type", path);
            if (HostDriverNames.Problem(type) is { } problem)
                throw Error($"{path}.type", problem.Replace("driver name", "mdev type", StringComparison.Ordinal));
            int group = ReadInt(element, "group", path);
            string? description = element.TryGetProperty("description", out _) ? ReadString(element, "description", path) : null;
            ushort? vendor = OptionalId(element, "vendor", path);
            ushort? device = OptionalId(element, "device", path);
            return new HostMdevDevice(parsed, parent.Value, type, group, description, vendor, device, ReadPciConfig(element, path));
        }

        // An mdev's own vendor or device id, when its description gives one.
        private ushort? OptionalId(JsonElement element, string name, string path)
        {
            if (!element.TryGetProperty(name, out _))
                return null;
            ulong value = ReadHex(element, name, path);
            return value <= 0xffff ? (ushort)value : throw Error($"{path}.{name}", $"0x{value:x} does not fit 16 bits");
        }

        private IEnumerable<(JsonElement Element, string Path)> Items(JsonElement parent, string name, string parentPath)
        {
            string path = $"{parentPath}.{name}";
            JsonElement array = Property(parent, name, parentPath);
            RequireKind(array, JsonValueKind.Array, path);
            return array.EnumerateArray().Select((element, index) => (element, $"{path}[{index}]")).ToArray();
        }

        private JsonElement Property(JsonElement parent, string name, string parentPath) =>
            parent.TryGetProperty(name, out JsonElement value)
                ? value
                : throw Error(parentPath, $"missing property \"{name}\"");

        private string ReadString(JsonElement parent, string name, string parentPath)
        {
            JsonElement value = Property(parent, name, parentPath);
            RequireKind(value, JsonValueKind.String, $"{parentPath}.{name}");
            return Text(value, $"{parentPath}.{name}");
        }

        private int ReadInt(JsonElement parent, string name, string parentPath)
        {
            JsonElement value = Property(parent, name, parentPath);
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int result) || result < 0)
                throw Error($"{parentPath}.{name}", $"expected a non-negative integer, got {Describe(value)}");
            return result;
        }

        private ulong ReadHex(JsonElement parent, string name, string parentPath)
        {
            string path = $"{parentPath}.{name}";
            JsonElement value = Property(parent, name, parentPath);
            if (value.ValueKind != JsonValueKind.String)
                throw Error(path, $"expected a hex string such as \"0x1f\", got {Describe(value)}");
            string text = Text(value, path);
            if (!text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                || !ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong result))
                throw Error(path, $"\"{text}\" is not a 64-bit hex number written 0x...");
            return result;
        }

        // A string with a lone surrogate escape cannot become a .NET string: refuse it by name.
        private string Text(JsonElement value, string path)
        {
            try
            {
                return value.GetString()!;
            }
            catch (InvalidOperationException)
            {
                throw Error(path, "is not valid Unicode text");
            }
        }

        private void RequireKind(JsonElement element, JsonValueKind kind, string path)
        {
            if (element.ValueKind != kind)
                throw Error(path, $"expected {Article(kind)}, got {Describe(element)}");
        }

        private static string Article(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            _ => kind.ToString().ToLowerInvariant(),
        };

        private static string Describe(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.String => $"the string {element.GetRawText()}",
            JsonValueKind.Number => $"the number {element.GetRawText()}",
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
            _ => "null",
        };

        private HostFormatException Error(string path, string problem) => new(origin, $"{path}: {problem}");
    }

    /// <summary>Parses the <c>major:minor</c> spelling sysfs uses for the VT-d version.</summary>
    internal static bool TryParseVersion(string text, out int major, out int minor)
    {
        major = minor = 0;
        string[] parts = text.Trim().Split(':');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out major)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out minor);
    }
}
