namespace QomSharp;

/// <summary>A QOM <c>container</c>: an object that only holds children (<c>/objects</c>, <c>/machine/peripheral</c>).</summary>
[QomType("container")]
public partial class QomContainer : QomObject
{
    /// <summary>Containers are created by name (<c>container</c>).</summary>
    protected internal QomContainer()
    {
    }
}
