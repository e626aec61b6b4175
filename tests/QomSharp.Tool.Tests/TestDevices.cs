using QomSharp.Memory;
using QomSharp.Qdev;

namespace QomSharp.Tool.Tests;

/// <summary>A bus for tests: at most two devices; hot-pluggable when its bridge is.</summary>
[QomType("test-bus")]
public sealed partial class TestBus : Bus
{
    [QomClassInit]
    private static void InitTestBusClass(BusClass klass) => klass.MaxDevices = 2;
}

/// <summary>A device without a bus, with a property of each common kind.</summary>
[QomType("test-busless")]
public sealed partial class TestBuslessDevice : Device
{
    [QomProperty("level", Default = 3)] public partial byte Level { get; set; }
    [QomProperty("label")] public partial string? Label { get; set; }
    [QomProperty("fail-realize", Default = false)] public partial bool FailRealize { get; set; }

    [QomClassInit]
    private static void InitClass(DeviceClass klass)
    {
        klass.Description = "bus-less test device";
        klass.Categories = DeviceCategories.Misc;
    }

    /// <summary>An instance property added at instance init (QEMU's "dynamic" properties).</summary>
    public uint DynamicLevel { get; private set; }

    [QomInstanceInit]
    private void AddDynamicProperty() =>
        AddProperty(new QomIntegerProperty<uint>("dyn-level", static o => ((TestBuslessDevice)o).DynamicLevel, static (o, v) => ((TestBuslessDevice)o).DynamicLevel = v));

    protected override void Realize()
    {
        if (FailRealize)
        {
            throw new QomException("test-busless: realize refused");
        }

        base.Realize();
    }
}

/// <summary>A sysbus device providing a <c>test-bus</c> named after its id; it handles hot-plug on that bus.</summary>
[QomType("test-bridge")]
public sealed partial class TestBridge : SysBusDevice, IHotplugHandler
{
    [QomProperty("hotplug", Default = true)] public partial bool Hotplug { get; set; }
    [QomProperty("base", Default = 0xfe000000UL)] public partial ulong Base { get; set; }

    public TestBus? Secondary { get; private set; }

    [QomClassInit]
    private static void InitClass(DeviceClass klass) => klass.Categories = DeviceCategories.Bridge;

    protected override void Realize()
    {
        Secondary = (TestBus)Bus.Create(Context, TestBus.QomTypeName, this, null);
        if (Hotplug)
        {
            Secondary.SetHotplugHandler(this);
        }

        InitMmio(MemoryRegion.Create(this, "test-bridge-regs", 0x1000, new Registers()));
        MapMmio(0, Base);
        base.Realize();
    }

    private sealed class Registers : IMemoryRegionOps
    {
        private ulong scratch = 0x1234;

        public ulong Read(ulong offset, int size) => offset == 0 ? 0x5a5a_0001UL : offset == 8 ? scratch : 0;

        public void Write(ulong offset, ulong value, int size)
        {
            if (offset == 8)
            {
                scratch = value;
            }
        }
    }
}

/// <summary>A device that plugs into a <c>test-bus</c>.</summary>
[QomType("test-leaf")]
public sealed partial class TestLeaf : Device
{
    [QomProperty("slot", Default = -1)] public partial int Slot { get; set; }

    [QomClassInit]
    private static void InitClass(DeviceClass klass)
    {
        klass.BusType = TestBus.QomTypeName;
        klass.Categories = DeviceCategories.Misc;
        klass.Description = "test leaf";
    }
}

/// <summary>A device users may not create.</summary>
[QomType("test-internal")]
public sealed partial class TestInternalDevice : Device
{
    [QomClassInit]
    private static void InitClass(DeviceClass klass) => klass.UserCreatable = false;
}

/// <summary>A user-creatable object with a property and a completion check.</summary>
[QomType("test-object")]
public sealed partial class TestObject : QomObject, IUserCreatable
{
    [QomProperty("size", Size = true, Default = 0UL)] public partial ulong Size { get; set; }

    public bool InUse { get; set; }

    void IUserCreatable.Complete()
    {
        if (Size == 13)
        {
            throw new QomException("test-object: unlucky size");
        }
    }

    bool IUserCreatable.CanBeDeleted() => !InUse;
}

/// <summary>A board for tests: allows <c>test-bridge</c> as a dynamic sysbus device.</summary>
[QomType("test-board-machine")]
public sealed partial class TestMachine : Machine
{
    [QomClassInit]
    private static void InitClass(MachineClass klass) => klass.Description = "test board";

    public override bool AllowsDynamicSysBusDevice(string typeName) => typeName == TestBridge.QomTypeName;
}
