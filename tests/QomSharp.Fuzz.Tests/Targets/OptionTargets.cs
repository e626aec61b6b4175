using QomSharp.Options;

namespace QomSharp.Fuzz.Tests.Targets;

/// <summary>The option parsers: keyval (<c>-object</c>, <c>-machine</c>), QemuOpts (<c>-device</c>) and <c>-global</c>.</summary>
internal static class OptionTargets
{
    private const string Alphabet = ",=.:{}[]\"'\\ ?-_0123456789abcdefhilopqxyzAEX\u00e9\t";

    public static FuzzTarget Keyval() => new("keyval", Mutations.Of(
        [
            "iommufd,id=fd0", "qom-type=iommufd,id=x,fd=3", "q35,kernel-irqchip=split", "help", "iommufd,help",
            "x,a.b.0=1,a.b.1=2,a.c=3", "a.0=x,a.1=y", "a=1,,2,b=x", "a.1=x,a.01=y", "x,a.b=1,a=2",
        ], Alphabet), static () => static input =>
        {
            try
            {
                KeyvalParser.Parse(input, "qom-type", allowHelp: input.Length % 2 == 0);
                return true;
            }
            catch (QomException)
            {
                return false;
            }
        });

    public static FuzzTarget QemuOpts() => new("qemuopts", Mutations.Of(
        [
            "intel-iommu,aw-bits=48,caching-mode=on", "vfio-pci,host=98:00.0,id=gpu", "pci-testdev,addr=05.0,multifunction=on",
            "driver=pci-bridge,chassis_nr=1,id=b", "pcie-root-port,id=rp0,chassis=1,bus=pcie.0", "intel-iommu,help", "x,id=a,id=b",
        ], Alphabet), static () =>
        {
            var ids = QemuOptsGroup.CreateDevice();
            return input =>
            {
                try
                {
                    QemuOptsParser.Parse(input, "driver", ids);
                    return true;
                }
                catch (QomException)
                {
                    return false;
                }
            };
        });

    public static FuzzTarget Global() => new("global", Mutations.Of(
        [
            "intel-iommu.aw-bits=48", "driver=intel-iommu,property=aw-bits,value=39", "pci-testdev.addr=5", "x.y=z", "driver=a,property=b",
        ], Alphabet), static () =>
        {
            var globals = QemuOptsGroup.CreateGlobal();
            return input =>
            {
                try
                {
                    GlobalOption.Parse(input, globals);
                    return true;
                }
                catch (QomException)
                {
                    return false;
                }
            };
        });
}
