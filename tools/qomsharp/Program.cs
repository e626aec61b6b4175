using System;
using QomSharp.Tool;

return new QomSharpTool(Console.In, Console.Out, Console.Error).RunProcess(args);
