namespace QomSharp.Tool.Verdicts;

/// <summary>An option outside the model: read with QEMU's syntax, then skipped.</summary>
/// <param name="Option">The option as written (<c>-drive</c>, <c>-device virtio-net-pci</c>, <c>-machine kernel-irqchip</c>).</param>
/// <param name="Count">How many times it appears.</param>
internal sealed record NotCheckedOption(string Option, int Count);
