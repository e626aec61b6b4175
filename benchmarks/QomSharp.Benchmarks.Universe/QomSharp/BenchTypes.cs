using QomSharp.Qdev;

namespace QomSharp.Benchmarks.Universe;

/// <summary>
/// WORKLOAD.md's <c>pci-device</c>: abstract; its instance init sets devfn. Its parent is the
/// runtime's real qdev <c>device</c>, whose instance init sets realized, hotplugged and id.
/// </summary>
[QomType("pci-device", Abstract = true)]
public abstract partial class BenchPciDevice : Device
{
    public int Devfn;

    [QomInstanceInit]
    private void InitPciDevice() => Devfn = -1;
}

/// <summary>WORKLOAD.md's <c>bench-iface</c>.</summary>
[QomInterface("bench-iface")]
public interface IBenchIface
{
    int GetLevel();
}

/// <summary>The <c>mode</c> enum of bench-leaf.</summary>
[QomEnum("BenchMode")]
public enum BenchMode
{
    Legacy = 0,
    Scalable = 1,
    Passthrough = 2,
}

/// <summary>WORKLOAD.md's <c>bench-leaf</c> with its eight properties and defaults.</summary>
[QomType("bench-leaf")]
public sealed partial class BenchLeaf : BenchPciDevice, IBenchIface
{
    [QomProperty("caching-mode", Default = false)] public partial bool CachingMode { get; set; }
    [QomProperty("intremap", Default = true)] public partial bool Intremap { get; set; }
    [QomProperty("aw-bits", Default = 39)] public partial byte AwBits { get; set; }
    [QomProperty("num-queues", Default = 4)] public partial ushort NumQueues { get; set; }
    [QomProperty("bus-nr", Default = -1)] public partial int BusNr { get; set; }
    [QomProperty("dma-limit", Default = ulong.MaxValue)] public partial ulong DmaLimit { get; set; }
    [QomProperty("name")] public partial string? Name { get; set; }
    [QomProperty("mode", Default = BenchMode.Legacy)] public partial BenchMode Mode { get; set; }

    public int GetLevel() => AwBits;
}
