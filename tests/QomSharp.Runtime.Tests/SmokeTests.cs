using QomSharp;

namespace QomSharp.Runtime.Tests;

public class SmokeTests
{
    [Fact]
    public void RootHasQemuContainers()
    {
        var context = new QomContext();
        var root = context.Root;
        Assert.Equal("/", root.CanonicalPath);
        Assert.Equal("container", root.TypeName);
        Assert.Equal(new[] { "chardevs", "objects", "backend" }, root.Children.Select(c => c.Name).ToArray());
        Assert.Equal("/objects", context.GetRootContainer("objects").CanonicalPath);
    }

    [Fact]
    public void UnknownTypeIsFatalWithQemuText()
    {
        var context = new QomContext();
        var error = Assert.Throws<QomFatalException>(() => context.New("no-such-type"));
        Assert.Equal("unknown type 'no-such-type'", error.Message);
    }
}
