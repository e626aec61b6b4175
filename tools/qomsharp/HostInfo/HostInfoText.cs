using System.Globalization;
using System.Linq;
using System.Text;
using QomSharp.Devices.Host;
using QomSharp.Tool.Preflight;

namespace QomSharp.Tool.HostInfo;

/// <summary><c>-host-info text</c>: the host's IOMMU units (CAP/ECAP decoded), groups with their reserved regions, and functions.</summary>
internal static class HostInfoText
{
    /// <summary>The listing of <paramref name="host"/>.</summary>
    public static string Format(IHost host)
    {
        var text = new StringBuilder();
        text.Append("host: ").Append(host.Origin).Append('\n');
        text.Append("\nIOMMU units:\n");
        foreach (IommuUnit unit in host.IommuUnits)
        {
            if (unit.AmdVi is { } amd)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {unit.Name}  AMD-Vi  cap 0x{amd.CapabilityHeader:x} efr 0x{amd.Efr:x} efr2 0x{amd.Efr2:x}\n");
                text.Append(CultureInfo.InvariantCulture,
                    $"    widths: host page tables {amd.HostPageTableLevels}-level, VFIO domain {amd.DomainAddressWidth}-bit; page size mask 0x{AmdViFeatures.PageSizes:x}\n");
                text.Append("    ").Append(Flag("hardware dirty tracking", amd.SupportsHardwareDirtyTracking)).Append('\n');
                continue;
            }

            HostUnitFacts facts = HostUnitFacts.Of(unit);
            text.Append(CultureInfo.InvariantCulture, $"  {unit.Name}  VT-d {unit.Version} at 0x{unit.RegisterBase:x}  cap {unit.Capability} ecap {unit.ExtendedCapability}\n");
            text.Append(CultureInfo.InvariantCulture,
                $"    widths: MGAW {facts.MaximumGuestAddressWidth}, page tables {string.Join("/", facts.PageTableWidths)}-bit, VFIO domain {facts.DomainAddressWidth}-bit; pages {string.Join(" ", facts.PageSizes)}\n");
            text.Append("    ").AppendJoin(", ", new[]
            {
                Flag("scalable mode", facts.ScalableMode), Flag("nesting", facts.Nesting), Flag("first-stage", facts.FirstStage),
                Flag("second-stage", facts.SecondStage), Flag("device-TLB", facts.DeviceTlb),
                facts.Pasid ? $"PASID {facts.PasidWidth}-bit" : "no PASID", Flag("caching mode", facts.CachingMode),
                Flag("interrupt remapping", facts.InterruptRemapping), Flag("x2APIC (EIM)", facts.ExtendedInterruptMode),
                Flag("pass-through", facts.PassThrough),
            }).Append('\n');
        }

        text.Append("\nIOMMU groups:\n");
        foreach (int group in host.IommuGroups)
        {
            var members = host.Devices.Where(d => d.IommuGroup == group).Select(d => d.Address.ToString())
                .Concat(host.MdevDevices.Where(m => m.IommuGroup == group).Select(m => "mdev " + m.Name));
            text.Append(CultureInfo.InvariantCulture, $"  {group}: ").AppendJoin(" ", members).Append('\n');
            foreach (ReservedRegion region in host.GetReservedRegions(group))
            {
                text.Append(CultureInfo.InvariantCulture, $"    reserved 0x{region.Range.Start:x}-0x{region.Range.Last:x} {region.Type.ToSysfsName()}\n");
            }
        }

        text.Append("\nPCI functions:\n");
        foreach (HostPciDevice device in host.Devices)
        {
            string where = device.IommuGroup is { } g ? $"group {g}, {device.IommuUnit}, host aw-bits {HostAwBits(host, device)?.ToString(CultureInfo.InvariantCulture) ?? "-"}" : "behind no IOMMU";
            text.Append(CultureInfo.InvariantCulture, $"  {device.Address} [{device.VendorId:x4}:{device.DeviceId:x4}] driver {HostDrivers.Of(device) ?? "-"}, {where}");
            if (device.Description is not null)
            {
                text.Append("  ").Append(device.Description);
            }

            text.Append('\n');
            if (device.Config is { } config)
            {
                text.Append("    ").Append(HostConfigText.Describe(config)).Append('\n');
            }
        }

        if (host.MdevDevices.Count > 0)
        {
            text.Append("\nMediated devices:\n");
            foreach (HostMdevDevice mdev in host.MdevDevices)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {mdev.Name} {mdev.Type} on {mdev.Parent}, group {mdev.IommuGroup}");
                text.Append(mdev.Description is null ? "\n" : "  " + mdev.Description + "\n");
            }
        }

        return text.ToString();
    }

    /// <summary>The host aw-bits QEMU would compute for <paramref name="device"/>, or null when the kernel would answer nothing.</summary>
    internal static int? HostAwBits(IHost host, HostPciDevice device)
    {
        try
        {
            return SimulatedKernelIovaRanges.ForDevice(host, device.Address).HostAwBits;
        }
        catch (System.InvalidOperationException)
        {
            return null;
        }
    }

    private static string Flag(string name, bool present) => present ? name : "no " + name;
}
