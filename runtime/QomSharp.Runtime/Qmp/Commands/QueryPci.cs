using System.Text.Json.Nodes;
using QomSharp.Monitor;

namespace QomSharp.Qmp.Commands;

/// <summary>
/// QMP <c>query-pci</c>: every root bus with its functions (ids, class, devfn, interrupt pin,
/// BARs, bridge windows). A bridge lists the devices behind it only once its secondary bus is
/// numbered, which firmware does; here (as in QEMU before the guest runs) it is not.
/// </summary>
public static class QueryPci
{
    /// <summary>Runs the command.</summary>
    public static JsonNode? Execute(QomContext context, QmpArguments arguments)
    {
        arguments.CheckNoneLeft();
        var list = new JsonArray();
        foreach (var bus in PciListing.RootBuses(context))
        {
            list.Add((JsonNode)new JsonObject { ["bus"] = bus.BusNumber, ["devices"] = Devices(bus) });
        }

        return list;
    }

    private static JsonArray Devices(IPciBusInfo bus)
    {
        var devices = new JsonArray();
        foreach (var function in bus.Functions)
        {
            devices.Add((JsonNode)Describe(function));
        }

        return devices;
    }

    private static JsonObject Describe(PciFunctionInfo function)
    {
        var classInfo = new JsonObject();
        if (PciClassNames.Describe(function.ClassCode) is { } description)
        {
            classInfo["desc"] = description;
        }

        classInfo["class"] = function.ClassCode;
        var ids = new JsonObject { ["device"] = function.Ids.Device, ["vendor"] = function.Ids.Vendor };
        if (function.Ids.Subsystem is { } subsystem && function.Ids.SubsystemVendor is { } subsystemVendor)
        {
            ids["subsystem"] = subsystem;
            ids["subsystem-vendor"] = subsystemVendor;
        }

        var info = new JsonObject
        {
            ["bus"] = function.Bus,
            ["slot"] = function.Slot,
            ["function"] = function.Function,
            ["class_info"] = classInfo,
            ["id"] = ids,
        };
        if (function.InterruptPin != 0)
        {
            // The interrupt line register, as the guest programmed it.
            info["irq"] = function.InterruptLine;
        }

        info["irq_pin"] = function.InterruptPin;
        info["qdev_id"] = function.QdevId;
        if (function.Bridge is { } bridge)
        {
            var bridgeInfo = new JsonObject
            {
                ["bus"] = new JsonObject
                {
                    ["number"] = bridge.Number,
                    ["secondary"] = bridge.Secondary,
                    ["subordinate"] = bridge.Subordinate,
                    ["io_range"] = Window(bridge.Io),
                    ["memory_range"] = Window(bridge.Memory),
                    ["prefetchable_range"] = Window(bridge.Prefetchable),
                },
            };
            if (bridge.Devices is { } behind)
            {
                var devices = new JsonArray();
                foreach (var device in behind)
                {
                    devices.Add((JsonNode)Describe(device));
                }

                bridgeInfo["devices"] = devices;
            }

            info["pci_bridge"] = bridgeInfo;
        }

        var regions = new JsonArray();
        foreach (var region in function.Regions)
        {
            var entry = new JsonObject { ["bar"] = region.Bar, ["type"] = region.IsIo ? "io" : "memory", ["address"] = region.Address == ulong.MaxValue ? -1 : (long)region.Address, ["size"] = region.Size };
            if (!region.IsIo)
            {
                entry["prefetch"] = region.Prefetchable;
                entry["mem_type_64"] = region.Is64Bit;
            }

            regions.Add((JsonNode)entry);
        }

        info["regions"] = regions;
        return info;
    }

    private static JsonObject Window(PciWindow window) => new() { ["base"] = window.Base, ["limit"] = window.Limit };
}
