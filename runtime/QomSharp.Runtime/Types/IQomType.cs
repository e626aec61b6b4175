namespace QomSharp;

/// <summary>
/// Implemented by the generator on every concrete or abstract QOM class, so that typed operations
/// (<see cref="QomContext.New{T}"/>) bind at compile time to the type's QOM name.
/// </summary>
public interface IQomType<TSelf> where TSelf : QomObject, IQomType<TSelf>
{
    /// <summary>The QOM type name.</summary>
    static abstract string QomTypeName { get; }
}
