namespace QomSharp.Devices.I386;

/// <summary>One property of <c>x86_64-cpu</c> in <see cref="X86CpuPropertyTable"/>.</summary>
/// <param name="Name">The property name.</param>
/// <param name="Type">QEMU's type string (<c>bool</c>, <c>uint32</c>, <c>int</c>, <c>string</c>, ...).</param>
/// <param name="Default">The default as JSON, if QEMU lists one.</param>
/// <param name="Description">The description, if any.</param>
/// <param name="Value">The value on q35's realized <c>qemu64-x86_64-cpu</c> as JSON, or null where it cannot be read.</param>
internal sealed record X86CpuPropertyRow(string Name, string Type, string? Default, string? Description, string? Value);

/// <summary>
/// A property each CPU gets at instance init in <see cref="X86CpuPropertyTable"/>: an alias of
/// <paramref name="Target"/>, or (when it is null) a read-only feature word list with <paramref name="Value"/>.
/// </summary>
internal sealed record X86CpuInstanceRow(string Name, string? Target, string? Value);
