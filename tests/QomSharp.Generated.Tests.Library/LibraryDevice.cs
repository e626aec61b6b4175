namespace QomSharp.Generated.Tests.Library;

/// <summary>A type the test assembly never names in code: it must still be registered by name.</summary>
[QomType("e2e-library-device")]
public partial class LibraryDevice : QomObject
{
    /// <summary>A property, to prove the library's dispatch runs.</summary>
    [QomProperty("serial", Default = 7)]
    public partial int Serial { get; set; }
}
