namespace QomSharp.Fuzz.Tests;

/// <summary>
/// The fuzzer's command line refuses what it does not understand before it starts a run: a stray
/// option used to be ignored and start the full million-input run of every target.
/// </summary>
public class ProgramTests
{
    [Theory]
    [InlineData("--count")]
    [InlineData("--target", "keyval", "--seed")]
    [InlineData("--bogus", "1")]
    [InlineData("--target", "keyval", "--input", "not json")]
    [InlineData("--input", "\"x\"")]
    public void RefusesWithUsage(params string[] args) => Assert.Equal(2, Program.Main(args));

    [Fact]
    public void HelpExitsZero() => Assert.Equal(0, Program.Main(["--help"]));

    [Fact]
    public void ReplaysOneInput() => Assert.Equal(0, Program.Main(["--target", "keyval", "--input", "\"a=1,b=2\""]));
}
