using QomSharp.Qdev;

namespace QomSharp.Devices.I386;

/// <summary>QEMU's <c>apic-common</c> (abstract): a local APIC, a bus-less child of its CPU.</summary>
[QomType("apic-common", Abstract = true)]
public abstract partial class ApicCommon : Device
{
    /// <summary>QEMU's <c>vapic</c>: the TPR access optimisation (kvmvapic) is offered.</summary>
    [QomProperty("vapic", Default = true)]
    public partial bool Vapic { get; set; }

    /// <summary>QEMU's <c>version</c>: the APIC version register.</summary>
    [QomProperty("version", Default = (byte)0x14)]
    public partial byte Version { get; set; }

    /// <summary>QEMU's <c>legacy-instance-id</c>: the migration instance id of old machine versions.</summary>
    [QomProperty("legacy-instance-id", Default = false)]
    public partial bool LegacyInstanceId { get; set; }

    [QomClassInit]
    private static void InitApicCommonClass(DeviceClass klass)
    {
        klass.UserCreatable = false;
        klass.SetPropertyIterationOrder("legacy-instance-id", "version", "vapic");
    }
}
