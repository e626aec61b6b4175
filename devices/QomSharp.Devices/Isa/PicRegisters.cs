using QomSharp.Devices.Access;
using QomSharp.Qdev;

namespace QomSharp.Devices.Isa;

/// <summary>
/// An i8259's registers as QEMU 10.0 models them (i8259.c): the initialisation words ICW1-ICW4,
/// the mask (OCW1), end-of-interrupt and rotation commands (OCW2), the IRR/ISR select, poll and
/// special mask (OCW3), the edge/level control register, and the input lines that set the IRR
/// (edge-triggered unless the ELCR or ICW1's LTIM bit says level), with the INT output a cascaded slave drives.
/// </summary>
public abstract partial class PicCommon
{
    private byte irr;
    private byte lastIrr;
    private byte imr;
    private byte isr;
    private int priorityAdd;
    private byte irqBase;
    private bool readRegisterSelect;
    private bool poll;
    private bool specialMask;
    private int initState;
    private bool autoEoi;
    private bool rotateOnAutoEoi;
    private bool specialFullyNestedMode;
    private bool init4;
    private bool singleMode;
    private byte elcr;

    // ICW1's chip-wide level-triggered mode (LTIM, bit 3), which QEMU 10.0 honours as it honours
    // the ELCR; neither is cleared by ICW1's reset.
    private bool levelTriggeredMode;

    /// <summary>The vector base ICW2 set (QEMU's <c>irq_base</c>).</summary>
    public byte IrqBase => irqBase;

    // QEMU's pic_reset_common: the ELCR is kept, level-triggered requests too.
    private void ResetCommon()
    {
        lastIrr = 0;
        irr &= elcr;
        imr = 0;
        isr = 0;
        priorityAdd = 0;
        irqBase = 0;
        readRegisterSelect = false;
        poll = false;
        specialMask = false;
        initState = 0;
        autoEoi = false;
        rotateOnAutoEoi = false;
        specialFullyNestedMode = false;
        init4 = false;
        singleMode = false;
    }

    // QEMU's get_priority: 8 when no bit is set.
    private int Priority(int mask)
    {
        if (mask == 0)
        {
            return 8;
        }

        int priority = 0;
        while ((mask & (1 << ((priority + priorityAdd) & 7))) == 0)
        {
            priority++;
        }

        return priority;
    }

    // QEMU's pic_get_irq: the request to signal, or -1.
    private int PendingIrq()
    {
        int priority = Priority(irr & ~imr);
        if (priority == 8)
        {
            return -1;
        }

        int mask = isr;
        if (specialMask)
        {
            mask &= ~imr;
        }

        if (specialFullyNestedMode && Master)
        {
            mask &= ~(1 << 2);
        }

        return priority < Priority(mask) ? (priority + priorityAdd) & 7 : -1;
    }

    // QEMU's pic_update_irq: the INT output follows whether a request is pending.
    private void UpdateIrq()
    {
        if (GetPropertyLink(UnnamedGpioOut + "[0]") is Irq line)
        {
            line.Set(PendingIrq() >= 0 ? 1 : 0);
        }
    }

    // QEMU's pic_set_irq.
    private void SetIrq(int irq, int level)
    {
        byte mask = (byte)(1 << irq);
        if (levelTriggeredMode || (elcr & mask) != 0)
        {
            if (level != 0)
            {
                irr |= mask;
                lastIrr |= mask;
            }
            else
            {
                irr &= (byte)~mask;
                lastIrr &= (byte)~mask;
            }
        }
        else if (level != 0)
        {
            if ((lastIrr & mask) == 0)
            {
                irr |= mask;
            }

            lastIrr |= mask;
        }
        else
        {
            lastIrr &= (byte)~mask;
        }

        UpdateIrq();
    }

    // QEMU's pic_intack.
    private void Acknowledge(int irq)
    {
        if (autoEoi)
        {
            if (rotateOnAutoEoi)
            {
                priorityAdd = (irq + 1) & 7;
            }
        }
        else
        {
            isr |= (byte)(1 << irq);
        }

        if (!levelTriggeredMode && (elcr & (1 << irq)) == 0)
        {
            irr &= (byte)~(1 << irq);
        }

        UpdateIrq();
    }

    // QEMU's pic_ioport_read: in poll mode the pending request (acknowledged) with bit 7, else IRR or ISR, or the mask.
    private byte ReadPort(int port)
    {
        if (poll)
        {
            int irq = PendingIrq();
            byte value = 0;
            if (irq >= 0)
            {
                Acknowledge(irq);
                value = (byte)(irq | 0x80);
            }

            poll = false;
            return value;
        }

        return port == 0 ? (readRegisterSelect ? isr : irr) : imr;
    }

    // QEMU's pic_ioport_write.
    private void WritePort(int port, byte value)
    {
        if (port == 0)
        {
            if ((value & 0x10) != 0)
            {
                // ICW1: a reset, then ICW2 to ICW4.
                ResetCommon();
                UpdateIrq();
                initState = 1;
                init4 = (value & 1) != 0;
                singleMode = (value & 2) != 0;
                levelTriggeredMode = (value & 8) != 0;
            }
            else if ((value & 0x08) != 0)
            {
                // OCW3.
                if ((value & 0x04) != 0)
                {
                    poll = true;
                }

                if ((value & 0x02) != 0)
                {
                    readRegisterSelect = (value & 1) != 0;
                }

                if ((value & 0x40) != 0)
                {
                    specialMask = ((value >> 5) & 1) != 0;
                }
            }
            else
            {
                WriteOcw2(value);
            }

            return;
        }

        switch (initState)
        {
            case 0:
                imr = value;
                UpdateIrq();
                break;
            case 1:
                irqBase = (byte)(value & 0xf8);
                initState = singleMode ? (init4 ? 3 : 0) : 2;
                break;
            case 2:
                initState = init4 ? 3 : 0;
                break;
            case 3:
                specialFullyNestedMode = ((value >> 4) & 1) != 0;
                autoEoi = ((value >> 1) & 1) != 0;
                initState = 0;
                break;
        }
    }

    // OCW2: the end-of-interrupt and priority rotation commands.
    private void WriteOcw2(byte value)
    {
        int command = value >> 5;
        int irq;
        switch (command)
        {
            case 0:
            case 4:
                rotateOnAutoEoi = (command >> 2) != 0;
                break;
            case 1:
            case 5:
                int priority = Priority(isr);
                if (priority != 8)
                {
                    irq = (priority + priorityAdd) & 7;
                    isr &= (byte)~(1 << irq);
                    if (command == 5)
                    {
                        priorityAdd = (irq + 1) & 7;
                    }

                    UpdateIrq();
                }

                break;
            case 3:
                irq = value & 7;
                isr &= (byte)~(1 << irq);
                UpdateIrq();
                break;
            case 6:
                priorityAdd = (value + 1) & 7;
                UpdateIrq();
                break;
            case 7:
                irq = value & 7;
                isr &= (byte)~(1 << irq);
                priorityAdd = (irq + 1) & 7;
                UpdateIrq();
                break;
        }
    }

    // QEMU's pic_ioport_ops and pic_elcr_ioport_ops: byte accesses.
    private sealed class PicPorts(PicCommon pic) : AccessRules(implMin: 1, implMax: 1)
    {
        protected override ulong DeviceRead(ulong offset, int size) => pic.ReadPort((int)(offset & 1));

        protected override void DeviceWrite(ulong offset, ulong value, int size) => pic.WritePort((int)(offset & 1), (byte)value);
    }

    private sealed class ElcrPort(PicCommon pic) : AccessRules(implMin: 1, implMax: 1)
    {
        protected override ulong DeviceRead(ulong offset, int size) => pic.elcr;

        protected override void DeviceWrite(ulong offset, ulong value, int size) => pic.elcr = (byte)(value & pic.ElcrMask);
    }
}
