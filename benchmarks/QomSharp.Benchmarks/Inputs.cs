namespace QomSharp.Benchmarks;

/// <summary>
/// The workload's inputs. Held in instance fields, not constants, so every operation resolves its
/// names from run-time strings, as WORKLOAD.md §2 requires.
/// </summary>
public abstract class Inputs
{
    protected string LeafName = "bench-leaf";
    protected string DeviceName = "device";
    protected string FillerName = "filler-100";
    protected string IfaceName = "bench-iface";
    protected string AwBitsName = "aw-bits";
    protected string AwBitsValue = "48";
    protected string DeviceOptions = "bench-leaf,aw-bits=48,caching-mode=on,name=x";
}
