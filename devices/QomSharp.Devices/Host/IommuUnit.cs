using System;

namespace QomSharp.Devices.Host;

/// <summary>
/// One host remapping unit: a VT-d DMAR DRHD, as Linux shows it under
/// <c>/sys/class/iommu/dmarN/intel-iommu/</c> (version, register base address, CAP and ECAP), or an
/// AMD-Vi IVHD unit under <c>/sys/class/iommu/ivhdN/amd-iommu/</c> (<see cref="AmdVi"/>).
/// </summary>
public sealed record IommuUnit
{
    /// <summary>An AMD-Vi unit with its kernel name (<c>ivhdN</c>) and its sysfs <c>cap</c> and <c>features</c>.</summary>
    public IommuUnit(string name, AmdViFeatures amdVi)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        AmdVi = amdVi;
        Capability = new VtdCapability(0);
        ExtendedCapability = new VtdExtendedCapability(0);
    }

    /// <summary>The AMD-Vi registers of an AMD unit; null for a VT-d unit (whose <see cref="Capability"/> and <see cref="ExtendedCapability"/> are then its own, else 0).</summary>
    public AmdViFeatures? AmdVi { get; }

    /// <summary>Whether this is an AMD-Vi unit.</summary>
    public bool IsAmdVi => AmdVi is not null;

    /// <summary>A unit with its kernel name, version, register base and raw CAP and ECAP values.</summary>
    public IommuUnit(string name, int versionMajor, int versionMinor, ulong registerBase, ulong cap, ulong ecap)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        VersionMajor = versionMajor;
        VersionMinor = versionMinor;
        RegisterBase = registerBase;
        Capability = new VtdCapability(cap);
        ExtendedCapability = new VtdExtendedCapability(ecap);
    }

    /// <summary>Kernel name, e.g. <c>dmar0</c>.</summary>
    public string Name { get; }

    /// <summary>Major version of the VT-d architecture the unit implements (VER_REG).</summary>
    public int VersionMajor { get; }
    /// <summary>Minor version of the VT-d architecture the unit implements (VER_REG).</summary>
    public int VersionMinor { get; }

    /// <summary>Physical address of the register block (sysfs <c>address</c>).</summary>
    public ulong RegisterBase { get; }

    /// <summary>The Capability Register (CAP_REG), decoded.</summary>
    public VtdCapability Capability { get; }
    /// <summary>The Extended Capability Register (ECAP_REG), decoded.</summary>
    public VtdExtendedCapability ExtendedCapability { get; }

    /// <summary>The version as sysfs prints it: <c>major:minor</c>.</summary>
    public string Version => $"{VersionMajor}:{VersionMinor}";
}
