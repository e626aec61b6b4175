namespace QomSharp.Qdev;

/// <summary>QAPI's <c>OnOffAuto</c>: a switch whose <c>auto</c> setting is resolved at realize.</summary>
[QomEnum("OnOffAuto")]
public enum OnOffAuto
{
    /// <summary><c>auto</c>.</summary>
    Auto,
    /// <summary><c>on</c>.</summary>
    On,
    /// <summary><c>off</c>.</summary>
    Off,
}
