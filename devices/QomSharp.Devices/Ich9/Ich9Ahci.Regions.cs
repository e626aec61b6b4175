using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Devices.Ich9;

public sealed partial class Ich9Ahci
{
    private MemoryRegion? abar;
    private MemoryRegion? idp;

    // QEMU's pci_ich9_ahci_init (ahci_init): the ABAR registers and the index/data pair, made at
    // instance init, so an unrealized controller lists them too. They stay unmapped until firmware
    // programs the BARs.
    [QomInstanceInit]
    private void CreateAhciRegions()
    {
        abar = MemoryRegion.Create(this, "ahci", AbarSize, new AbarOps(this));
        idp = MemoryRegion.Create(this, "ahci-idp", 0x20, new IdpOps(this));
    }

    /// <inheritdoc/>
    /// <remarks>QEMU's <c>pci_ich9_ahci_realize</c>: BAR4 is the index/data pair (I/O), BAR5 the ABAR (memory).</remarks>
    protected override void CreateRegions()
    {
        RegisterBarRegion(4, idp!);
        RegisterBarRegion(5, abar!);
        base.CreateRegions();
    }

    // The ABAR: any size, unaligned reads (ahci_mem_ops states no limits).
    private sealed class AbarOps(Ich9Ahci device) : IMemoryRegionOps
    {
        public int MaxAccessSize => 4;

        public bool ImplementsUnaligned => true;

        public ulong Read(ulong offset, int size) => device.ReadAbar(offset, size);

        public void Write(ulong offset, ulong value, int size) => device.WriteAbar(offset, value, size);
    }

    private sealed class IdpOps(Ich9Ahci device) : IMemoryRegionOps
    {
        public int MaxAccessSize => 4;

        public bool ImplementsUnaligned => true;

        public ulong Read(ulong offset, int size) => device.ReadIdp(offset, size);

        public void Write(ulong offset, ulong value, int size) => device.WriteIdp(offset, value, size);
    }
}
