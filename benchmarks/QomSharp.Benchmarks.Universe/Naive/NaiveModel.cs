namespace QomSharp.Benchmarks.Universe.Naive;

/// <summary>The naive baseline's root class.</summary>
[NaiveType("object")]
public class NaiveObject;

/// <summary>WORKLOAD.md's <c>device</c>: its instance init is the constructor.</summary>
[NaiveType("device")]
public abstract class NaiveDevice : NaiveObject
{
    public bool Realized;
    public bool Hotpluggable;
    public string? Id;

    protected NaiveDevice()
    {
        Realized = false;
        Hotpluggable = true;
        Id = null;
    }
}

/// <summary>WORKLOAD.md's <c>pci-device</c>.</summary>
[NaiveType("pci-device")]
public abstract class NaivePciDevice : NaiveDevice
{
    public int Devfn;

    protected NaivePciDevice() => Devfn = -1;
}

/// <summary>WORKLOAD.md's <c>bench-iface</c>.</summary>
[NaiveType("bench-iface")]
public interface INaiveBenchIface
{
    int GetLevel();
}

/// <summary>The <c>mode</c> enum of bench-leaf.</summary>
public enum NaiveMode
{
    Legacy = 0,
    Scalable = 1,
    Passthrough = 2,
}

/// <summary>WORKLOAD.md's <c>bench-leaf</c> with its eight properties and defaults.</summary>
[NaiveType("bench-leaf")]
public sealed class NaiveBenchLeaf : NaivePciDevice, INaiveBenchIface
{
    [NaiveProperty("caching-mode")] public bool CachingMode { get; set; }
    [NaiveProperty("intremap")] public bool Intremap { get; set; } = true;
    [NaiveProperty("aw-bits")] public byte AwBits { get; set; } = 39;
    [NaiveProperty("num-queues")] public ushort NumQueues { get; set; } = 4;
    [NaiveProperty("bus-nr")] public int BusNr { get; set; } = -1;
    [NaiveProperty("dma-limit")] public ulong DmaLimit { get; set; } = ulong.MaxValue;
    [NaiveProperty("name")] public string? Name { get; set; }
    [NaiveProperty("mode")] public NaiveMode Mode { get; set; } = NaiveMode.Legacy;

    public int GetLevel() => AwBits;
}
