using QomSharp.Memory;

namespace QomSharp.Devices.Pci;

/// <summary>A vIOMMU's address space for one requester, as <see cref="IPciIommuOps.GetAddressSpace"/> gives it (or the root region itself): its root region, which the function's bus master alias shows.</summary>
public interface IIommuAddressSpace
{
    /// <summary>The address space's root region.</summary>
    MemoryRegion Root { get; }
}
