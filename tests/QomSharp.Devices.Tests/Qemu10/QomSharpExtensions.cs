using System.Linq;
using System.Text.Json.Nodes;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// The properties QomSharp adds to QEMU's types (devices/README.md, "QomSharp options"): intel-iommu's
/// and vhost-vdpa-device's (with its proxies') <c>iommufd</c> link and the iommufd object's read-only <c>ioas-count</c>/<c>hwpt-count</c>. QEMU
/// 10.0 has none of them, so comparisons with its outputs leave exactly these rows out of ours.
/// </summary>
internal static class QomSharpExtensions
{
    private static readonly (string Type, string Property)[] Added =
    [
        ("intel-iommu", "iommufd"),
        ("iommufd", "ioas-count"),
        ("iommufd", "hwpt-count"),
        ("vhost-vdpa-device", "iommufd"),
        ("vhost-vdpa-device-pci-base", "iommufd"),
    ];

    /// <summary>Whether <paramref name="property"/> of a <paramref name="klass"/> object is one of QomSharp's additions.</summary>
    public static bool IsAdded(QomClass? klass, string property) =>
        klass is not null && Added.Any(a => a.Property == property && klass.DynamicCast(a.Type) is not null);

    /// <summary>The <c>-device T,help</c> text without the lines of QomSharp's additions to T.</summary>
    public static string StripHelp(QomContext context, string type, string help) =>
        string.Join('\n', help.Split('\n').Where(line => !IsAdded(context.FindClass(type), line.TrimStart().Split('=')[0])));

    /// <summary>
    /// Removes QomSharp's additions from our reply to a property-listing command (qom-list of a path,
    /// qom-list-properties or device-list-properties of a type).
    /// </summary>
    public static void StripListing(QomContext context, string command, JsonNode reply)
    {
        var request = JsonNode.Parse(command)!;
        var arguments = request["arguments"];
        QomClass? klass = request["execute"]!.GetValue<string>() switch
        {
            "qom-list" => context.ResolvePath(arguments!["path"]!.GetValue<string>())?.Class,
            "qom-list-properties" or "device-list-properties" => context.FindClass(arguments!["typename"]!.GetValue<string>()),
            _ => null,
        };
        if (klass is null || reply["return"] is not JsonArray rows)
        {
            return;
        }

        foreach (var row in rows.Where(r => IsAdded(klass, r!["name"]!.GetValue<string>())).ToList())
        {
            rows.Remove(row);
        }
    }
}
