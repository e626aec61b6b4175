namespace QomSharp.Generated.Tests.Types;

// QEMU's legacy names may hold anything after their '+': here characters that are not ASCII, one
// above and one below the surrogates (UTF-16 order, the table's, differs there from UTF-8 byte order).

/// <summary>A type whose name ends in a Latin letter that is not ASCII.</summary>
[QomType("Sun-UltraSparc-IIIi+\u00e4")]
public partial class NonAsciiLatin : QomObject;

/// <summary>A type whose name ends in a character outside the Basic Multilingual Plane (a surrogate pair in UTF-16).</summary>
[QomType("Sun-UltraSparc-IIIi+\U0001F600")]
public partial class NonAsciiAstral : QomObject;

/// <summary>A type whose name ends in a character above the surrogates (U+FB00).</summary>
[QomType("Sun-UltraSparc-IIIi+\ufb00")]
public partial class NonAsciiLigature : QomObject;

/// <summary>Its ASCII neighbour.</summary>
[QomType("Sun-UltraSparc-IIIi+z")]
public partial class NonAsciiNeighbour : QomObject;
