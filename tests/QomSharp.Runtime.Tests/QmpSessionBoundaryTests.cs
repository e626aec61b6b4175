using System;
using System.Collections.Generic;
using System.IO;

namespace QomSharp.Runtime.Tests;

/// <summary>
/// A QMP command that fails with something other than a QOM error (a bug) still answers
/// GenericError and the session goes on, but the failure is reported, not swallowed.
/// </summary>
public class QmpSessionBoundaryTests
{
    [Fact]
    public void AnUnexpectedExceptionAnswersGenericErrorIsReportedAndTheSessionGoesOn()
    {
        var u = new TestUniverse();
        u.Define(new QomDynamicType("faulty", "object")
        {
            Factory = static () => new TestObject(),
            InstanceInit = static _ => throw new InvalidOperationException("broken instance_init"),
        });
        var output = new StringWriter();
        var reported = new List<(string Command, Exception Failure)>();
        var session = new Qmp.QmpSession(u.Context, output) { UnexpectedFailure = (command, failure) => reported.Add((command, failure)) };
        session.Run(new StringReader("""
            {"execute": "qmp_capabilities"}
            {"execute": "qom-list-properties", "arguments": {"typename": "faulty"}, "id": 7}
            {"execute": "query-version"}
            """));
        string[] lines = output.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("""{"error": {"class": "GenericError", "desc": "broken instance_init"}, "id": 7}""", lines[2]);
        Assert.StartsWith("""{"return": {"qemu": """, lines[3]);
        var (command, failure) = Assert.Single(reported);
        Assert.Equal("qom-list-properties", command);
        Assert.IsType<InvalidOperationException>(failure);
    }
}
