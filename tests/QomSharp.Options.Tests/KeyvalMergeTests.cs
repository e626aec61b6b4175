using QomSharp;
using QomSharp.Options;

namespace QomSharp.Options.Tests;

/// <summary><c>keyval_merge</c>, after test-keyval.c's merge cases.</summary>
public class KeyvalMergeTests
{
    private static KeyvalDict Parse(string input) => KeyvalParser.Parse(input).Root;

    [Fact]
    public void DictionariesMergeAndStringsAreOverwritten()
    {
        KeyvalDict first = Parse("opt1=abc,opt2.sub1=def,opt2.sub2=ghi,opt3=xyz");
        KeyvalParser.Merge(first, Parse("opt1=ABC,opt2.sub2=GHI,opt2.sub3=JKL"));
        Assert.Equal(Parse("opt1=ABC,opt2.sub1=def,opt2.sub2=GHI,opt2.sub3=JKL,opt3=xyz").ToJson(), first.ToJson());
    }

    [Fact]
    public void ListsAreAppended()
    {
        KeyvalDict first = Parse("opt1.0=abc,opt2.0=xyz");
        KeyvalParser.Merge(first, Parse("opt1.0=def"));
        Assert.Equal(Parse("opt1.0=abc,opt1.1=def,opt2.0=xyz").ToJson(), first.ToJson());
    }

    [Fact]
    public void KindConflictsAreRejectedEitherWay()
    {
        KeyvalDict first = Parse("opt2=ABC");
        KeyvalDict second = Parse("opt2.sub1=def,opt2.sub2=ghi");
        KeyvalDict third = Parse("opt2=ABC");

        Assert.Equal("Parameter 'opt2' used inconsistently", Assert.Throws<QomException>(() => KeyvalParser.Merge(first, second)).Message);
        Assert.Equal("Parameter 'opt2' used inconsistently", Assert.Throws<QomException>(() => KeyvalParser.Merge(second, third)).Message);
    }

    [Fact]
    public void NestedConflictsNameTheFullKey()
    {
        KeyvalDict first = Parse("a.b.c=1");
        Assert.Equal("Parameter 'a.b.c' used inconsistently", Assert.Throws<QomException>(() => KeyvalParser.Merge(first, Parse("a.b.c.0=x"))).Message);
        Assert.Equal("Parameter 'a.b' used inconsistently", Assert.Throws<QomException>(() => KeyvalParser.Merge(first, Parse("a.b=2"))).Message);
    }

    [Fact]
    public void AFailedMergeChangesNothing()
    {
        KeyvalDict first = Parse("a=1,b.c=2");
        Assert.Throws<QomException>(() => KeyvalParser.Merge(first, Parse("a=9,z=new,b=3")));
        Assert.Equal("{\"a\":\"1\",\"b\":{\"c\":\"2\"}}", first.ToJson());
    }

    [Fact]
    public void MergedTreesShareNoNodes()
    {
        KeyvalDict destination = Parse("x=1");
        KeyvalDict source = Parse("d.list.0=a");
        KeyvalParser.Merge(destination, source);
        KeyvalParser.Merge(destination, Parse("d.list.0=b"));

        Assert.Equal("{\"d\":{\"list\":[\"a\"]}}", source.ToJson());
        Assert.Equal("{\"x\":\"1\",\"d\":{\"list\":[\"a\",\"b\"]}}", destination.ToJson());
    }
}

/// <summary><c>keyval_parse_into</c> (repeated <c>-machine</c>) and the order QEMU walks a QDict in.</summary>
public class KeyvalParseIntoTests
{
    [Fact]
    public void ParsingIntoMergesAndAClashIsTheParsersError()
    {
        var options = new KeyvalDict();
        KeyvalParser.ParseInto(options, "q35,boot.menu=on", "type");
        KeyvalParser.ParseInto(options, "pc,boot.order=dc", "type");
        Assert.Equal("""{"type":"pc","boot":{"menu":"on","order":"dc"}}""", options.ToJson().Replace(" ", "", System.StringComparison.Ordinal));
        Assert.Equal("Parameters 'boot.*' used inconsistently",
            Assert.Throws<QomException>(() => KeyvalParser.ParseInto(options, "boot=x")).Message);
        Assert.Equal("Parameters 'boot.menu.*' used inconsistently",
            Assert.Throws<QomException>(() => KeyvalParser.ParseInto(options, "boot.menu.x=1")).Message);
        Assert.Equal("""{"type":"pc","boot":{"menu":"on","order":"dc"}}""", options.ToJson().Replace(" ", "", System.StringComparison.Ordinal));
    }

    [Theory]
    // tdb_hash modulo 512, as QEMU 10.0's QDict computes it.
    [InlineData("nvdimm", 111)]
    [InlineData("cxl", 265)]
    [InlineData("phandle-start", 286)]
    [InlineData("bus-lock-ratelimit", 343)]
    [InlineData("pcspk-audiodev", 289)]
    [InlineData("memory-encryption", 323)]
    [InlineData("smp", 153)]
    [InlineData("memory", 172)]
    [InlineData("boot", 99)]
    public void QdictBucketsAreQemus(string key, int bucket) => Assert.Equal(bucket, KeyvalDict.QdictBucket(key));

    [Fact]
    public void MembersComeInQdictOrder()
    {
        var options = KeyvalParser.Parse("cxl=x,memory-encryption=a,nvdimm=x,pcspk-audiodev=b").Root;
        Assert.Equal(["nvdimm", "cxl", "pcspk-audiodev", "memory-encryption"], options.InQdictOrder().ConvertAll(e => e.Key));
    }
}
