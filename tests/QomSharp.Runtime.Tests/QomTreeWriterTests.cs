using System.IO;
using System.Linq;
using QomSharp;
using QomSharp.Monitor;

namespace QomSharp.Runtime.Tests;

/// <summary><c>info qom-tree</c> written to a writer as it goes reads the same as the whole string.</summary>
public class QomTreeWriterTests
{
    [Fact]
    public void ATreeLargerThanTheBufferIsWrittenWhole()
    {
        var u = new TestUniverse();
        u.DefineObject("qtw-node");
        var container = u.Context.GetRootContainer("objects");
        for (int i = 0; i < 1500; i++)
        {
            var node = u.New("qtw-node");
            container.AddChild($"node-with-a-long-name-{i:D5}", node);
            node.AddChild("inner", u.New("qtw-node"));
        }

        string whole = TreePrinter.QomTree(u.Context, "/objects");
        var writer = new StringWriter();
        TreePrinter.QomTree(u.Context, writer, "/objects");
        Assert.True(whole.Length > 4 * 16 * 1024);
        Assert.Equal(whole, writer.ToString());
        Assert.Equal(3001, whole.Count(c => c == '\n'));
    }

    [Fact]
    public void AnUnresolvedPathIsReportedToTheWriter()
    {
        var u = new TestUniverse();
        var writer = new StringWriter();
        TreePrinter.QomTree(u.Context, writer, "/nowhere");
        Assert.Equal("Path '/nowhere' could not be resolved.\n", writer.ToString());
        Assert.Equal(writer.ToString(), TreePrinter.QomTree(u.Context, "/nowhere"));
    }
}
