using System.Text;
using QomSharp.Qdev;

namespace QomSharp.Fuzz.Tests;

/// <summary>
/// A q35 machine with the seed series' devices to fuzz against, and a snapshot of everything a
/// failed operation must leave as it was: the composition tree with each object's type and
/// reference count, the globals, the registered types and the system address space. Left out:
/// the address spaces intel-iommu makes for a PCI function (its <c>vtd-*</c> regions), which QEMU
/// 10.0 keeps when the function is refused after the PCI core registered it (a hot-plugged
/// vfio-pci whose host device does not exist leaves <c>vtd-00.0[1]</c> and the rest behind there
/// too), so QomSharp keeps them as well.
/// </summary>
internal static class Universe
{
    public static QomContext Q35()
    {
        var context = new QomContext();
        var machine = Machine.Create(context, Machine.FindMachineClass(context, "q35")!);
        QdevMonitor.DeviceAdd(context, [new("driver", QomInput.FromKeyval("intel-iommu")), new("caching-mode", QomInput.FromKeyval("on"))]);
        QdevMonitor.DeviceAdd(context, [new("driver", QomInput.FromKeyval("pcie-root-port")), new("id", QomInput.FromKeyval("rp0")), new("chassis", QomInput.FromKeyval("1"))]);
        QdevMonitor.DeviceAdd(context, [new("driver", QomInput.FromKeyval("pci-bridge")), new("id", QomInput.FromKeyval("br0")), new("chassis_nr", QomInput.FromKeyval("2"))]);
        machine.CreationDone();
        return context;
    }

    public static string Snapshot(QomContext context)
    {
        var text = new StringBuilder();
        Walk(context.Root, "", text);
        text.Append("globals ").Append(context.Qdev.Globals.Count).Append('\n');
        text.Append("types ").Append(context.GetClasses(includeAbstract: true).Count).Append('\n');
        foreach (var (address, region) in context.Qdev.SystemMemory.Mappings)
        {
            text.Append("mmio ").Append(address).Append(' ').Append(region.Name).Append('\n');
        }

        return text.ToString();
    }

    private static void Walk(QomObject node, string path, StringBuilder text)
    {
        text.Append(path).Append(' ').Append(node.TypeName).Append(' ').Append(node.RefCount).Append('\n');
        foreach (var (name, child) in node.Children)
        {
            if (node.TypeName == "intel-iommu" && name.StartsWith("vtd-", System.StringComparison.Ordinal))
            {
                continue;
            }

            Walk(child, path + "/" + name, text);
        }
    }
}
