using QomSharp.Qdev;

namespace QomSharp;

public sealed partial class QomContext
{
    private QdevState? qdev;

    /// <summary>The universe's qdev state: machine phase, -global properties, naming counters.</summary>
    public QdevState Qdev => qdev ??= new QdevState();

    // The qdev state if it was made, else null (what a new state would say: no machine, no compat
    // property, no -global).
    internal QdevState? QdevIfMade => qdev;

    /// <summary>
    /// The container at <paramref name="path"/> (e.g. <c>/machine/unattached</c>), created with any
    /// missing containers on the way, as QEMU 7.2's <c>container_get</c> does.
    /// </summary>
    public QomObject GetOrCreateContainer(string path)
    {
        var obj = Root;
        foreach (var part in path.Split('/', System.StringSplitOptions.RemoveEmptyEntries))
        {
            var child = obj.GetChild(part);
            if (child is null)
            {
                child = New("container");
                obj.AddChild(part, child);
                child.Unref();
            }

            obj = child;
        }

        return obj;
    }
}
