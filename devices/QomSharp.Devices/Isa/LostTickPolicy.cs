namespace QomSharp.Devices.Isa;

/// <summary>QAPI's <c>LostTickPolicy</c>: what a timer device does with ticks the guest missed.</summary>
[QomEnum("LostTickPolicy")]
public enum LostTickPolicy
{
    /// <summary><c>discard</c>: drop them.</summary>
    Discard,
    /// <summary><c>delay</c>: deliver them late, at the normal rate.</summary>
    Delay,
    /// <summary><c>slew</c>: deliver them late, faster.</summary>
    Slew,
}
