namespace QomSharp.Devices.Isa;

/// <summary>The i8259 pair's interrupt acknowledge cycle (QEMU's <c>pic_read_irq</c>).</summary>
public abstract partial class PicCommon
{
    /// <summary>
    /// The vector the master hands the CPU for its highest pending request, acknowledging it (and,
    /// for the cascade input 2, the slave's request first); a spurious request is IRQ 7 of the
    /// controller that has none.
    /// </summary>
    internal static int ReadVector(PicCommon master, PicCommon slave)
    {
        int irq = master.PendingIrq();
        if (irq < 0)
        {
            return master.irqBase + 7;
        }

        int vector;
        if (irq == 2)
        {
            int slaveIrq = slave.PendingIrq();
            if (slaveIrq >= 0)
            {
                slave.Acknowledge(slaveIrq);
            }
            else
            {
                slaveIrq = 7;
            }

            vector = slave.irqBase + slaveIrq;
        }
        else
        {
            vector = master.irqBase + irq;
        }

        master.Acknowledge(irq);
        return vector;
    }
}
