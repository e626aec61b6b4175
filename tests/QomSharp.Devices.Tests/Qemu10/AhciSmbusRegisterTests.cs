namespace QomSharp.Devices.Tests.Qemu10;

/// <summary>
/// q35's built-in ich9-ahci (00:1f.2) and ICH9-SMB (00:1f.3) against QEMU 10.0
/// (capture_ahci_smbus.py): their BARs sized and programmed, <c>info pci</c> and <c>query-pci</c>,
/// then the AHCI host and port registers, the index/data pair, the engines' mappings and the port
/// interrupt; the SMBus host registers and transactions to the SPD EEPROMs and to nothing.
/// </summary>
public sealed class AhciSmbusRegisterTests
{
    /// <summary>The AHCI registers with empty ports (qtest-ahci.txt).</summary>
    [Fact]
    public void AhciRegistersAreQemu10s() => Replay("qtest-ahci.txt", 600);

    /// <summary>The SMBus host registers and the SPD EEPROMs (qtest-smbus.txt).</summary>
    [Fact]
    public void SmbusRegistersAreQemu10s() => Replay("qtest-smbus.txt", 400);

    private static void Replay(string name, int minimumSteps)
    {
        var (args, steps) = QmpQtestStep.Read(name);
        Assert.True(steps.Count > minimumSteps, $"only {steps.Count} steps");
        QmpQtestReplay.Replay(args, steps);
    }
}
