using System.Text.Json.Nodes;

namespace QomSharp.Devices.I386;

/// <summary>
/// A property of <c>x86_64-cpu</c> from <see cref="X86CpuPropertyTable"/>: its value sits in the
/// CPU's value array at the row's index. Scalars are writable with QEMU's type checks; the
/// crash information is read-only (and empty).
/// </summary>
internal sealed class X86CpuTableProperty(int index, X86CpuPropertyRow row)
    : QomProperty(row.Name, row.Type, row.Description)
{
    private static readonly QomEnumTable<QomSharp.Qdev.OnOffAuto> OnOffAutoTable =
        new("OnOffAuto", ["auto", "on", "off"], [QomSharp.Qdev.OnOffAuto.Auto, QomSharp.Qdev.OnOffAuto.On, QomSharp.Qdev.OnOffAuto.Off]);

    // Parsed when introspection asks, not when the class is built.
    public override JsonNode? DefaultValue => row.Default is null ? null : JsonNode.Parse(row.Default);

    public override bool CanRead => true;

    public override bool CanWrite => row.Type is "bool" or "uint8" or "uint16" or "uint32" or "uint64" or "int32" or "int" or "string" or "str" or "OnOffAuto";

    // QEMU's qdev properties (those with a default) refuse writes after realize.
    public override bool IsStatic => row.Default is not null;

    // The guest never panics here, so crash-information has nothing to show (QEMU's text).
    protected override JsonNode? Read(QomObject obj) => row.Type == "GuestPanicInformation"
        ? throw new QomException("No crash occurred")
        : X86CpuValue.ToJson(((X86Cpu)obj).Values[index]);

    protected override void Write(QomObject obj, in QomInput input)
    {
        string name = Name;
        object value = row.Type switch
        {
            "bool" => input.ReadBool(name),
            "uint8" => X86CpuValue.FromUnsigned(Unsigned(input, name, byte.MaxValue, "uint8_t")),
            "uint16" => X86CpuValue.FromUnsigned(Unsigned(input, name, ushort.MaxValue, "uint16_t")),
            "uint32" => X86CpuValue.FromUnsigned(Unsigned(input, name, uint.MaxValue, "uint32_t")),
            "uint64" => X86CpuValue.FromUnsigned(input.ReadUInt64(name)),
            "int32" => Signed(input, name, int.MinValue, int.MaxValue, "int32_t"),
            "int" => input.ReadInt64(name),
            "OnOffAuto" => OnOffAutoTable.NameOf(input.ReadEnum(name, OnOffAutoTable)),
            _ => input.ReadString(name),
        };
        ((X86Cpu)obj).Values[index] = value;
    }

    private static ulong Unsigned(in QomInput input, string name, ulong max, string cType)
    {
        ulong value = input.ReadUInt64(name);
        return value <= max ? value : throw input.OutOfRange(name, cType);
    }

    private static long Signed(in QomInput input, string name, long min, long max, string cType)
    {
        long value = input.ReadInt64(name);
        return value >= min && value <= max ? value : throw input.OutOfRange(name, cType);
    }
}
