using System.Globalization;
using System.Text;

namespace QomSharp.Devices.I386;

/// <summary>
/// The local APIC's interrupt state as QEMU 10.0 keeps it where no CPU runs (<c>-accel qtest</c>):
/// the registers at their reset values (every LVT masked, the APIC software-disabled with spurious
/// vector 255, flat logical model, LDR 0), the IRR and TMR that delivered messages set (an
/// interrupt stays pending: no CPU takes it into the ISR), and HMP <c>info lapic</c>'s text of them.
/// The page of registers cannot be written here: QEMU finds no current CPU for it.
/// </summary>
public sealed partial class Apic
{
    private const uint LvtMasked = 1 << 16, LvtLevel = 1 << 15, LvtActiveLow = 1 << 13,
        LvtPending = 1 << 12, LvtTimerPeriodic = 1 << 17, LvtTimerDeadline = 1 << 18;

    private static readonly string[] LvtNames = ["LVT0", "LVT1", "LVTPC", "LVTERR", "LVTTHMR", "LVTT"];
    private static readonly string[] DeliveryModeNames = ["Fixed", "...", "SMI", "...", "NMI", "INIT", "...", "ExtINT"];

    // In the order info lapic prints them: LINT0, LINT1, performance counter, error, thermal, timer.
    private readonly uint[] lvt = new uint[6];
    private readonly uint[] irr = new uint[8], isr = new uint[8], tmr = new uint[8];
    private readonly uint[] icr = new uint[2];
    private uint spuriousVector, errorStatus, divideConfiguration, initialCount;
    private byte taskPriority, arbitrationId, destinationFormat, logicalDestination;

    /// <summary>The CPU's index (QEMU's <c>cpu_index</c>).</summary>
    public int CpuIndex { get; internal set; }

    /// <summary>The DFR's model (bits 31:28): 0xf flat, 0 cluster.</summary>
    public byte DestinationFormat => destinationFormat;

    /// <summary>The LDR's logical APIC id (bits 31:24).</summary>
    public byte LogicalDestination => logicalDestination;

    /// <summary>
    /// What the CPU's writes of the LDR (bits 31:24) and DFR (bits 31:28) set: its logical APIC id
    /// and model (0xf flat, 0 cluster). Only the CPU itself writes them; nothing here runs one.
    /// </summary>
    public void SetLogicalDestination(byte logicalId, byte model)
    {
        logicalDestination = logicalId;
        destinationFormat = (byte)(model & 0xf);
    }

    /// <summary>Whether <paramref name="vector"/> is pending (its IRR bit).</summary>
    public bool IsRequested(int vector) => (irr[vector >> 5] & (1u << (vector & 31))) != 0;

    /// <summary>Whether <paramref name="vector"/>'s last request was level-triggered (its TMR bit).</summary>
    public bool IsLevel(int vector) => (tmr[vector >> 5] & (1u << (vector & 31))) != 0;

    /// <summary>QEMU's <c>apic_reset_common</c>: the registers' reset values, nothing requested or in service.</summary>
    internal void ResetState()
    {
        System.Array.Fill(lvt, LvtMasked);
        System.Array.Clear(irr);
        System.Array.Clear(isr);
        System.Array.Clear(tmr);
        System.Array.Clear(icr);
        spuriousVector = 0xff;
        errorStatus = divideConfiguration = initialCount = 0;
        taskPriority = arbitrationId = logicalDestination = 0;
        destinationFormat = 0xf;
    }

    /// <summary>QEMU's <c>apic_set_irq</c>: the vector requested; the TMR follows the trigger.</summary>
    internal void SetIrq(byte vector, bool level)
    {
        uint bit = 1u << (vector & 31);
        irr[vector >> 5] |= bit;
        if (level)
        {
            tmr[vector >> 5] |= bit;
        }
        else
        {
            tmr[vector >> 5] &= ~bit;
        }
    }

    /// <summary>HMP <c>info lapic</c>'s text of this APIC.</summary>
    internal string Dump()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"dumping local APIC state for CPU {CpuIndex,-2}\n\n");
        for (int i = 0; i < lvt.Length; i++)
        {
            AppendLvt(text, LvtNames[i], lvt[i], i == lvt.Length - 1);
        }

        uint divide = divideConfiguration & 0xb;
        uint shift = ((divide >> 1) & 4) | (divide & 3);
        text.Append(c, $"Timer\t DCR=0x{divide:x} (divide by {1u << (int)((shift + 1) & 7)}) initial_count = {initialCount} current_count = 0\n");
        text.Append(c, $"SPIV\t 0x{spuriousVector:x8} APIC {((spuriousVector & 0x100) != 0 ? "enabled" : "disabled")}, focus={((spuriousVector & 0x200) != 0 ? "on" : "off")}, spurious vec {spuriousVector & 0xff}\n");
        AppendIcr(text);
        text.Append(c, $"ESR\t 0x{errorStatus:x8}\n");
        AppendVectors(text, "ISR", isr);
        AppendVectors(text, "IRR", irr);
        text.Append(c, $"\nAPR 0x{arbitrationId:x2} TPR 0x{taskPriority:x2} DFR 0x{destinationFormat:x2} LDR 0x{logicalDestination:x2}");
        if (destinationFormat == 0)
        {
            text.Append(c, $"(cluster {logicalDestination >> 4}: id {logicalDestination & 0xf})");
        }

        text.Append(c, $" PPR 0x{Ppr():x2}\n");
        return text.ToString();
    }

    private static void AppendLvt(StringBuilder text, string name, uint value, bool timer)
    {
        uint mode = (value >> 8) & 7;
        string timerMode = !timer ? string.Empty : (value & LvtTimerPeriodic) != 0 ? "periodic" : (value & LvtTimerDeadline) != 0 ? "tsc-deadline" : "one-shot";
        text.Append(CultureInfo.InvariantCulture,
            $"{name}\t 0x{value:x8} {((value & LvtActiveLow) != 0 ? "active-lo" : "active-hi")} {((value & LvtLevel) != 0 ? "level" : "edge"),-5} {((value & LvtMasked) != 0 ? "masked" : ""),-6} {((value & LvtPending) != 0 ? "pending" : ""),-7} {timerMode,-12} {DeliveryModeNames[mode],-6}");
        text.Append(mode != 4 ? string.Create(CultureInfo.InvariantCulture, $" (vec {value & 0xff})\n") : "\n");
    }

    private void AppendIcr(StringBuilder text)
    {
        uint low = icr[0], high = icr[1];
        bool logical = (low & (1 << 11)) != 0;
        string shorthand = ((low >> 18) & 3) switch { 0 => "no-shorthand", 1 => "self", 2 => "all-self", _ => "all" };
        text.Append(CultureInfo.InvariantCulture,
            $"ICR\t 0x{low:x8} {(logical ? "logical" : "physical")} {((low & (1 << 15)) != 0 ? "level" : "edge")} {((low & (1 << 14)) != 0 ? "assert" : "de-assert")} {shorthand}\n");
        text.Append(CultureInfo.InvariantCulture, $"ICR2\t 0x{high:x8}");
        if (!logical)
        {
            text.Append(CultureInfo.InvariantCulture, $" cpu {high >> 24} (APIC ID)\n");
        }
        else if (destinationFormat == 0xf)
        {
            text.Append(CultureInfo.InvariantCulture, $" mask {high >> 24:x2} (logical, flat)\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $" cluster {(high >> 28) & 0xf}, mask {(high >> 24) & 0xf:x2} (logical, cluster)\n");
        }
    }

    private void AppendVectors(StringBuilder text, string name, uint[] bits)
    {
        text.Append(name).Append("\t ");
        bool any = false;
        for (int vector = 0; vector < 256; vector++)
        {
            if ((bits[vector >> 5] & (1u << (vector & 31))) != 0)
            {
                any = true;
                text.Append(vector.ToString(CultureInfo.InvariantCulture));
                if (IsLevel(vector))
                {
                    text.Append("(level)");
                }

                text.Append(' ');
            }
        }

        text.Append(any ? "\n" : "(none)\n");
    }

    // QEMU's apic_get_ppr: the TPR, or the class of the highest vector in service when that is higher.
    private int Ppr()
    {
        int highest = -1;
        for (int vector = 255; vector >= 0 && highest < 0; vector--)
        {
            if ((isr[vector >> 5] & (1u << (vector & 31))) != 0)
            {
                highest = vector;
            }
        }

        int tprClass = taskPriority >> 4, isrClass = (highest < 0 ? 0 : highest) >> 4;
        return tprClass >= isrClass ? taskPriority : isrClass << 4;
    }
}
