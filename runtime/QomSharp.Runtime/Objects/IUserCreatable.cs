namespace QomSharp;

/// <summary>
/// QEMU's <c>user-creatable</c> interface: objects that <c>-object</c> and <c>object-add</c> may
/// create. <see cref="Complete"/> is the second stage of creation, after the properties are set.
/// </summary>
[QomInterface("user-creatable")]
public interface IUserCreatable
{
    /// <summary>Finishes creation once every property is set; throw a <see cref="QomException"/> to fail.</summary>
    void Complete()
    {
    }

    /// <summary>Whether <c>object-del</c> may delete the object now.</summary>
    bool CanBeDeleted() => true;
}
