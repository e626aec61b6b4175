using System;

namespace QomSharp;

/// <summary>
/// An error reported by a QOM operation, with QEMU's text to the letter (QEMU's <c>Error</c>).
/// The operation that throws it has changed nothing.
/// </summary>
public class QomException : Exception
{
    /// <summary>Creates an error with QEMU's message and, optionally, its class and hint.</summary>
    public QomException(string message, QomErrorClass errorClass = QomErrorClass.GenericError, string? hint = null)
        : base(message)
    {
        ErrorClass = errorClass;
        Hint = hint;
    }

    /// <summary>The QMP error class.</summary>
    public QomErrorClass ErrorClass { get; }

    /// <summary>QEMU's <c>error_append_hint</c> text, printed after the message on the command line.</summary>
    public string? Hint { get; }

    /// <summary>The same error with a prefix added to its message (QEMU's <c>error_prepend</c>).</summary>
    public QomException WithPrefix(string prefix) => new(prefix + Message, ErrorClass, Hint);
}

/// <summary>
/// A programming error that QEMU treats as fatal (an assertion or <c>abort()</c>): an illegal or
/// duplicate type name, a missing parent or interface, instantiating an abstract or unknown type.
/// </summary>
public sealed class QomFatalException(string message) : InvalidOperationException(message);
