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
        foreach (string file in new[] { "intel-iommu-errors-q35.txt", "intel-iommu-errors-pc-q35-9.1.txt", "pci-errors.txt", "vfio-pci-errors.txt", "pxb-errors.txt", "vfio-mdev-errors.txt", "q35-board-errors.txt", "cpu-errors.txt", "machine-board-errors.txt", "cpu-plug-errors.txt", "rtc-errors.txt", "incoming-errors.txt" })
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
        // The data directory "firmware" is the reference's, wherever the tests run.
        var run = ToolRun.Of([.. expected.Args.Select(a => a == "firmware" ? Qemu10Reference.PathOf("firmware") : a)]);
        // The board's loaders print "qemu: " where QEMU's other errors name the program.
        string stderr = System.Text.RegularExpressions.Regex.Replace(expected.Stderr, "^qemu(-system-x86_64)?: ", "qomsharp: ", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.Equal(stderr, run.Error);
        Assert.Equal(expected.ExitCode, run.ExitCode);
    }
}
