namespace System.Diagnostics.CodeAnalysis;

// netstandard2.0 lacks this; records with `required` members need it for their copy constructor.
[AttributeUsage(AttributeTargets.Constructor, AllowMultiple = false, Inherited = false)]
internal sealed class SetsRequiredMembersAttribute : Attribute;
