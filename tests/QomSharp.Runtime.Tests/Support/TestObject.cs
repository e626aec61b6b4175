using System;
using QomSharp;

namespace QomSharp.Runtime.Tests;

/// <summary>The instance type of run-time test types: one field per property kind.</summary>
internal class TestObject : QomObject
{
    public bool Bool;
    public byte U8;
    public ushort U16;
    public uint U32;
    public ulong U64;
    public sbyte I8;
    public short I16;
    public int I32;
    public long I64;
    public ulong Size;
    public string? Str;
    public Animal Animal;
    public QomObject? Link;

    /// <summary>Runs in the unparent hook (QEMU's class <c>unparent</c>), while the parent is still set.</summary>
    public Action<TestObject>? Unparenting;

    protected internal override void OnUnparent()
    {
        Unparenting?.Invoke(this);
        base.OnUnparent();
    }
}

/// <summary>The enum of check-qom-proplist (QEMU's DummyAnimal).</summary>
internal enum Animal
{
    Frog,
    Alligator,
    Platypus,
}
