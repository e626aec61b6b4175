namespace QomSharp.Generators.Model;

/// <summary>How a C# property can be written.</summary>
internal enum SetterKind
{
    None,
    Set,
    Init,
}
