using QomSharp.Qdev;

namespace QomSharp.Devices.Isa;

/// <summary>QEMU's <c>vmport</c>: VMware's backdoor I/O port 0x5658, which the board creates with the i8042 unless <c>vmport=off</c>; not user-creatable. Its commands are not modelled.</summary>
[QomType("vmport")]
public sealed partial class VmPort : IsaDevice
{
    /// <summary>QEMU's <c>x-read-set-eax</c>.</summary>
    [QomProperty("x-read-set-eax", Default = true)]
    public partial bool ReadSetEax { get; set; }

    /// <summary>QEMU's <c>x-signal-unsupported-cmd</c>.</summary>
    [QomProperty("x-signal-unsupported-cmd", Default = true)]
    public partial bool SignalUnsupportedCmd { get; set; }

    /// <summary>QEMU's <c>x-report-vmx-type</c>.</summary>
    [QomProperty("x-report-vmx-type", Default = true)]
    public partial bool ReportVmxType { get; set; }

    /// <summary>QEMU's <c>x-cmds-v2</c>.</summary>
    [QomProperty("x-cmds-v2", Default = true)]
    public partial bool CmdsV2 { get; set; }

    /// <summary>QEMU's <c>vmware-vmx-version</c>: the version the backdoor reports.</summary>
    [QomProperty("vmware-vmx-version", Default = 6U)]
    public partial uint VmxVersion { get; set; }

    /// <summary>QEMU's <c>vmware-vmx-type</c>: the product type the backdoor reports (2: ESX server).</summary>
    [QomProperty("vmware-vmx-type", Default = (byte)2)]
    public partial byte VmxType { get; set; }

    /// <summary>VMware's backdoor port.</summary>
    public const ulong Port = 0x5658;

    /// <inheritdoc/>
    protected override void Realize()
    {
        CreateIoPort("vmport", Port, 1);
        base.Realize();
    }

    [QomClassInit]
    private static void InitVmPortClass(DeviceClass klass)
    {
        klass.UserCreatable = false;
        klass.SetPropertyIterationOrder("x-read-set-eax", "x-signal-unsupported-cmd", "x-report-vmx-type", "vmware-vmx-type", "x-cmds-v2",
            "vmware-vmx-version");
    }
}
