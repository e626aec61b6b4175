namespace QomSharp;

/// <summary>
/// The instance of a type defined at run time directly under <c>object</c> without a factory of its
/// own. QEMU's <c>object</c> is abstract but lends its instance layout to such types; in C# the
/// abstract <see cref="QomObject"/> cannot be instantiated, so this empty class stands in for it.
/// </summary>
internal sealed class PlainObject : QomObject
{
}
