using System;
using System.IO;
using QomSharp.Tool;

namespace QomSharp.Fuzz.Tests.Targets;

/// <summary>
/// <c>-device</c>, <c>-object</c>, <c>-global</c> and <c>-machine</c> through the qomsharp tool, in
/// process: every run ends with exit code 0 or 1 and no failure the tool did not expect. An input
/// is lines <c>OPTION VALUE</c>.
/// </summary>
internal static class ToolTarget
{
    public static FuzzTarget Create() => new("tool", Mutations.Of(
        [
            "-device intel-iommu,aw-bits=48,caching-mode=on\n-device vfio-pci,host=98:00.0,id=gpu",
            "-device intel-iommu\n-device vfio-pci,host=31:00.0\n-device vfio-pci,host=31:00.1",
            "-object iommufd,id=fd0\n-device intel-iommu,caching-mode=on\n-device vfio-pci,host=4b:00.0,iommufd=fd0",
            "-device {\"driver\": \"pci-testdev\", \"addr\": \"05.0\", \"id\": \"t\"}",
            "-device pcie-root-port,id=rp0,chassis=1\n-device pci-testdev,bus=rp0",
            "-global intel-iommu.aw-bits=39\n-device intel-iommu",
            "-machine q35,kernel-irqchip=split\n-device pci-bridge,chassis_nr=1",
            "-object iommufd,id=x,a.b.c=1",
        ], "-,=.:{}[]\"' \n0123456789abcdefhilmnoqrstuvxy_"), static () => input =>
        {
            var args = new System.Collections.Generic.List<string> { "-machine", "q35" };
            foreach (string line in input.Split('\n'))
            {
                int space = line.IndexOf(' ');
                string option = space < 0 ? line : line[..space];
                if (option is "-device" or "-object" or "-global" or "-machine")
                {
                    args.Add(option);
                    args.Add(space < 0 ? string.Empty : line[(space + 1)..]);
                }
            }

            var tool = new QomSharpTool(new StringReader(string.Empty), TextWriter.Null, TextWriter.Null);
            int code = tool.Run([.. args]);
            if (tool.UnexpectedFailure is { } failure)
            {
                throw new InvalidOperationException("the tool failed unexpectedly", failure);
            }

            return code switch
            {
                0 => true,
                1 => false,
                _ => throw new InvalidOperationException($"exit code {code}"),
            };
        });
}
