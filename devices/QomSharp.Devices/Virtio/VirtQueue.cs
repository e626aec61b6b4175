using System;
using System.Collections.Generic;

namespace QomSharp.Devices.Virtio;

/// <summary>
/// One split virtqueue of a <see cref="VirtioDevice"/> (QEMU's <c>VirtQueue</c>): the ring addresses
/// the driver gave, the device's indexes into them, and QEMU's <c>virtqueue_pop</c>/<c>virtqueue_push</c>
/// over guest memory. The ring and buffers are read from guest memory on every use; nothing the
/// guest wrote is trusted: each inconsistency is a <see cref="VirtioDevice.Error"/>, as in QEMU.
/// </summary>
public sealed class VirtQueue
{
    private const ushort DescNext = 1, DescWrite = 2, DescIndirect = 4;
    private const ushort AvailNoInterrupt = 1;
    private const int DescSize = 16;

    private readonly VirtioDevice device;

    internal VirtQueue(VirtioDevice device, int index, ushort size, Action<VirtQueue>? handler)
    {
        this.device = device;
        Index = index;
        NumDefault = size;
        Num = size;
        Handler = handler;
    }

    /// <summary>The queue's index.</summary>
    public int Index { get; }

    /// <summary>The size the device made the queue with.</summary>
    public ushort NumDefault { get; }

    /// <summary>The queue's size (QEMU's <c>vring.num</c>).</summary>
    public ushort Num { get; private set; }

    /// <summary>The descriptor table's guest address (0: not set up).</summary>
    public ulong Desc { get; private set; }

    /// <summary>The available ring's guest address.</summary>
    public ulong Avail { get; private set; }

    /// <summary>The used ring's guest address.</summary>
    public ulong Used { get; private set; }

    /// <summary>The next available entry the device takes.</summary>
    public ushort LastAvailIndex { get; private set; }

    /// <summary>The used ring's index as the device last wrote it.</summary>
    public ushort UsedIndex { get; private set; }

    /// <summary>How many elements were taken and not yet given back.</summary>
    public int InUse { get; private set; }

    /// <summary>The MSI-X vector (no MSI-X here: <see cref="VirtioDevice.NoVector"/>).</summary>
    public ushort Vector { get; set; } = VirtioDevice.NoVector;

    internal Action<VirtQueue>? Handler { get; }

    private ushort shadowAvailIndex;
    private ushort signalledUsed;
    private bool signalledUsedValid;

    /// <summary>QEMU's <c>virtio_queue_set_num</c>: a queue in use cannot be switched off or on, nor exceed the maximum.</summary>
    public void SetNum(int num)
    {
        if ((num != 0) != (Num != 0) || num > VirtioDevice.QueueMaxSize || num < 0)
        {
            return;
        }

        Num = (ushort)num;
    }

    /// <summary>QEMU's <c>virtio_queue_set_rings</c>.</summary>
    public void SetRings(ulong desc, ulong avail, ulong used)
    {
        if (Num == 0)
        {
            return;
        }

        Desc = desc;
        Avail = avail;
        Used = used;
    }

    internal void Reset()
    {
        Desc = Avail = Used = 0;
        LastAvailIndex = shadowAvailIndex = UsedIndex = 0;
        signalledUsed = 0;
        signalledUsedValid = false;
        Vector = VirtioDevice.NoVector;
        Num = NumDefault;
        InUse = 0;
    }

    private ushort ReadAvailIndex() => shadowAvailIndex = (ushort)device.Memory.Read(Avail + 2, 2);

    private bool IsEmpty()
    {
        if (Avail == 0)
        {
            return true;
        }

        if (shadowAvailIndex != LastAvailIndex)
        {
            return false;
        }

        return ReadAvailIndex() == LastAvailIndex;
    }

    /// <summary>
    /// QEMU's <c>virtqueue_split_pop</c>: the next available chain as device-readable and
    /// device-writable buffers, or null when there is none, or when the chain is malformed (the
    /// device is then broken).
    /// </summary>
    public VirtQueueElement? Pop()
    {
        if (device.Disabled || device.Broken || IsEmpty())
        {
            return null;
        }

        if (InUse >= Num)
        {
            device.Error("Virtqueue size exceeded");
            return null;
        }

        ushort head = (ushort)device.Memory.Read(Avail + 4 + (2UL * (ulong)(LastAvailIndex % Num)), 2);
        LastAvailIndex++;
        if (head >= Num)
        {
            device.Error($"Guest says index {head} is available");
            return null;
        }

        if (device.HasGuestFeature(VirtioDevice.FeatureEventIdx))
        {
            device.Memory.Write(Used + 4 + (8UL * Num), LastAvailIndex, 2);
        }

        ulong table = Desc;
        uint max = Num;
        uint i = head;
        Descriptor desc = ReadDescriptor(table, i);
        if ((desc.Flags & DescIndirect) != 0)
        {
            if (desc.Length == 0 || desc.Length % DescSize != 0)
            {
                device.Error("Invalid size for indirect buffer table");
                return null;
            }

            table = desc.Address;
            max = desc.Length / DescSize;
            i = 0;
            desc = ReadDescriptor(table, i);
        }

        var element = new VirtQueueElement(head);
        uint entries = 0;
        while (true)
        {
            if ((desc.Flags & DescWrite) != 0)
            {
                if (!MapBuffer(element.In, desc, VirtioDevice.QueueMaxSize - element.Out.Count))
                {
                    return null;
                }
            }
            else
            {
                if (element.In.Count > 0)
                {
                    device.Error("Incorrect order for descriptors");
                    return null;
                }

                if (!MapBuffer(element.Out, desc, VirtioDevice.QueueMaxSize))
                {
                    return null;
                }
            }

            if (++entries > max)
            {
                device.Error("Looped descriptor");
                return null;
            }

            if ((desc.Flags & DescNext) == 0)
            {
                break;
            }

            i = desc.Next;
            if (i >= max)
            {
                device.Error($"Desc next is {i}");
                return null;
            }

            desc = ReadDescriptor(table, i);
        }

        InUse++;
        return element;
    }

    // QEMU's virtqueue_map_desc: a non-empty buffer (outside RAM too: QEMU bounces it, and what does not answer reads 0).
    private bool MapBuffer(List<(ulong Address, uint Length)> buffers, Descriptor desc, int maxBuffers)
    {
        if (desc.Length == 0)
        {
            device.Error("virtio: zero sized buffers are not allowed");
            return false;
        }

        if (buffers.Count == maxBuffers)
        {
            device.Error("virtio: too many write descriptors in indirect table");
            return false;
        }

        buffers.Add((desc.Address, desc.Length));
        return true;
    }

    private Descriptor ReadDescriptor(ulong table, uint index)
    {
        ulong at = table + (DescSize * (ulong)index);
        var memory = device.Memory;
        return new Descriptor(memory.Read(at, 8), (uint)memory.Read(at + 8, 4), (ushort)memory.Read(at + 12, 2), (ushort)memory.Read(at + 14, 2));
    }

    /// <summary>QEMU's <c>virtqueue_detach_element</c>: an element given back without a used entry.</summary>
    public void Detach(VirtQueueElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        InUse--;
    }

    /// <summary>QEMU's <c>virtqueue_push</c>: the used entry (head, length written), then the used index.</summary>
    public void Push(VirtQueueElement element, uint length)
    {
        ArgumentNullException.ThrowIfNull(element);
        var memory = device.Memory;
        ulong entry = Used + 4 + (8UL * (ulong)(UsedIndex % Num));
        memory.Write(entry, element.Head, 4);
        memory.Write(entry + 4, length, 4);
        ushort old = UsedIndex;
        ushort updated = (ushort)(old + 1);
        memory.Write(Used + 2, updated, 2);
        UsedIndex = updated;
        InUse--;
        if ((short)(ushort)(updated - signalledUsed) < (ushort)(updated - old))
        {
            signalledUsedValid = false;
        }
    }

    /// <summary>QEMU's <c>virtio_should_notify</c> for a split ring.</summary>
    internal bool ShouldNotify()
    {
        if (device.HasGuestFeature(VirtioDevice.FeatureNotifyOnEmpty) && InUse == 0 && IsEmpty())
        {
            return true;
        }

        if (!device.HasGuestFeature(VirtioDevice.FeatureEventIdx))
        {
            return (device.Memory.Read(Avail, 2) & AvailNoInterrupt) == 0;
        }

        bool valid = signalledUsedValid;
        signalledUsedValid = true;
        ushort old = signalledUsed;
        ushort updated = signalledUsed = UsedIndex;
        ushort usedEvent = (ushort)device.Memory.Read(Avail + 4 + (2UL * Num), 2);
        return !valid || (ushort)(updated - usedEvent - 1) < (ushort)(updated - old);
    }

    /// <summary>Copies up to <paramref name="destination"/>'s length from the element's device-readable buffers; returns how many bytes.</summary>
    public int ReadOut(VirtQueueElement element, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(element);
        int done = 0;
        foreach ((ulong address, uint length) in element.Out)
        {
            for (uint j = 0; j < length && done < destination.Length; j++)
            {
                destination[done++] = (byte)device.Memory.Read(address + j, 1);
            }
        }

        return done;
    }

    /// <summary>Copies <paramref name="source"/> into the element's device-writable buffers as far as they go; returns how many bytes.</summary>
    public int WriteIn(VirtQueueElement element, ReadOnlySpan<byte> source)
    {
        ArgumentNullException.ThrowIfNull(element);
        int done = 0;
        foreach ((ulong address, uint length) in element.In)
        {
            for (uint j = 0; j < length && done < source.Length; j++)
            {
                device.Memory.Write(address + j, source[done++], 1);
            }
        }

        return done;
    }

    private readonly record struct Descriptor(ulong Address, uint Length, ushort Flags, ushort Next);
}

/// <summary>A chain taken from a <see cref="VirtQueue"/> (QEMU's <c>VirtQueueElement</c>): the head index and the buffers.</summary>
public sealed class VirtQueueElement(ushort head)
{
    /// <summary>The chain's first descriptor, which the used entry names.</summary>
    public ushort Head { get; } = head;

    /// <summary>The device-readable buffers, in order.</summary>
    public List<(ulong Address, uint Length)> Out { get; } = [];

    /// <summary>The device-writable buffers, in order.</summary>
    public List<(ulong Address, uint Length)> In { get; } = [];

    /// <summary>The total size of the device-readable buffers.</summary>
    public ulong OutSize => Sum(Out);

    /// <summary>The total size of the device-writable buffers.</summary>
    public ulong InSize => Sum(In);

    private static ulong Sum(List<(ulong Address, uint Length)> buffers)
    {
        ulong total = 0;
        foreach ((_, uint length) in buffers)
        {
            total += length;
        }

        return total;
    }
}
