namespace QomSharp.Devices.Pci.Config;

/// <summary>Offsets and bits of the PCI configuration header (QEMU's <c>pci_regs.h</c> names).</summary>
public static class PciRegisters
{
    /// <summary>Vendor id.</summary>
    public const int VendorId = 0x00;

    /// <summary>Device id.</summary>
    public const int DeviceId = 0x02;

    /// <summary>Command register.</summary>
    public const int Command = 0x04;

    /// <summary>Status register.</summary>
    public const int Status = 0x06;

    /// <summary>Revision id (then the class code).</summary>
    public const int Revision = 0x08;

    /// <summary>Programming interface.</summary>
    public const int ProgIf = 0x09;

    /// <summary>Class code (sub-class and base class).</summary>
    public const int ClassDevice = 0x0a;

    /// <summary>Cache line size.</summary>
    public const int CacheLineSize = 0x0c;

    /// <summary>Header type (bit 7: multi-function).</summary>
    public const int HeaderType = 0x0e;

    /// <summary>The first BAR.</summary>
    public const int BaseAddress0 = 0x10;

    /// <summary>Subsystem vendor id (type 0 header).</summary>
    public const int SubsystemVendorId = 0x2c;

    /// <summary>Subsystem id (type 0 header).</summary>
    public const int SubsystemId = 0x2e;

    /// <summary>Expansion ROM BAR (type 0 header).</summary>
    public const int RomAddress = 0x30;

    /// <summary>Capability list pointer.</summary>
    public const int CapabilityList = 0x34;

    /// <summary>Expansion ROM BAR (type 1 header).</summary>
    public const int BridgeRomAddress = 0x38;

    /// <summary>Interrupt line.</summary>
    public const int InterruptLine = 0x3c;

    /// <summary>Interrupt pin.</summary>
    public const int InterruptPin = 0x3d;

    /// <summary>Command: I/O space.</summary>
    public const int CommandIo = 0x1;

    /// <summary>Command: memory space.</summary>
    public const int CommandMemory = 0x2;

    /// <summary>Command: bus master.</summary>
    public const int CommandMaster = 0x4;

    /// <summary>Command: SERR# enable.</summary>
    public const int CommandSerr = 0x100;

    /// <summary>Command: INTx disable.</summary>
    public const int CommandIntxDisable = 0x400;

    /// <summary>Status: capability list present.</summary>
    public const int StatusCapList = 0x10;

    /// <summary>Status: 66 MHz capable.</summary>
    public const int Status66Mhz = 0x20;

    /// <summary>Status: fast back-to-back capable.</summary>
    public const int StatusFastBack = 0x80;

    /// <summary>Status: DEVSEL timing medium.</summary>
    public const int StatusDevselMedium = 0x200;

    /// <summary>Status: the write-1-to-clear error bits (parity, target/master aborts, SERR, detected parity).</summary>
    public const int StatusW1c = 0x100 | 0x800 | 0x1000 | 0x2000 | 0x4000 | 0x8000;

    /// <summary>Expansion ROM enable bit.</summary>
    public const ulong RomEnable = 0x1;

    /// <summary>Type 1: primary bus number.</summary>
    public const int PrimaryBus = 0x18;

    /// <summary>Type 1: secondary bus number.</summary>
    public const int SecondaryBus = 0x19;

    /// <summary>Type 1: subordinate bus number.</summary>
    public const int SubordinateBus = 0x1a;

    /// <summary>Type 1: I/O base.</summary>
    public const int IoBase = 0x1c;

    /// <summary>Type 1: I/O limit.</summary>
    public const int IoLimit = 0x1d;

    /// <summary>Type 1: secondary status.</summary>
    public const int SecondaryStatus = 0x1e;

    /// <summary>Type 1: memory base.</summary>
    public const int MemoryBase = 0x20;

    /// <summary>Type 1: memory limit.</summary>
    public const int MemoryLimit = 0x22;

    /// <summary>Type 1: prefetchable memory base.</summary>
    public const int PrefMemoryBase = 0x24;

    /// <summary>Type 1: prefetchable memory limit.</summary>
    public const int PrefMemoryLimit = 0x26;

    /// <summary>Type 1: prefetchable base, upper 32 bits.</summary>
    public const int PrefBaseUpper = 0x28;

    /// <summary>Type 1: prefetchable limit, upper 32 bits.</summary>
    public const int PrefLimitUpper = 0x2c;

    /// <summary>Type 1: I/O base, upper 16 bits.</summary>
    public const int IoBaseUpper = 0x30;

    /// <summary>Type 1: bridge control.</summary>
    public const int BridgeControl = 0x3e;
}
