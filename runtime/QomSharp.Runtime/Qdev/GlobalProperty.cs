namespace QomSharp.Qdev;

/// <summary>
/// A <c>-global driver.property=value</c> (QEMU's <c>GlobalProperty</c>): applied in device post-init
/// to every device that is-a <see cref="Driver"/>, through the string input path, in registration
/// order (the last one wins).
/// </summary>
public sealed class GlobalProperty(string driver, string property, string value, bool optional = false)
{
    /// <summary>A type name (any ancestor or interface of the devices it applies to).</summary>
    public string Driver { get; } = driver;

    /// <summary>The property name.</summary>
    public string Property { get; } = property;

    /// <summary>The value, as a string.</summary>
    public string Value { get; } = value;

    /// <summary>An optional global is skipped where the property does not exist.</summary>
    public bool Optional { get; } = optional;

    /// <summary>Whether the global was applied (or tried) on some device.</summary>
    public bool Used { get; internal set; }
}
