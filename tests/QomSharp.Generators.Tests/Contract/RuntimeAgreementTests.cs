using System;
using QomSharp.Generators.Model;
using QomSharp.Generators.Parsing;

namespace QomSharp.Generators.Tests.Contract;

/// <summary>
/// The generator (netstandard2.0) cannot reference the runtime, so a few facts exist twice: the
/// type-table flags and QEMU's type-name rule. These tests keep the two copies in agreement.
/// </summary>
public class RuntimeAgreementTests
{
    [Fact]
    public void TypeFlagsHaveTheRuntimesValues()
    {
        foreach (var name in Enum.GetNames<TypeFlags>())
        {
            Assert.True(Enum.TryParse<QomSharp.QomTypeFlags>(name, out var runtime), $"runtime lacks flag {name}");
            Assert.Equal((int)runtime, (int)Enum.Parse<TypeFlags>(name));
        }

        Assert.Equal(Enum.GetNames<QomSharp.QomTypeFlags>().Length, Enum.GetNames<TypeFlags>().Length);
    }

    [Theory]
    [InlineData("object")]
    [InlineData("pc-q35-7.2-machine")]
    [InlineData("ICH9-SMB")]
    [InlineData("x")]
    [InlineData("0abc")]
    [InlineData("9pfs")]
    [InlineData("-dash")]
    [InlineData("has space")]
    [InlineData("power5+")]
    [InlineData("Sun-UltraSparc-IV+")]
    [InlineData("Sun-UltraSparc-I+")]
    [InlineData("a/b")]
    [InlineData("")]
    public void TypeNameRuleIsTheRuntimes(string name) =>
        Assert.Equal(QomSharp.QomTypeNames.IsValidTypeName(name), QomSymbolFacts.IsValidTypeName(name));
}
