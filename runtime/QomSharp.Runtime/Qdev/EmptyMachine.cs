namespace QomSharp.Qdev;

/// <summary>QEMU's <c>none</c> machine: an empty board.</summary>
[QomType("none-machine")]
public sealed partial class EmptyMachine : Machine
{
    [QomClassInit]
    private static void InitEmptyMachineClass(MachineClass klass)
    {
        klass.Description = "empty machine";

        // No RAM unless -m asks for it.
        klass.DefaultRamSize = 0;
    }
}
