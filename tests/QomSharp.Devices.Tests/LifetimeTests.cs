using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using QomSharp.Devices.Tests.Pci;
using QomSharp.Qdev;

namespace QomSharp.Devices.Tests;

/// <summary>
/// Destroying an object lets it be collected: every concrete type is created and destroyed many
/// times in a live machine, then weak references show that nothing (a subscription, a bus's
/// vIOMMU pointer, a memory mapping, a static list) still holds it. Whole universes are collectable too.
/// </summary>
public class LifetimeTests
{
    private const int Rounds = 20;

    // What a device needs to realize at all; without it the failing path is exercised instead.
    private static readonly Dictionary<string, (string Key, string Value)[]> Needs = new(StringComparer.Ordinal)
    {
        ["vfio-pci"] = [("host", "98:00.0")],
        ["vfio-pci-nohotplug"] = [("host", "98:00.0")],
        ["pcie-root-port"] = [("chassis", "7")],
    };

    [Fact]
    public void EveryConcreteTypeIsCollectedOnceDestroyed()
    {
        var context = new QomContext();
        Machine.Create(context, Machine.FindMachineClass(context, "q35")!);
        var leaks = new List<string>();
        int exercised = 0;
        foreach (var klass in context.GetClasses())
        {
            if (klass.IsAbstract || (klass.DynamicCast("machine") is not null) || (klass.DynamicCast("bus") is not null) || (klass.DynamicCast("interface") is not null))
            {
                continue;
            }

            var created = CreateAndDestroy(context, klass.Name);
            if (created.Count == 0)
            {
                continue;
            }

            exercised++;
            FullCollection();
            if (created.Exists(static w => w.IsAlive))
            {
                leaks.Add(klass.Name);
            }
        }

        Assert.Empty(leaks);
        Assert.True(exercised >= 10, $"only {exercised} types could be created");
    }

    [Fact]
    public void IntelIommuUnrealizedAndUnparentedIsCollected()
    {
        var context = new QomContext();
        Machine.Create(context, Machine.FindMachineClass(context, "q35")!);
        var iommu = Weakly(() =>
        {
            var device = QdevMonitor.DeviceAdd(context, [new("driver", QomInput.FromKeyval("intel-iommu"))]);
            device.Unparent();
            return device;
        });
        FullCollection();
        Assert.False(iommu.IsAlive);
        var rootBus = (QomSharp.Devices.Pci.PciBus)context.ResolvePath("/machine/q35/pcie.0")!;
        Assert.Null(rootBus.IommuOps);
    }

    [Fact]
    public void UniversesAreCollectable()
    {
        var universes = new List<WeakReference>();
        for (int i = 0; i < Rounds; i++)
        {
            universes.Add(Weakly(() => ToolRun.Of("-machine", "q35", "-device", "intel-iommu,caching-mode=on", "-device", "vfio-pci,host=98:00.0", "-object", "iommufd,id=fd0").Context));
        }

        FullCollection();
        Assert.DoesNotContain(universes, static w => w.IsAlive);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference> CreateAndDestroy(QomContext context, string type)
    {
        var created = new List<WeakReference>();
        for (int round = 0; round < Rounds; round++)
        {
            if (CreateAndDestroyOnce(context, type, round) is { } weak)
            {
                created.Add(weak);
            }
        }

        return created;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference? CreateAndDestroyOnce(QomContext context, string type, int round)
    {
        var klass = context.FindClass(type)!;
        try
        {
            if ((klass.DynamicCast("device") is not null))
            {
                var options = new List<KeyValuePair<string, QomInput>> { new("driver", QomInput.FromKeyval(type)) };
                foreach (var (key, value) in Needs.GetValueOrDefault(type, []))
                {
                    options.Add(new(key, QomInput.FromKeyval(value)));
                }

                var device = QdevMonitor.DeviceAdd(context, options);
                device.Unparent();
                return new WeakReference(device);
            }

            if ((klass.DynamicCast("user-creatable") is not null))
            {
                string id = $"lifetime{round}";
                var made = UserCreatables.Add(context, type, id, []);
                UserCreatables.Delete(context, id);
                return new WeakReference(made);
            }

            var plain = context.New(type);
            plain.Unref();
            return new WeakReference(plain);
        }
        catch (QomException)
        {
            // The type cannot stand alone here; its failed creation must have left nothing behind.
            return null;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference Weakly(Func<object> make) => new(make());

    private static void FullCollection()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
