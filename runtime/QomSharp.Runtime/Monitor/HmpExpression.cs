using System;

namespace QomSharp.Monitor;

/// <summary>
/// The integer expressions HMP takes for its number arguments: C numbers (decimal, 0x hex, 0 octal),
/// character constants ('a'),
/// parentheses, unary + - ~, then &amp; | ^ binding tighter than * / %, which bind tighter than + -,
/// all left to right in 64 bits; spaces allowed between terms. Errors as HMP prints them. CPU
/// registers ($pc, $eax ...) are not offered: no CPU state is modelled.
/// </summary>
internal ref struct HmpExpression
{
    private readonly string text;
    private int at;
    private string? error;

    private HmpExpression(string text, int at)
    {
        this.text = text;
        this.at = at;
    }

    private readonly char Current => at < text.Length ? text[at] : '\0';

    /// <summary>Parses an expression at <paramref name="at"/> (moved past it); false with HMP's message on an error.</summary>
    public static bool TryParse(string text, ref int at, out long value, out string? error)
    {
        var parser = new HmpExpression(text, at);
        parser.SkipSpaces();
        value = parser.Sum();
        at = parser.at;
        error = parser.error;
        return error is null;
    }

    private void SkipSpaces()
    {
        while (at < text.Length && char.IsWhiteSpace(text[at]))
        {
            at++;
        }
    }

    private void Next()
    {
        if (at < text.Length)
        {
            at++;
            SkipSpaces();
        }
    }

    private void Fail(string message)
    {
        error ??= message;
        at = text.Length;
    }

    private long Sum()
    {
        long value = Product();
        while (error is null && Current is '+' or '-')
        {
            char op = Current;
            Next();
            long right = Product();
            value = op == '+' ? value + right : value - right;
        }

        return value;
    }

    private long Product()
    {
        long value = Logic();
        while (error is null && Current is '*' or '/' or '%')
        {
            char op = Current;
            Next();
            long right = Logic();
            if (op == '*')
            {
                value *= right;
            }
            else if (right == 0)
            {
                Fail("division by zero");
            }
            else
            {
                value = op == '/' ? value / right : value % right;
            }
        }

        return value;
    }

    private long Logic()
    {
        long value = Unary();
        while (error is null && Current is '&' or '|' or '^')
        {
            char op = Current;
            Next();
            long right = Unary();
            value = op switch { '&' => value & right, '|' => value | right, _ => value ^ right };
        }

        return value;
    }

    private long Unary()
    {
        if (error is not null)
        {
            return 0;
        }

        switch (Current)
        {
            case '+':
                Next();
                return Unary();
            case '-':
                Next();
                return -Unary();
            case '~':
                Next();
                return ~Unary();
            case '(':
                Next();
                long inner = Sum();
                if (Current != ')')
                {
                    Fail("')' expected");
                }

                Next();
                return inner;
            case '\'':
                // A character constant: its code.
                at++;
                if (at >= text.Length)
                {
                    Fail("character constant expected");
                    return 0;
                }

                long code = text[at++];
                if (Current != '\'')
                {
                    Fail("missing terminating ' character");
                    return 0;
                }

                Next();
                return code;
            case '\0':
                Fail("unexpected end of expression");
                return 0;
            default:
                return Number();
        }
    }

    // C's strtoull with base 0 (no sign here: the unary operators took it).
    private long Number()
    {
        int start = at;
        int radix = 10;
        if (Current == '0')
        {
            radix = 8;
            if (at + 2 < text.Length + 1 && at + 1 < text.Length && (text[at + 1] is 'x' or 'X') && at + 2 < text.Length && Uri.IsHexDigit(text[at + 2]))
            {
                radix = 16;
                at += 2;
            }
        }

        ulong value = 0;
        bool overflow = false, any = radix == 16;
        while (at < text.Length && DigitOf(text[at]) is int digit && digit >= 0 && digit < radix)
        {
            any = true;
            ulong next = unchecked((value * (ulong)radix) + (ulong)digit);
            if (value > (ulong.MaxValue - (ulong)digit) / (ulong)radix)
            {
                overflow = true;
            }

            value = next;
            at++;
        }

        if (overflow)
        {
            Fail("number too large");
            return 0;
        }

        if (!any)
        {
            at = start;
            Fail($"invalid char '{Current}' in expression");
            return 0;
        }

        SkipSpaces();
        return unchecked((long)value);
    }

    private static int DigitOf(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
