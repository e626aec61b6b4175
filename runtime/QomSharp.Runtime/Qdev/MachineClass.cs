namespace QomSharp.Qdev;

/// <summary>The class struct of <c>machine</c> (QEMU's <c>MachineClass</c>): its name on the command line, alias, description.</summary>
public class MachineClass : QomClass
{
    /// <summary>The description shown by <c>-machine help</c>.</summary>
    public string? Description { get; set; }

    /// <summary>A short name that also selects the machine (<c>q35</c>).</summary>
    public string? Alias { get; set; }

    /// <summary>The family of versioned boards (<c>pc_q35</c>); null for a standalone board.</summary>
    public string? Family { get; set; }

    /// <summary>Whether this is the machine used when <c>-machine</c> is not given.</summary>
    public bool IsDefault { get; set; }

    /// <summary>The name users give to <c>-machine</c>: the type name without its <c>-machine</c> suffix.</summary>
    public string MachineName => Name.EndsWith("-machine", System.StringComparison.Ordinal) ? Name[..^8] : Name;

    /// <inheritdoc/>
    protected internal override void InheritFrom(QomClass parent)
    {
        base.InheritFrom(parent);
        if (parent is MachineClass machine)
        {
            Description = machine.Description;
        }
    }
}
