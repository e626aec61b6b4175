using System.Text.Json;

namespace QomSharp.Runtime.Tests;

/// <summary>What an int-or-str alternate (QEMU's PCI addr) sees of each input path.</summary>
public class QomInputAlternateTests
{
    [Fact]
    public void TextInputsAreStrings()
    {
        Assert.True(QomInput.FromString("06.0").HoldsString);
        Assert.True(QomInput.FromKeyval("300").HoldsString);
        Assert.True(QomInput.FromStr("3.1").HoldsString);
        Assert.False(QomInput.FromKeyval("300").HoldsNumber);
    }

    [Theory]
    [InlineData("\"3.1\"", true, false)]
    [InlineData("300", false, true)]
    [InlineData("-1", false, true)]
    [InlineData("true", false, false)]
    [InlineData("null", false, false)]
    public void JsonInputsAreWhatTheyAre(string json, bool isString, bool isNumber)
    {
        using var document = JsonDocument.Parse(json);
        var input = QomInput.FromJson(document.RootElement);
        Assert.Equal((isString, isNumber), (input.HoldsString, input.HoldsNumber));
    }

    [Fact]
    public void TypedNumbersAreNumbers()
    {
        Assert.True(QomInput.FromInt(-1).HoldsNumber);
        Assert.True(QomInput.FromUInt(8).HoldsNumber);
        Assert.False(QomInput.FromBool(true).HoldsNumber);
    }
}
