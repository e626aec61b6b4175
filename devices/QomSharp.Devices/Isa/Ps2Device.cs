using QomSharp.Qdev;

namespace QomSharp.Devices.Isa;

/// <summary>
/// QEMU's <c>ps2-device</c> (abstract): a PS/2 keyboard or mouse behind an i8042, on the system bus.
/// It keeps the bytes it sends in a queue (16 bytes for what it sends of its own, and the
/// keyboard's command replies ahead of them) and raises its line to the controller while the queue
/// holds any.
/// </summary>
[QomType("ps2-device", Abstract = true)]
public abstract partial class Ps2Device : SysBusDevice, Machines.IResetDevice
{
    void Machines.IResetDevice.Reset() => ResetDevice();

    // The commands both devices take by the same code (QEMU's KBD_CMD_* and AUX_*: identify, the
    // keyboard's typematic rate or the mouse's sample rate, enable, disable, defaults, reset) and
    // the replies they share.
    private protected const byte CommandGetId = 0xf2;
    private protected const byte CommandSetRate = 0xf3;
    private protected const byte CommandEnable = 0xf4;
    private protected const byte CommandDisable = 0xf5;
    private protected const byte CommandDefaults = 0xf6;
    private protected const byte CommandReset = 0xff;
    private protected const byte ReplyAck = 0xfa;
    private protected const byte ReplySelfTestPassed = 0xaa;

    // QEMU's PS2_QUEUE_SIZE and PS2_BUFFER_SIZE.
    private const int QueueSize = 16;
    private const int BufferSize = 256;

    private readonly byte[] data = new byte[BufferSize];
    private int readIndex;
    private int writeIndex;
    private int commandWriteIndex = -1;
    private int count;

    /// <summary>The command whose argument byte is awaited, or -1 (QEMU's <c>write_cmd</c>).</summary>
    private protected int WriteCommand { get; set; } = -1;

    [QomClassInit]
    private static void InitPs2DeviceClass(DeviceClass klass) => klass.UserCreatable = false;

    // QEMU's ps2_init: the IRQ output to the controller.
    [QomInstanceInit]
    private void CreateOutput() => InitGpioOut(1);

    private protected int QueueCount => count;

    private void SetIrq(int level)
    {
        if (GetPropertyLink($"{UnnamedGpioOut}[0]") is Irq line)
        {
            line.Set(level);
        }
    }

    // QEMU's ps2_reset_queue.
    private protected void ResetQueue()
    {
        readIndex = 0;
        writeIndex = 0;
        commandWriteIndex = -1;
        count = 0;
    }

    private void Put(byte value)
    {
        if (count >= QueueSize)
        {
            return;
        }

        data[writeIndex] = value;
        writeIndex = (writeIndex + 1) % BufferSize;
        count++;
    }

    /// <summary>QEMU's <c>ps2_queue</c>..<c>ps2_queue_4</c>: the bytes, all or none, if the 16-byte queue has room; the line raised.</summary>
    private protected void Queue(params System.ReadOnlySpan<byte> bytes)
    {
        if (QueueSize - count < bytes.Length)
        {
            return;
        }

        foreach (byte b in bytes)
        {
            Put(b);
        }

        SetIrq(1);
    }

    /// <summary>A byte queued without raising the line (QEMU's <c>ps2_queue_noirq</c>), then <see cref="RaiseIrq"/>.</summary>
    private protected bool HasRoom(int needed) => QueueSize - count >= needed;

    private protected void QueueNoIrq(byte value) => Put(value);

    private protected void RaiseIrq() => SetIrq(1);

    /// <summary>QEMU's <c>ps2_cqueue_N</c>: command replies put ahead of the queued bytes, whatever the room.</summary>
    private protected void QueueCommandReply(params System.ReadOnlySpan<byte> bytes)
    {
        readIndex = (readIndex - bytes.Length) & (BufferSize - 1);
        commandWriteIndex = readIndex;
        foreach (byte b in bytes)
        {
            data[commandWriteIndex] = b;
            commandWriteIndex = (commandWriteIndex + 1) % BufferSize;
            count++;
        }

        SetIrq(1);
    }

    /// <summary>QEMU's <c>ps2_cqueue_reset</c>: command replies not read yet are dropped.</summary>
    private protected void DropCommandReplies()
    {
        if (commandWriteIndex == -1)
        {
            return;
        }

        count -= (commandWriteIndex - readIndex) & (BufferSize - 1);
        readIndex = commandWriteIndex;
        commandWriteIndex = -1;
    }

    /// <summary>
    /// QEMU's <c>ps2_read_data</c>: the next byte, the line lowered and raised again if more wait;
    /// with nothing queued, the byte read last.
    /// </summary>
    internal byte ReadData()
    {
        if (count == 0)
        {
            return data[(readIndex - 1) & (BufferSize - 1)];
        }

        byte value = data[readIndex];
        readIndex = (readIndex + 1) % BufferSize;
        count--;
        if (readIndex == commandWriteIndex)
        {
            commandWriteIndex = -1;
        }

        SetIrq(0);
        if (count != 0)
        {
            SetIrq(1);
        }

        return value;
    }

    /// <summary>QEMU's <c>ps2_queue</c> for the controller without extended state: a byte as if the device sent it.</summary>
    internal void QueueByte(byte value) => Queue(value);

    /// <summary>QEMU's <c>ps2_reset</c> (then the keyboard's or mouse's own): the queue emptied, the line lowered.</summary>
    internal virtual void ResetDevice()
    {
        WriteCommand = -1;
        ResetQueue();
        SetIrq(0);
    }
}
