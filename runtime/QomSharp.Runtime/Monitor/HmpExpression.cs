using System;
using System.Runtime.CompilerServices;

namespace QomSharp.Monitor;

/// <summary>
/// The integer expressions HMP takes for its number arguments: C numbers (decimal, 0x hex, 0 octal),
/// character constants ('a'),
/// parentheses, unary + - ~, then * / % binding tighter than &amp; | ^, which bind tighter than + -
/// (monitor/hmp.c's expr_sum, expr_logic, expr_prod), all left to right in 64 bits, wrapping; spaces
/// (C's isspace: space, \t, \n, \v, \f, \r) allowed between terms. Parentheses nest at most
/// <see cref="MaxDepth"/> deep. Errors as HMP prints them. CPU
/// registers ($pc, $eax ...) are not offered: no CPU state is modelled.
/// </summary>
internal ref struct HmpExpression
{
    /// <summary>How deep parentheses may nest (QEMU recurses without a bound until its stack overflows).</summary>
    internal const int MaxDepth = 1000;

    private readonly string text;
    private int at;
    private int depth;
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
        while (at < text.Length && IsSpace(text[at]))
        {
            at++;
        }
    }

    /// <summary>C's isspace in the C locale, as QEMU's qemu_isspace: space, \t, \n, \v, \f, \r.</summary>
    internal static bool IsSpace(char c) => c is ' ' or (>= '\t' and <= '\r');

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
        long value = Logic();
        while (error is null && Current is '+' or '-')
        {
            char op = Current;
            Next();
            long right = Logic();
            value = unchecked(op == '+' ? value + right : value - right);
        }

        return value;
    }

    private long Logic()
    {
        long value = Product();
        while (error is null && Current is '&' or '|' or '^')
        {
            char op = Current;
            Next();
            long right = Product();
            value = op switch { '&' => value & right, '|' => value | right, _ => value ^ right };
        }

        return value;
    }

    private long Product()
    {
        long value = Unary();
        while (error is null && Current is '*' or '/' or '%')
        {
            char op = Current;
            Next();
            long right = Unary();
            if (op == '*')
            {
                value = unchecked(value * right);
            }
            else if (right == 0)
            {
                Fail("division by zero");
            }
            else if (right == -1)
            {
                // long.MinValue / -1 traps on x86 (QEMU dies of SIGFPE); here the two's-complement
                // result: the quotient wraps to long.MinValue, the remainder is 0.
                value = op == '/' ? unchecked(-value) : 0;
            }
            else
            {
                value = op == '/' ? value / right : value % right;
            }
        }

        return value;
    }

    // A run of prefix operators is folded as it is read, not recursed into: each of + - ~ is
    // x -> sign * x + offset (~x is -x - 1), and so is any composition of them. Only a parenthesis
    // recurses, MaxDepth deep at most.
    private long Unary()
    {
        long sign = 1, offset = 0;
        while (error is null)
        {
            switch (Current)
            {
                case '+':
                    Next();
                    continue;
                case '-':
                    sign = -sign;
                    Next();
                    continue;
                case '~':
                    offset = unchecked(offset - sign);
                    sign = -sign;
                    Next();
                    continue;
            }

            break;
        }

        long operand = Operand();
        return unchecked((sign * operand) + offset);
    }

    private long Operand()
    {
        if (error is not null)
        {
            return 0;
        }

        switch (Current)
        {
            case '(':
                if (depth >= MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
                {
                    Fail("parentheses nested too deeply");
                    return 0;
                }

                depth++;
                Next();
                long inner = Sum();
                depth--;
                if (Current != ')')
                {
                    Fail("')' expected");
                }

                Next();
                return inner;
            case '\'':
                // A character constant: its code. QEMU reads the line byte by byte: a character
                // outside ASCII is two or more UTF-8 bytes, so the second is never the closing quote.
                at++;
                if (at >= text.Length)
                {
                    Fail("character constant expected");
                    return 0;
                }

                long code = text[at++];
                if (code > 0x7f || Current != '\'')
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
