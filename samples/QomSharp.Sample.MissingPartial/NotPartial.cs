using QomSharp;

namespace QomSharp.Sample.Mistakes;

/// <summary>Missing <c>partial</c>: the generator cannot complete the type, so QOM0001 stops the build.</summary>
[QomType("sample-not-partial")]
public sealed class NotPartial : QomObject
{
}
