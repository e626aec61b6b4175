using System;
using System.Collections.Generic;

namespace QomSharp.Fuzz.Tests;

/// <summary>What a run of one target found: counts, and per distinct crash its stack top and smallest input.</summary>
internal sealed class FuzzReport(string target)
{
    public string Target { get; } = target;

    public long Inputs { get; set; }

    public long Accepted { get; set; }

    public long CleanErrors { get; set; }

    public long Crashes { get; set; }

    public long Hangs { get; set; }

    public TimeSpan Elapsed { get; set; }

    /// <summary>Distinct crashes: stack top, exception type and the smallest input seen for it.</summary>
    public Dictionary<string, string> CrashInputs { get; } = new(StringComparer.Ordinal);

    /// <summary>The first message seen for each distinct crash (the cause's, for a target's wrapper).</summary>
    public Dictionary<string, string> CrashMessages { get; } = new(StringComparer.Ordinal);

    /// <summary>The input that was running when the target stopped making progress.</summary>
    public string? HangInput { get; set; }

    public void Crash(Exception failure, string input)
    {
        Crashes++;
        string signature = Signature(failure);
        CrashMessages.TryAdd(signature, (failure.InnerException ?? failure).Message);
        if (!CrashInputs.TryGetValue(signature, out string? known) || input.Length < known.Length)
        {
            CrashInputs[signature] = input;
        }
    }

    /// <summary>
    /// The exception type and the first frame of the project's own code that threw it; for a
    /// target's wrapper (an exception whose cause is inside), the cause's, with its message, so that
    /// distinct bugs behind one wrapper stay distinct.
    /// </summary>
    public static string Signature(Exception failure)
    {
        if (failure.InnerException is { } cause)
        {
            return Signature(cause);
        }

        string frame = "?";
        foreach (string line in (failure.StackTrace ?? string.Empty).Split('\n'))
        {
            string trimmed = line.Trim();
            if (trimmed.StartsWith("at QomSharp.", StringComparison.Ordinal) && !trimmed.Contains("QomSharp.Fuzz", StringComparison.Ordinal))
            {
                frame = trimmed[3..];
                int paren = frame.IndexOf(" in ", StringComparison.Ordinal);
                frame = paren > 0 ? frame[..paren] : frame;
                break;
            }
        }

        return $"{failure.GetType().Name} at {frame}";
    }
}
