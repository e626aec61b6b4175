using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace QomSharp.Qdev;

/// <summary>
/// The machine's <c>smp</c> property (QAPI <c>SMPConfiguration</c>, "CPU topology"): reads the
/// computed topology with every member, sets it from an object of counts.
/// </summary>
internal sealed class MachineSmpProperty() : QomProperty("smp", "SMPConfiguration", "CPU topology")
{
    public override bool CanRead => true;

    public override bool CanWrite => true;

    protected internal override JsonNode? Read(QomObject obj) => ((Machine)obj).Smp.ToJson();

    protected internal override void Write(QomObject obj, in QomInput input)
    {
        var members = new List<KeyValuePair<string, QomInput?>>();
        foreach (var (key, value) in input.ReadObject("smp"))
        {
            members.Add(new(key, value));
        }

        ((Machine)obj).SetSmp(members);
    }
}
