using QomSharp;
using QomSharp.Options;

namespace QomSharp.Options.Tests;

/// <summary>Per-group id uniqueness (QEMU's <c>qemu_opts_create</c>).</summary>
public class QemuOptsGroupTests
{
    [Fact]
    public void ParsingRegistersTheIdAndASecondUseIsADuplicate()
    {
        QemuOptsGroup devices = QemuOptsGroup.CreateDevice();
        QemuOptsParser.Parse("e1000,id=nic0", "driver", devices);
        Assert.True(devices.Contains("nic0"));

        QomException error = Assert.Throws<QomException>(() => QemuOptsParser.Parse("virtio-net-pci,id=nic0", "driver", devices));
        Assert.Equal("Duplicate ID 'nic0' for device", error.Message);
        Assert.Null(error.Hint);
    }

    [Fact]
    public void RemovingAnIdFreesIt()
    {
        var group = new QemuOptsGroup("opts_list_03");
        group.Add("foo");
        Assert.Equal("Duplicate ID 'foo' for opts_list_03", Assert.Throws<QomException>(() => QemuOptsParser.Parse("x=y,id=foo", null, group)).Message);

        Assert.True(group.Remove("foo"));
        Assert.False(group.Remove("foo"));
        Assert.Equal("foo", QemuOptsParser.Parse("x=y,id=foo", null, group).Id);
    }

    [Fact]
    public void OptionsWithoutIdsNeverCollide()
    {
        QemuOptsGroup devices = QemuOptsGroup.CreateDevice();
        QemuOptsParser.Parse("e1000", "driver", devices);
        QemuOptsParser.Parse("e1000", "driver", devices);
        Assert.Empty(devices.Ids);
    }

    [Fact]
    public void AFailedParseRegistersNothing()
    {
        QemuOptsGroup globals = QemuOptsGroup.CreateGlobal();
        Assert.Throws<QomException>(() => QemuOptsParser.Parse("id=g0,bogus=1", null, globals));
        Assert.False(globals.Contains("g0"));
    }

    [Fact]
    public void IdErrorsComeBeforeOtherErrors()
    {
        QemuOptsGroup globals = QemuOptsGroup.CreateGlobal();
        globals.Add("g0");
        Assert.Equal("Parameter 'id' expects an identifier", Assert.Throws<QomException>(() => QemuOptsParser.Parse("bogus=1,id=1x", null, globals)).Message);
        Assert.Equal("Duplicate ID 'g0' for global", Assert.Throws<QomException>(() => QemuOptsParser.Parse("bogus=1,id=g0", null, globals)).Message);
        Assert.Equal("Duplicate ID 'g0' for global", Assert.Throws<QomException>(() => QemuOptsParser.Parse("help,id=g0", null, globals)).Message);
    }

    [Fact]
    public void AddingChecksTheIdToo()
    {
        var group = new QemuOptsGroup("device");
        QomException error = Assert.Throws<QomException>(() => group.Add("1bad"));
        Assert.Equal("Parameter 'id' expects an identifier", error.Message);
        Assert.Equal(QemuOptsParser.IdentifierHint, error.Hint);
        Assert.Empty(group.Ids);
    }

    [Fact]
    public void IdsAreCaseSensitive()
    {
        var group = new QemuOptsGroup("device");
        group.Add("Nic");
        group.Add("nic");
        Assert.Equal(2, group.Ids.Count);
    }
}
