using QomSharp.Devices.Tests.Pci;

namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// Refused command lines against QEMU 10.0: the whole of stderr (error and hint, with the program's
/// name) and the exit code, for intel-iommu's realize checks on q35 and pc-q35-9.1, the PCI devices'
/// property and realize checks, vfio-pci's, and a CPU's placement checks.
/// </summary>
public class ErrorReferenceTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string file in new[] { "intel-iommu-errors-q35.txt", "intel-iommu-errors-pc-q35-9.1.txt", "pci-errors.txt", "vfio-pci-errors.txt", "pxb-errors.txt", "vfio-mdev-errors.txt", "q35-board-errors.txt", "cpu-errors.txt", "cpu-plug-errors.txt" })
        {
            int count = Qemu10Reference.ErrorCases(file).Count();
            for (int i = 0; i < count; i++)
            {
                data.Add(file, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RefusedAsQemu10Refuses(string file, int index)
    {
        ErrorCase expected = Qemu10Reference.ErrorCases(file).ElementAt(index);
        var run = ToolRun.Of(expected.Args);
        Assert.Equal(expected.Stderr.Replace("qemu-system-x86_64: ", "qomsharp: ", System.StringComparison.Ordinal), run.Error);
        Assert.Equal(expected.ExitCode, run.ExitCode);
    }
}
