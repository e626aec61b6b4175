using QomSharp.Qdev;

namespace QomSharp.Devices.Isa;

/// <summary>QEMU's <c>ISA</c> bus: the ISA bus an LPC or ISA bridge provides (<c>isa.0</c> under q35's ICH9-LPC).</summary>
[QomType("ISA")]
public sealed partial class IsaBus : Bus;
