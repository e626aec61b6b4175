using QomSharp.Memory;

namespace QomSharp.Devices.Ich9;

/// <summary>
/// The SMBus host registers behind ICH9-SMB's BAR4 as QEMU 10.0's <c>pm_smbus</c> has them (one
/// byte at a time): status (write 1 to clear; a transaction started without interrupts runs when
/// the guest next reads it), control (start, kill, protocol; reads without the start and PEC
/// bits), command, address, data 0 and 1, block data and the auxiliary control register (32-byte
/// block buffer). The status interrupt goes out on INTA while the control register enables it.
/// </summary>
public sealed partial class Ich9Smbus
{
    private const byte StsHostBusy = 0x01;
    private const byte StsIntr = 0x02;
    private const byte StsDevErr = 0x04;
    private const byte StsFailed = 0x10;
    private const byte StsByteDone = 0x80;
    private const byte CtlIntrEn = 0x01;
    private const byte CtlKill = 0x02;
    private const byte CtlLastByte = 0x20;
    private const byte CtlStart = 0x40;
    private const byte AuxBlock = 0x02;
    private const int MaxMessage = 32;

    private readonly byte[] block = new byte[MaxMessage];
    private byte status;
    private byte control;
    private byte command;
    private byte address;
    private byte data0;
    private byte data1;
    private byte auxControl;
    private byte blockData;
    private int index;
    private bool operationDone = true;
    private bool inI2cBlockRead;
    private bool startOnStatusRead;
    private bool i2cEnable;
    private bool irqLevel;

    private I2c.I2cBus Smbus => I2cBus!;

    // QEMU's smb_transaction.
    private void Transaction()
    {
        int protocol = (control >> 2) & 7;
        bool read = (address & 1) != 0;
        byte target = (byte)(address >> 1);
        if ((status & StsDevErr) != 0)
        {
            status |= StsDevErr;
            return;
        }

        int result;
        switch (protocol)
        {
            case 0:
                result = QuickCommand(target, read);
                break;
            case 1:
                result = read ? ReceiveByte(target) : WriteBytes(target, [command]);
                if (read && result >= 0)
                {
                    data0 = (byte)result;
                }

                break;
            case 2:
                result = read ? ReadByte(target, command) : WriteBytes(target, [command, data0]);
                if (read && result >= 0)
                {
                    data0 = (byte)result;
                }

                break;
            case 3:
                result = read ? ReadWord(target, command) : WriteBytes(target, [command, data0, data1]);
                if (read && result >= 0)
                {
                    data1 = (byte)(result >> 8);
                    data0 = (byte)result;
                }

                break;
            case 6:
                // I2C block read (the read bit ignored): the offset in data 1, then byte by byte.
                if (Smbus.StartTransfer(target, false))
                {
                    status |= StsDevErr;
                    return;
                }

                if (Smbus.Send(data1) || Smbus.StartTransfer(target, true))
                {
                    status |= StsDevErr;
                    return;
                }

                inI2cBlockRead = true;
                blockData = Smbus.Receive();
                operationDone = false;
                status |= StsHostBusy | StsByteDone;
                return;
            case 5:
                BlockTransaction(target, read);
                return;
            default:
                status |= StsDevErr;
                return;
        }

        status |= result < 0 ? StsDevErr : StsIntr;
    }

    private void BlockTransaction(byte target, bool read)
    {
        if (read)
        {
            int result = ReadBlock(target, command, !i2cEnable);
            if (result < 0)
            {
                status |= StsDevErr;
                return;
            }

            index = 0;
            operationDone = false;
            if ((auxControl & AuxBlock) != 0)
            {
                status |= StsIntr;
            }
            else
            {
                blockData = block[0];
                status |= StsHostBusy | StsByteDone;
            }

            data0 = (byte)result;
        }
        else if ((auxControl & AuxBlock) != 0)
        {
            if (index != data0)
            {
                index = 0;
                status |= StsDevErr;
                return;
            }

            index = 0;
            if (WriteBlock(target, command, data0, !i2cEnable) < 0)
            {
                status |= StsDevErr;
                return;
            }

            operationDone = true;
            status |= StsIntr;
            status &= unchecked((byte)~StsHostBusy);
        }
        else
        {
            operationDone = false;
            status |= StsHostBusy | StsByteDone;
            block[0] = blockData;
            index = 0;
        }
    }

    // QEMU's smbus_master helpers.
    private int QuickCommand(byte target, bool read)
    {
        if (Smbus.StartTransfer(target, read))
        {
            return -1;
        }

        Smbus.EndTransfer();
        return 0;
    }

    private int ReceiveByte(byte target)
    {
        if (Smbus.StartTransfer(target, true))
        {
            return -1;
        }

        byte value = Smbus.Receive();
        Smbus.Nack();
        Smbus.EndTransfer();
        return value;
    }

    private int WriteBytes(byte target, System.ReadOnlySpan<byte> bytes)
    {
        if (Smbus.StartTransfer(target, false))
        {
            return -1;
        }

        foreach (byte b in bytes)
        {
            Smbus.Send(b);
        }

        Smbus.EndTransfer();
        return 0;
    }

    // The write of the command byte, then the restart as a read that every read with a command begins with.
    private bool StartCommandRead(byte target, byte cmd)
    {
        if (Smbus.StartTransfer(target, false))
        {
            return false;
        }

        Smbus.Send(cmd);
        if (Smbus.StartTransfer(target, true))
        {
            Smbus.EndTransfer();
            return false;
        }

        return true;
    }

    private int ReadByte(byte target, byte cmd)
    {
        if (!StartCommandRead(target, cmd))
        {
            return -1;
        }

        byte value = Smbus.Receive();
        Smbus.Nack();
        Smbus.EndTransfer();
        return value;
    }

    private int ReadWord(byte target, byte cmd)
    {
        if (!StartCommandRead(target, cmd))
        {
            return -1;
        }

        int value = Smbus.Receive();
        value |= Smbus.Receive() << 8;
        Smbus.Nack();
        Smbus.EndTransfer();
        return value;
    }

    // QEMU's smbus_read_block with the command sent: the length first unless I2C is enabled.
    private int ReadBlock(byte target, byte cmd, bool receiveLength)
    {
        if (!StartCommandRead(target, cmd))
        {
            return -1;
        }

        int length = receiveLength ? Smbus.Receive() : MaxMessage;
        if (length > MaxMessage)
        {
            length = 0;
        }

        for (int i = 0; i < length; i++)
        {
            block[i] = Smbus.Receive();
        }

        Smbus.Nack();
        Smbus.EndTransfer();
        return length;
    }

    private int WriteBlock(byte target, byte cmd, int length, bool sendLength)
    {
        length = System.Math.Min(length, MaxMessage);
        if (Smbus.StartTransfer(target, false))
        {
            return -1;
        }

        Smbus.Send(cmd);
        if (sendLength)
        {
            Smbus.Send((byte)length);
        }

        for (int i = 0; i < length; i++)
        {
            Smbus.Send(block[i]);
        }

        Smbus.EndTransfer();
        return 0;
    }

    // QEMU's smb_transaction_start.
    private void StartTransaction()
    {
        if ((control & CtlIntrEn) != 0)
        {
            Transaction();
            startOnStatusRead = false;
        }
        else
        {
            status |= StsHostBusy;
            startOnStatusRead = true;
        }
    }

    private bool ByteByByte => !operationDone && (inI2cBlockRead || (auxControl & AuxBlock) == 0);

    // QEMU's smb_ioport_writeb.
    private void WriteRegister(ulong offset, byte value)
    {
        switch (offset)
        {
            case 0x00:
                WriteStatus(value);
                break;
            case 0x02:
                control = (byte)(value & ~CtlStart);
                if ((value & CtlStart) != 0)
                {
                    if (!operationDone)
                    {
                        index = 0;
                        operationDone = true;
                        if (inI2cBlockRead)
                        {
                            inI2cBlockRead = false;
                            Smbus.EndTransfer();
                        }
                    }

                    StartTransaction();
                }

                if ((control & CtlKill) != 0)
                {
                    operationDone = true;
                    index = 0;
                    status |= StsFailed;
                    status &= unchecked((byte)~StsHostBusy);
                }

                break;
            case 0x03: command = value; break;
            case 0x04: address = value; break;
            case 0x05: data0 = value; break;
            case 0x06: data1 = value; break;
            case 0x07:
                if (index >= MaxMessage)
                {
                    index = 0;
                }

                if ((auxControl & AuxBlock) != 0)
                {
                    block[index++] = value;
                }
                else
                {
                    blockData = value;
                }

                break;
            case 0x0d: auxControl = (byte)(value & 0x3); break;
        }

        UpdateIrq();
    }

    private void WriteStatus(byte value)
    {
        bool clearByteDone = (status & value & StsByteDone) != 0;
        status &= (byte)~(value & ~StsHostBusy);
        if (!clearByteDone || !ByteByByte)
        {
            return;
        }

        bool read = (address & 1) != 0 || inI2cBlockRead;
        index++;
        if (index >= MaxMessage)
        {
            index = 0;
        }

        if (!read && index == data0)
        {
            int protocol = (control >> 2) & 7;
            byte target = (byte)(address >> 1);
            if (protocol == 6 || WriteBlock(target, command, data0, !i2cEnable) < 0)
            {
                status |= StsDevErr;
                return;
            }

            operationDone = true;
            status |= StsIntr;
            status &= unchecked((byte)~StsHostBusy);
        }
        else if (!read)
        {
            block[index] = blockData;
            status |= StsByteDone;
        }
        else if ((control & CtlLastByte) != 0)
        {
            operationDone = true;
            if (inI2cBlockRead)
            {
                inI2cBlockRead = false;
                blockData = Smbus.Receive();
                Smbus.Nack();
                Smbus.EndTransfer();
            }
            else
            {
                blockData = block[index];
            }

            index = 0;
            status |= StsIntr;
            status &= unchecked((byte)~StsHostBusy);
        }
        else
        {
            blockData = inI2cBlockRead ? Smbus.Receive() : block[index];
            status |= StsByteDone;
        }
    }

    // QEMU's smb_ioport_readb.
    private byte ReadRegister(ulong offset)
    {
        byte value;
        switch (offset)
        {
            case 0x00:
                value = status;
                if (startOnStatusRead)
                {
                    startOnStatusRead = false;
                    status &= unchecked((byte)~StsHostBusy);
                    Transaction();
                }

                break;
            case 0x02: value = (byte)(control & 0x1f); break;
            case 0x03: value = command; break;
            case 0x04: value = address; break;
            case 0x05: value = data0; break;
            case 0x06: value = data1; break;
            case 0x07:
                if ((auxControl & AuxBlock) != 0 && !inI2cBlockRead)
                {
                    if (index >= MaxMessage)
                    {
                        index = 0;
                    }

                    value = block[index++];
                    if (!operationDone && index == data0)
                    {
                        operationDone = true;
                        index = 0;
                        status &= unchecked((byte)~StsHostBusy);
                    }
                }
                else
                {
                    value = blockData;
                }

                break;
            case 0x0d: value = auxControl; break;
            default: value = 0; break;
        }

        UpdateIrq();
        return value;
    }

    // QEMU's smb_irq_value through ich9_smb_set_irq.
    private void UpdateIrq()
    {
        bool level = (status & ~StsHostBusy) != 0 && (control & CtlIntrEn) != 0;
        if (level != irqLevel)
        {
            irqLevel = level;
            SetIntx(level);
        }
    }

    // QEMU's pm_smbus_reset (the host configuration's soft reset bit).
    private void ResetHost()
    {
        operationDone = true;
        index = 0;
        status = 0;
    }

    // The host configuration register (0x40): HST_EN shows the registers, I2C_EN, SSRESET.
    private void HostConfigurationWritten(byte hostc)
    {
        SetBarRegionEnabled(4, (hostc & 0x1) != 0);
        i2cEnable = (hostc & 0x4) != 0;
        if ((hostc & 0x8) != 0)
        {
            ResetHost();
        }
    }

    // One byte at a time (valid.max_access_size 1): wider accesses go byte by byte.
    private sealed class SmbusOps(Ich9Smbus device) : IMemoryRegionOps
    {
        public int MaxAccessSize => 1;

        public ulong Read(ulong offset, int size)
        {
            ulong value = 0;
            for (int i = 0; i < size; i++)
            {
                value |= (ulong)device.ReadRegister(offset + (ulong)i) << (8 * i);
            }

            return value;
        }

        public void Write(ulong offset, ulong value, int size)
        {
            for (int i = 0; i < size; i++)
            {
                device.WriteRegister(offset + (ulong)i, (byte)(value >> (8 * i)));
            }
        }
    }
}
