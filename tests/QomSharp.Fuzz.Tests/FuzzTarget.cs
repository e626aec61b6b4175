using System;
using CsCheck;

namespace QomSharp.Fuzz.Tests;

/// <summary>
/// One entry point under fuzzing: its inputs (a CsCheck generator, so failures shrink) and how to
/// feed one. <see cref="Run"/> returns true when the input was accepted, false when it was refused
/// with the entry point's own clean error; anything it throws is a crash (a bug), including a
/// broken invariant such as "a failed operation leaves the universe identical".
/// </summary>
internal sealed class FuzzTarget(string name, Gen<string> inputs, Func<Func<string, bool>> start)
{
    /// <summary>The target's name in reports.</summary>
    public string Name { get; } = name;

    /// <summary>The inputs.</summary>
    public Gen<string> Inputs { get; } = inputs;

    /// <summary>Sets up the entry point (a universe, a server, ...) and returns the function feeding it one input.</summary>
    public Func<string, bool> Start() => start();

    public override string ToString() => Name;
}
