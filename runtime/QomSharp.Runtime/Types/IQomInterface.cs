namespace QomSharp;

/// <summary>The root of QOM's interface types, <c>interface</c>. QOM interfaces are C# interfaces marked [QomInterface].</summary>
[QomInterface("interface")]
public interface IQomInterface;
