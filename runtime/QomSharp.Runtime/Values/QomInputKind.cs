namespace QomSharp;

/// <summary>The three ways QEMU converts an external value into a property value (semantics 2.8).</summary>
public enum QomInputKind
{
    /// <summary>The string input visitor: <c>object_property_parse</c>, <c>-global</c>, HMP <c>qom-set</c>.</summary>
    String,
    /// <summary>The keyval input visitor, all leaves strings: <c>-device k=v</c>, <c>-object k=v</c>.</summary>
    Keyval,
    /// <summary>The typed QObject input visitor: QMP, <c>-device {json}</c>, typed setters.</summary>
    Json,
}
