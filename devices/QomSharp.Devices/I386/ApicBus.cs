using System;
using System.Collections.Generic;

namespace QomSharp.Devices.I386;

/// <summary>
/// The local APICs of one machine and the delivery of interrupt messages to them, as QEMU 10.0's
/// emulated APIC decodes a message (<c>apic_send_msi</c>): the destination in address bits 19:12
/// (with bits 63:32 over it, where an interrupt remapping unit puts an x2APIC destination), the
/// destination mode in bit 2, the vector, delivery mode and trigger in the data; the redirection
/// hint is ignored. Fixed, lowest priority (to the first APIC of the destination) and ExtINT
/// messages set the vector in the IRR (and the TMR for level, clear it for edge), whatever the
/// vector (below 16 too, with no error recorded); SMI, NMI and INIT only interrupt the CPU, which
/// does not run here; SIPI and the reserved mode 3 do nothing. Delivery allocates nothing.
/// </summary>
public sealed class ApicBus
{
    private const uint Broadcast = 0xff, X2ApicBroadcast = 0xffff_ffff;
    private const int Fixed = 0, LowestPriority = 1, ExtInt = 7;

    // In APIC id order, as QEMU's table of APICs indexed by id.
    private readonly List<Apic> apics = [];

    /// <summary>The APICs in APIC id order.</summary>
    public IReadOnlyList<Apic> Apics => apics;

    internal void Add(Apic apic)
    {
        int at = 0;
        while (at < apics.Count && apics[at].ApicId < apic.ApicId)
        {
            at++;
        }

        apics.Insert(at, apic);
    }

    internal void Remove(Apic apic) => apics.Remove(apic);

    /// <summary>QEMU's <c>apic_send_msi</c>: a message (address, data) decoded and delivered.</summary>
    public void SendMessage(ulong address, uint data)
    {
        uint destination = (uint)((address >> 12) & 0xff) | (uint)(address >> 32);
        bool logical = ((address >> 2) & 1) != 0;
        Deliver(destination, logical, (int)((data >> 8) & 7), (byte)data, ((data >> 15) & 1) != 0);
    }

    /// <summary>QEMU's <c>apic_deliver_irq</c>: an interrupt to the destination, by delivery mode.</summary>
    public void Deliver(uint destination, bool logical, int deliveryMode, byte vector, bool level)
    {
        switch (deliveryMode)
        {
            case LowestPriority:
                foreach (var apic in apics)
                {
                    if (Accepts(apic, destination, logical))
                    {
                        apic.SetIrq(vector, level);
                        return;
                    }
                }

                return;
            case Fixed or ExtInt:
                foreach (var apic in apics)
                {
                    if (Accepts(apic, destination, logical))
                    {
                        apic.SetIrq(vector, level);
                    }
                }

                return;
            default:
                // SMI, NMI, INIT interrupt the CPU (nothing runs here to take them); SIPI and 3: nothing.
                return;
        }
    }

    // Whether the APIC (in xAPIC mode: nothing here turns x2APIC mode on) is in the destination, as
    // QEMU 10.0's apic_get_delivery_bitmask. Physical: 0xffffffff and 0xff are broadcasts, else the
    // APIC id against the destination's low 8 bits (0x100 reaches APIC 0). Logical: 0xffffffff is
    // an x2APIC broadcast, no broadcast to an xAPIC-mode APIC; the destination's low 8 bits against
    // the LDR under the DFR's model: flat, any common bit; cluster, the same cluster or cluster 0xf
    // (every cluster), and a common bit of the low four.
    private static bool Accepts(Apic apic, uint destination, bool logical)
    {
        if (!logical)
        {
            return destination is X2ApicBroadcast or Broadcast || apic.ApicId == (byte)destination;
        }

        uint low = destination & 0xff;
        byte ldr = apic.LogicalDestination;
        return apic.DestinationFormat switch
        {
            0xf => (low & ldr) != 0,
            0x0 => ((low & 0xf0) == 0xf0 || (low & 0xf0) == (uint)(ldr & 0xf0)) && (low & ldr & 0x0f) != 0,
            _ => false,
        };
    }

    /// <summary>
    /// HMP <c>info lapic [apic-id]</c>: the state of the APIC with that id, or of the first CPU's;
    /// "No CPU available" when there is none.
    /// </summary>
    public string Info(long? apicId)
    {
        foreach (var apic in apics)
        {
            if (apicId is null ? apic.CpuIndex == 0 : apic.ApicId == (uint)apicId.Value)
            {
                return apic.Dump();
            }
        }

        if (apicId is null && apics.Count > 0)
        {
            return apics[0].Dump();
        }

        return "No CPU available\n";
    }
}
