namespace QomSharp.Devices.Hostmem;

/// <summary>QEMU's <c>HostMemPolicy</c>: the NUMA policy a memory backend binds its memory with.</summary>
public enum HostMemPolicy
{
    /// <summary><c>default</c>: the host's own policy; <c>host-nodes</c> must be empty.</summary>
    Default,

    /// <summary><c>preferred</c>.</summary>
    Preferred,

    /// <summary><c>bind</c>.</summary>
    Bind,

    /// <summary><c>interleave</c>.</summary>
    Interleave,
}
