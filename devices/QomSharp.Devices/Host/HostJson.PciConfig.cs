using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace QomSharp.Devices.Host;

/// <summary>
/// A function's configuration in the host description: <c>class</c> (24-bit hex), and with it the
/// optional <c>revision</c>, <c>subsystem_vendor</c>, <c>subsystem_device</c>, <c>irq_pin</c>,
/// <c>bars</c> and <c>rom_size</c>. A device without <c>class</c> has no configuration, as in
/// descriptions written before these fields existed.
/// </summary>
public static partial class HostJson
{
    private const string IoBar = "io";
    private const string MemoryBar = "memory";

    private static readonly string[] ConfigFields = ["revision", "subsystem_vendor", "subsystem_device", "irq_pin", "bars", "rom_size", "capabilities"];

    /// <summary>
    /// Writes a function's configuration as the fields of the object being written, as the host
    /// description has them (<c>class</c> and the optional fields); nothing when <paramref name="config"/> is null.
    /// </summary>
    public static void WritePciConfig(Utf8JsonWriter writer, HostPciConfig? config)
    {
        System.ArgumentNullException.ThrowIfNull(writer);
        if (config is null)
        {
            return;
        }

        writer.WriteString("class", Hex(config.ClassCode, 6));
        writer.WriteString("revision", Hex(config.Revision, 2));
        writer.WriteString("subsystem_vendor", Hex(config.SubsystemVendorId, 4));
        writer.WriteString("subsystem_device", Hex(config.SubsystemId, 4));
        writer.WriteNumber("irq_pin", config.InterruptPin);
        writer.WriteStartArray("bars");
        foreach (HostPciBar bar in config.Bars)
        {
            writer.WriteStartObject();
            writer.WriteNumber("index", bar.Index);
            writer.WriteString("type", bar.IsIo ? IoBar : MemoryBar);
            writer.WriteString("size", Hex(bar.Size));
            if (!bar.IsIo)
            {
                writer.WriteBoolean("prefetch", bar.Prefetchable);
                writer.WriteBoolean("64bit", bar.Is64Bit);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (config.RomSize != 0)
        {
            writer.WriteString("rom_size", Hex(config.RomSize));
        }

        if (config.Capabilities.Count > 0)
        {
            writer.WriteStartArray("capabilities");
            foreach (HostPciCapability capability in config.Capabilities)
            {
                writer.WriteStartObject();
                writer.WriteString("offset", Hex((ulong)capability.Offset));
                writer.WriteString("bytes", string.Join(' ', capability.Bytes.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }
    }

    private sealed partial class Reader
    {
        private HostPciConfig? ReadPciConfig(JsonElement element, string path)
        {
            if (!element.TryGetProperty("class", out _))
            {
                foreach (string field in ConfigFields)
                {
                    if (element.TryGetProperty(field, out _))
                        throw Error($"{path}.{field}", "is given without \"class\"");
                }
                return null;
            }

            ulong classCode = ReadHex(element, "class", path);
            if (classCode > 0xff_ffff)
                throw Error($"{path}.class", $"0x{classCode:x} does not fit 24 bits");
            ulong revision = OptionalHex(element, "revision", path, 0xff);
            ulong subsystemVendor = OptionalHex(element, "subsystem_vendor", path, 0xffff);
            ulong subsystem = OptionalHex(element, "subsystem_device", path, 0xffff);
            int pin = element.TryGetProperty("irq_pin", out _) ? ReadInt(element, "irq_pin", path) : 0;
            if (pin > 4)
                throw Error($"{path}.irq_pin", $"{pin} is not 0 (none) to 4 (INTD)");
            var bars = new List<HostPciBar>();
            if (element.TryGetProperty("bars", out _))
            {
                foreach ((JsonElement bar, string barPath) in Items(element, "bars", path))
                    bars.Add(ReadBar(bar, barPath));
            }
            ulong romSize = OptionalHex(element, "rom_size", path, ulong.MaxValue);
            var capabilities = new List<HostPciCapability>();
            if (element.TryGetProperty("capabilities", out _))
            {
                foreach ((JsonElement capability, string capabilityPath) in Items(element, "capabilities", path))
                    capabilities.Add(ReadCapability(capability, capabilityPath));
            }
            var config = new HostPciConfig((uint)classCode, (byte)revision, (ushort)subsystemVendor, (ushort)subsystem, (byte)pin, bars, romSize)
            {
                Capabilities = capabilities,
            };
            return config.Problem() is { } problem ? throw Error(path, problem) : config;
        }

        // { "offset": "0x40", "bytes": "01 48 03 c8" }: the bytes in hex, two digits each, spaces allowed.
        private HostPciCapability ReadCapability(JsonElement element, string path)
        {
            RequireKind(element, JsonValueKind.Object, path);
            ulong offset = ReadHex(element, "offset", path);
            if (offset >= HostPciCapability.ExpressEnd)
                throw Error($"{path}.offset", $"0x{offset:x} is past the configuration space");
            string text = ReadString(element, "bytes", path).Replace(" ", "", StringComparison.Ordinal);
            if (text.Length == 0 || text.Length % 2 != 0 || !text.All(Uri.IsHexDigit))
                throw Error($"{path}.bytes", "expected bytes as pairs of hex digits, e.g. \"01 48 03 c8\"");
            var bytes = new byte[text.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
                bytes[i] = byte.Parse(text.AsSpan(2 * i, 2), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            var capability = new HostPciCapability((int)offset, bytes);
            return capability.Problem() is { } problem ? throw Error(path, problem) : capability;
        }

        private HostPciBar ReadBar(JsonElement element, string path)
        {
            RequireKind(element, JsonValueKind.Object, path);
            int index = ReadInt(element, "index", path);
            string type = ReadString(element, "type", path);
            if (type is not (IoBar or MemoryBar))
                throw Error($"{path}.type", $"unknown BAR type \"{type}\" (expected \"{MemoryBar}\" or \"{IoBar}\")");
            ulong size = ReadHex(element, "size", path);
            bool prefetch = element.TryGetProperty("prefetch", out _) && ReadBool(element, "prefetch", path);
            bool is64Bit = element.TryGetProperty("64bit", out _) && ReadBool(element, "64bit", path);
            var bar = new HostPciBar(index, type == IoBar, size, prefetch, is64Bit);
            return bar.Problem() is { } problem ? throw Error(path, problem) : bar;
        }

        private ulong OptionalHex(JsonElement element, string name, string path, ulong max)
        {
            if (!element.TryGetProperty(name, out _))
                return 0;
            ulong value = ReadHex(element, name, path);
            return value <= max ? value : throw Error($"{path}.{name}", $"0x{value:x} is larger than 0x{max:x}");
        }

        private bool ReadBool(JsonElement parent, string name, string parentPath)
        {
            JsonElement value = Property(parent, name, parentPath);
            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Error($"{parentPath}.{name}", $"expected true or false, got {Describe(value)}"),
            };
        }
    }
}
