using System;
using System.Text.Json.Nodes;

namespace QomSharp.Devices.Vfio;

/// <summary>
/// QEMU's <c>qdev_prop_uuid</c> without a default (vfio-pci's <c>vf-token</c>): a <c>str</c> holding
/// a UUID; <c>auto</c> draws a random one; unset reads as the null UUID.
/// </summary>
internal sealed class UuidProperty(string name, string description, Func<QomObject, Guid> getter, Action<QomObject, Guid> setter)
    : QomProperty(name, "str", description)
{
    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool IsStatic => true;

    protected override JsonNode? Read(QomObject obj) => JsonValue.Create(getter(obj).ToString("D"));

    protected override void Write(QomObject obj, in QomInput input)
    {
        string text = input.ReadString(Name);
        if (text == "auto")
        {
            setter(obj, Guid.NewGuid());
        }
        else if (text.Length == 36 && Guid.TryParseExact(text, "D", out Guid uuid))
        {
            setter(obj, uuid);
        }
        else
        {
            throw new QomException($"Property '{obj.TypeName}.{Name}' doesn't take value '{text}'");
        }
    }
}
