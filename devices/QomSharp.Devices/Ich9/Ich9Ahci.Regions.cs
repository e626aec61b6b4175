using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.Ich9;

public sealed partial class Ich9Ahci
{
    // QEMU's pci_ich9_ahci_init (ahci_init): the ABAR registers and the index/data pair, made at
    // instance init, so an unrealized controller lists them too. They stay unmapped until firmware
    // programs the BARs.
    [QomInstanceInit]
    private void CreateAhciRegions()
    {
        MemoryRegion.Create(this, "ahci", 0x1000);
        MemoryRegion.Create(this, "ahci-idp", 0x20);
    }
}
