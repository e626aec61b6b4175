namespace QomSharp.Json;

/// <summary>The token kinds of QEMU's JSON lexer.</summary>
internal enum QemuJsonTokenKind : byte
{
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Colon,
    Comma,
    Integer,
    Float,
    Keyword,
    String,

    /// <summary>The first part of a token that grew past the size limit, cut off by the lexer.</summary>
    Oversized,
}
