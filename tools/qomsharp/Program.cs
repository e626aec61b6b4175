using System;
using System.IO;
using System.Text;
using QomSharp.Tool;

// The console's own writer hands the system 256 bytes at a time: a tree of 100,000 devices (about
// 20 MB) took 80,000 writes. This writer flushes after every write as the console's does (QMP and
// qtest replies go out at once), in pieces of up to 16 KiB characters (its buffers stay under the
// large-object size: one there, before the build's no-collection region starts, cost a collection).
TextWriter output = Console.Out;
if (Console.OutputEncoding.CodePage == Encoding.UTF8.CodePage)
{
    output = TextWriter.Synchronized(new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 16 * 1024) { AutoFlush = true });
}

return new QomSharpTool(Console.In, output, Console.Error).RunProcess(args);
