using System.Collections.ObjectModel;

namespace QomSharp.Qdev;

/// <summary>
/// A universe's <c>-global</c> properties, in registration order (<see cref="QdevState.Globals"/>):
/// a list that tells its qdev state when it becomes empty or not, so that creating a device checks
/// one flag for the phase, compat and -global properties together.
/// </summary>
public sealed class GlobalPropertyList : Collection<GlobalProperty>
{
    private readonly QdevState owner;

    internal GlobalPropertyList(QdevState owner) => this.owner = owner;

    /// <inheritdoc/>
    protected override void InsertItem(int index, GlobalProperty item)
    {
        base.InsertItem(index, item);
        owner.UpdateDeviceCreationWork();
    }

    /// <inheritdoc/>
    protected override void RemoveItem(int index)
    {
        base.RemoveItem(index);
        owner.UpdateDeviceCreationWork();
    }

    /// <inheritdoc/>
    protected override void ClearItems()
    {
        base.ClearItems();
        owner.UpdateDeviceCreationWork();
    }
}
