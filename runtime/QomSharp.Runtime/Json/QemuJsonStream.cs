using System;
using System.Collections.Generic;
using System.Text;

namespace QomSharp.Json;

/// <summary>
/// QEMU's JSON lexer and streamer over a byte stream: values end where their braces and brackets
/// balance, whatever the line breaks. Bad input gives QEMU's error texts (<c>JSON parse error, ...</c>),
/// after which the lexer skips to the next structural character or line end, as QEMU's does; the
/// limits of <see cref="QemuJsonLimits"/> hold, so memory stays bounded whatever the input. Values
/// and errors are queued for <see cref="TryTake"/> in input order.
/// </summary>
public sealed class QemuJsonStream
{
    private enum State : byte
    {
        Start, Recovery, DqString, DqEscape, SqString, SqEscape, Zero, Digits, Sign,
        Mantissa, MantissaDigits, ExpE, ExpSign, ExpDigits, Keyword,
    }

    private enum Action : byte { Continue, Token, ToStart, Error }

    private readonly Queue<QemuJsonResult> results = new();
    private readonly List<QemuJsonToken> tokens = [];
    private byte[] token = new byte[64];
    private int tokenLength;
    private byte[] valueText = new byte[256];
    private int valueLength;
    private State state = State.Start;
    private int braces;
    private int brackets;

    /// <summary>Feeds bytes.</summary>
    public void Feed(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            Feed(b);
        }
    }

    /// <summary>Feeds one byte; a value or an error it completes is queued.</summary>
    public void Feed(byte b) => Lex(b, flush: false);

    /// <summary>
    /// Ends the input: a token in progress ends (or is stray), and tokens left over are parsed as a
    /// value, as QEMU does for a command-line JSON argument. A QMP connection never flushes.
    /// </summary>
    public void Flush()
    {
        Lex(0, flush: true);
        ReleaseLargeBuffers();
        if (tokens.Count > 0)
        {
            Emit(QemuJsonParser.Parse(tokens, valueText));
        }
    }

    /// <summary>Takes the next value or error, if any.</summary>
    public bool TryTake(out QemuJsonResult result) => results.TryDequeue(out result);

    /// <summary>
    /// Parses a whole text as exactly one JSON value (QEMU's <c>qobject_from_json</c>, used for
    /// <c>-device {json}</c>): QEMU's error text for anything else.
    /// </summary>
    public static QemuJsonResult ParseOne(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new QemuJsonStream();
        stream.Feed(Encoding.UTF8.GetBytes(text));
        stream.Flush();
        if (!stream.TryTake(out var first))
        {
            return QemuJsonResult.Failure("JSON parse error, expecting value");
        }

        // The first error stands; anything after a first value makes the text more than one value.
        return first.Error is null && stream.TryTake(out _) ? QemuJsonResult.Failure("Expecting at most one JSON value") : first;
    }

    private void Lex(byte b, bool flush)
    {
        bool consumed = false;
        while (flush ? state != State.Start : !consumed)
        {
            (Action action, State next, QemuJsonTokenKind kind, bool lookahead) = Transition(state, b);
            consumed = !flush && !lookahead;
            if (consumed)
            {
                AppendTokenByte(b);
            }

            switch (action)
            {
                case Action.Token:
                    ProcessToken(kind);
                    tokenLength = 0;
                    state = State.Start;
                    break;
                case Action.ToStart:
                    tokenLength = 0;
                    state = State.Start;
                    break;
                case Action.Error:
                    EmitAndReset(QemuJsonResult.Failure($"JSON parse error, stray '{Encoding.UTF8.GetString(token, 0, tokenLength)}'"));
                    tokenLength = 0;
                    state = State.Recovery;
                    break;
                default:
                    if (next == State.Recovery)
                    {
                        tokenLength = 0;
                    }

                    state = next;
                    break;
            }
        }

        // One token may not grow without bound: past the limit its first part goes to the streamer
        // (which refuses it) and lexing starts afresh.
        if (tokenLength > QemuJsonLimits.MaxTokenSize)
        {
            ProcessToken(QemuJsonTokenKind.Oversized);
            tokenLength = 0;
            state = State.Start;
        }
    }

    private static (Action, State, QemuJsonTokenKind, bool) Transition(State state, byte c)
    {
        static (Action, State, QemuJsonTokenKind, bool) Go(State s) => (Action.Continue, s, default, false);
        static (Action, State, QemuJsonTokenKind, bool) Emit(QemuJsonTokenKind k, bool lookahead) => (Action.Token, State.Start, k, lookahead);
        var error = (Action.Error, State.Start, default(QemuJsonTokenKind), false);
        bool digit = c is >= (byte)'0' and <= (byte)'9';
        bool printable = c is >= 0x20 and <= 0xFD;
        switch (state)
        {
            case State.Start:
                return c switch
                {
                    (byte)'"' => Go(State.DqString),
                    (byte)'\'' => Go(State.SqString),
                    (byte)'0' => Go(State.Zero),
                    >= (byte)'1' and <= (byte)'9' => Go(State.Digits),
                    (byte)'-' => Go(State.Sign),
                    (byte)'{' => Emit(QemuJsonTokenKind.LeftBrace, false),
                    (byte)'}' => Emit(QemuJsonTokenKind.RightBrace, false),
                    (byte)'[' => Emit(QemuJsonTokenKind.LeftBracket, false),
                    (byte)']' => Emit(QemuJsonTokenKind.RightBracket, false),
                    (byte)',' => Emit(QemuJsonTokenKind.Comma, false),
                    (byte)':' => Emit(QemuJsonTokenKind.Colon, false),
                    >= (byte)'a' and <= (byte)'z' => Go(State.Keyword),
                    (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' => (Action.ToStart, State.Start, default, false),
                    _ => error,
                };
            case State.Recovery:
                // Skip to a structural character, a control character other than tab, or a byte
                // impossible in UTF-8: the points where a client can resynchronise.
                return c is < 0x20 and not (byte)'\t' or 0xFE or 0xFF or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}'
                    ? (Action.ToStart, State.Start, default, true)
                    : Go(State.Recovery);
            case State.DqString or State.SqString:
                byte quote = state == State.DqString ? (byte)'"' : (byte)'\'';
                return !printable ? error
                    : c == (byte)'\\' ? Go(state == State.DqString ? State.DqEscape : State.SqEscape)
                    : c == quote ? Emit(QemuJsonTokenKind.String, false)
                    : Go(state);
            case State.DqEscape:
                return printable ? Go(State.DqString) : error;
            case State.SqEscape:
                return printable ? Go(State.SqString) : error;
            case State.Zero:
                return digit ? error
                    : c == (byte)'.' ? Go(State.Mantissa)
                    : c is (byte)'e' or (byte)'E' ? Go(State.ExpE)
                    : Emit(QemuJsonTokenKind.Integer, true);
            case State.Digits:
                return digit ? Go(State.Digits)
                    : c == (byte)'.' ? Go(State.Mantissa)
                    : c is (byte)'e' or (byte)'E' ? Go(State.ExpE)
                    : Emit(QemuJsonTokenKind.Integer, true);
            case State.Sign:
                return c == (byte)'0' ? Go(State.Zero) : digit ? Go(State.Digits) : error;
            case State.Mantissa:
                return digit ? Go(State.MantissaDigits) : error;
            case State.MantissaDigits:
                return digit ? Go(State.MantissaDigits)
                    : c is (byte)'e' or (byte)'E' ? Go(State.ExpE)
                    : Emit(QemuJsonTokenKind.Float, true);
            case State.ExpE:
                return c is (byte)'+' or (byte)'-' ? Go(State.ExpSign) : digit ? Go(State.ExpDigits) : error;
            case State.ExpSign:
                return digit ? Go(State.ExpDigits) : error;
            case State.ExpDigits:
                return digit ? Go(State.ExpDigits) : Emit(QemuJsonTokenKind.Float, true);
            default:
                return c is >= (byte)'a' and <= (byte)'z' ? Go(State.Keyword) : Emit(QemuJsonTokenKind.Keyword, true);
        }
    }

    private void ProcessToken(QemuJsonTokenKind kind)
    {
        switch (kind)
        {
            case QemuJsonTokenKind.LeftBrace: braces++; break;
            case QemuJsonTokenKind.RightBrace: braces--; break;
            case QemuJsonTokenKind.LeftBracket: brackets++; break;
            case QemuJsonTokenKind.RightBracket: brackets--; break;
        }

        if ((long)valueLength + tokenLength + 1 > QemuJsonLimits.MaxTokenSize)
        {
            EmitAndReset(QemuJsonResult.Failure("JSON token size limit exceeded"));
            return;
        }

        if (tokens.Count + 1 > QemuJsonLimits.MaxTokenCount)
        {
            EmitAndReset(QemuJsonResult.Failure("JSON token count limit exceeded"));
            return;
        }

        if (braces + brackets > QemuJsonLimits.MaxNesting)
        {
            EmitAndReset(QemuJsonResult.Failure("JSON nesting depth limit exceeded"));
            return;
        }

        EnsureCapacity(ref valueText, valueLength + tokenLength);
        Array.Copy(token, 0, valueText, valueLength, tokenLength);
        tokens.Add(new QemuJsonToken(kind, valueLength, tokenLength));
        valueLength += tokenLength;
        if ((braces > 0 || brackets > 0) && braces >= 0 && brackets >= 0)
        {
            return;
        }

        EmitAndReset(QemuJsonParser.Parse(tokens, valueText));
    }

    private void EmitAndReset(QemuJsonResult result)
    {
        braces = 0;
        brackets = 0;
        Emit(result);
    }

    private void Emit(QemuJsonResult result)
    {
        tokens.Clear();
        valueLength = 0;
        if (valueText.Length > 4096)
        {
            valueText = new byte[256];
        }

        results.Enqueue(result);
        ReleaseLargeBuffers();
    }

    // After a huge token or value, do not keep its buffers for the rest of the connection.
    private void ReleaseLargeBuffers()
    {
        if (tokenLength == 0 && token.Length > 4096)
        {
            token = new byte[64];
        }
    }

    private void AppendTokenByte(byte b)
    {
        EnsureCapacity(ref token, tokenLength + 1);
        token[tokenLength++] = b;
    }

    private static void EnsureCapacity(ref byte[] buffer, int needed)
    {
        if (needed > buffer.Length)
        {
            Array.Resize(ref buffer, (int)Math.Min(Math.Max(needed, 2L * buffer.Length), Array.MaxLength));
        }
    }
}
