using System.Buffers;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using QomSharp.Devices.Host;
using QomSharp.Tool.Preflight;

namespace QomSharp.Tool.HostInfo;

/// <summary><c>-host-info json</c>: the same listing as <see cref="HostInfoText"/>, as one JSON object.</summary>
internal static class HostInfoJson
{
    /// <summary>The listing of <paramref name="host"/>.</summary>
    public static string Format(IHost host)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("host", host.Origin);
            writer.WriteStartArray("iommu_units");
            foreach (IommuUnit unit in host.IommuUnits)
            {
                if (unit.AmdVi is { } amd)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", unit.Name);
                    writer.WriteString("type", "amd-vi");
                    writer.WriteString("cap", Hex(amd.CapabilityHeader));
                    writer.WriteString("efr", Hex(amd.Efr));
                    writer.WriteString("efr2", Hex(amd.Efr2));
                    writer.WriteNumber("host_page_table_levels", amd.HostPageTableLevels);
                    writer.WriteNumber("domain_width", amd.DomainAddressWidth);
                    writer.WriteString("page_size_mask", Hex(AmdViFeatures.PageSizes));
                    writer.WriteBoolean("dirty_tracking", amd.SupportsHardwareDirtyTracking);
                    writer.WriteEndObject();
                    continue;
                }

                HostUnitFacts facts = HostUnitFacts.Of(unit);
                writer.WriteStartObject();
                writer.WriteString("name", unit.Name);
                writer.WriteString("type", "vt-d");
                writer.WriteString("version", unit.Version);
                writer.WriteString("address", Hex(unit.RegisterBase));
                writer.WriteString("cap", Hex(unit.Capability.Value));
                writer.WriteString("ecap", Hex(unit.ExtendedCapability.Value));
                writer.WriteNumber("mgaw", facts.MaximumGuestAddressWidth);
                writer.WriteStartArray("page_table_widths");
                facts.PageTableWidths.ToList().ForEach(writer.WriteNumberValue);
                writer.WriteEndArray();
                writer.WriteNumber("domain_width", facts.DomainAddressWidth);
                writer.WriteStartArray("page_sizes");
                facts.PageSizes.ToList().ForEach(writer.WriteStringValue);
                writer.WriteEndArray();
                writer.WriteBoolean("scalable_mode", facts.ScalableMode);
                writer.WriteBoolean("nesting", facts.Nesting);
                writer.WriteBoolean("first_stage", facts.FirstStage);
                writer.WriteBoolean("second_stage", facts.SecondStage);
                writer.WriteBoolean("device_tlb", facts.DeviceTlb);
                writer.WriteNumber("pasid_width", facts.PasidWidth);
                writer.WriteBoolean("caching_mode", facts.CachingMode);
                writer.WriteBoolean("interrupt_remapping", facts.InterruptRemapping);
                writer.WriteBoolean("eim", facts.ExtendedInterruptMode);
                writer.WriteBoolean("pass_through", facts.PassThrough);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("groups");
            foreach (int group in host.IommuGroups)
            {
                writer.WriteStartObject();
                writer.WriteNumber("id", group);
                writer.WriteStartArray("devices");
                foreach (HostPciDevice device in host.Devices.Where(d => d.IommuGroup == group))
                {
                    writer.WriteStringValue(device.Address.ToString());
                }

                foreach (HostMdevDevice mdev in host.MdevDevices.Where(m => m.IommuGroup == group))
                {
                    writer.WriteStringValue(mdev.Name);
                }

                writer.WriteEndArray();
                HostJson.WriteReservedRegions(writer, host.GetReservedRegions(group));
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
                Nullable(writer, "driver", HostDrivers.Of(device));
                if (device.IommuGroup is { } group)
                {
                    writer.WriteNumber("group", group);
                }
                else
                {
                    writer.WriteNull("group");
                }

                Nullable(writer, "iommu", device.IommuUnit);
                if (HostInfoText.HostAwBits(host, device) is { } awBits)
                {
                    writer.WriteNumber("host_aw_bits", awBits);
                }
                else
                {
                    writer.WriteNull("host_aw_bits");
                }

                Nullable(writer, "description", device.Description);
                HostJson.WritePciConfig(writer, device.Config);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("mdevs");
            foreach (HostMdevDevice mdev in host.MdevDevices)
            {
                writer.WriteStartObject();
                writer.WriteString("uuid", mdev.Name);
                writer.WriteString("parent", mdev.Parent.ToString());
                writer.WriteString("type", mdev.Type);
                writer.WriteNumber("group", mdev.IommuGroup);
                Nullable(writer, "description", mdev.Description);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static void Nullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static string Hex(ulong value, int digits = 1) =>
        "0x" + value.ToString("x" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
