namespace QomSharp.Generators.Helpers;

/// <summary>
/// The runtime's hash of a type name (QomNameTable.Hash in QomSharp.Runtime), computed here to
/// write a module's hash index: the same function over the name's UTF-16 code units read as
/// little-endian bytes. The runtime uses the index only on a little-endian machine; its tests look
/// every generated name up through it, so the two functions cannot drift apart unnoticed.
/// </summary>
internal static class TypeNameHash
{
    private const ulong K1 = 0x9E3779B97F4A7C15;
    private const ulong K2 = 0xC2B2AE3D27D4EB4F;

    public static int Of(string name)
    {
        unchecked
        {
            int length = name.Length * 2;
            ulong first;
            ulong last;
            if (length >= 8)
            {
                first = Read(name, 0, 8);
                last = Read(name, length - 8, 8);
                if (length > 24)
                {
                    first ^= Read(name, (length / 2) - 4, 8) * K2;
                }
            }
            else if (length >= 4)
            {
                first = Read(name, 0, 4);
                last = Read(name, length - 4, 4);
            }
            else
            {
                first = length >= 2 ? Read(name, 0, 2) : 0UL;
                last = 0;
            }

            ulong h = ((first * K1) ^ (last * K2)) + (ulong)length;
            h = (h ^ (h >> 32)) * K1;
            return (int)(h >> 33);
        }
    }

    // `size` bytes of the name's UTF-16 code units from byte `offset`, little-endian.
    private static ulong Read(string name, int offset, int size)
    {
        ulong value = 0;
        for (int b = 0; b < size; b++)
        {
            int at = offset + b;
            char c = name[at / 2];
            ulong octet = (at & 1) == 0 ? (ulong)(c & 0xFF) : (ulong)(c >> 8);
            value |= octet << (8 * b);
        }

        return value;
    }
}
