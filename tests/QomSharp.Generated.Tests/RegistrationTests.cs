using QomSharp.Generated.Tests.Types;

namespace QomSharp.Generated.Tests;

/// <summary>Generated modules register every type by name, with parents, flags and interfaces.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public void TypesAreFoundByNameWithTheirParents()
    {
        var context = new QomContext();
        Assert.Equal("e2e-base", context.FindType("e2e-device")!.ParentName);
        Assert.Equal("object", context.FindType("e2e-base")!.ParentName);
        Assert.Equal("interface", context.FindType("e2e-port")!.ParentName);
        Assert.Equal("e2e-port", context.FindType("e2e-fast-port")!.ParentName);

        var device = context.GetClass("e2e-device");
        Assert.Equal("e2e-base", device.Parent!.Name);
        Assert.Equal("object", device.Parent.Parent!.Name);
        Assert.True(context.GetClass("e2e-port").IsInterface);
        Assert.True(context.GetClass("e2e-port").IsAbstract);
    }

    [Fact]
    public void TypedNewBindsToTheQomName()
    {
        var context = new QomContext();
        var device = context.New<E2eDevice>();
        Assert.Equal("e2e-device", device.TypeName);
        Assert.Equal("e2e-device", E2eDevice.QomTypeName);
        Assert.Equal("e2e-base", E2eBase.QomTypeName);
    }

    [Fact]
    public void TypedNewFindsTypesOfEveryModule()
    {
        var context = new QomContext();
        Assert.Equal("container", context.New<QomContainer>().TypeName);
        Assert.Equal("e2e-target", context.New<E2eTarget>().TypeName);
        Assert.IsType<E2eDevice>(Qom.New<E2eDevice>());
    }

    [Fact]
    public void TypedNewOfAnAbstractTypeIsRefusedWithQemuText()
    {
        var context = new QomContext();
#pragma warning disable QOM0201 // the analyzer rejects this at compile time; the test proves the run-time refusal too
        var error = Assert.Throws<QomFatalException>(() => context.New<E2eBase>());
#pragma warning restore QOM0201
        Assert.Equal("object type 'e2e-base' is abstract", error.Message);
    }

    [Fact]
    public void TypedNewOfAClassWithoutQomTypeIsRefused()
    {
        var context = new QomContext();
#pragma warning disable QOM0205 // the analyzer rejects this at compile time; the test proves the run-time refusal too
        var error = Assert.Throws<QomFatalException>(() => context.New<NotAQomType>());
        Assert.Equal($"'{typeof(NotAQomType)}' is not a generated QOM type", error.Message);

        // Refused again, not from a cache of the first failure.
        Assert.Throws<QomFatalException>(() => context.New<NotAQomType>());
#pragma warning restore QOM0205
    }

    /// <summary>A QomObject subclass the generator knows nothing of (no [QomType]).</summary>
    private sealed class NotAQomType : QomObject
    {
    }

    [Fact]
    public void AbstractTypeIsRefusedWithQemuText()
    {
        var context = new QomContext();
#pragma warning disable QOM0201 // the analyzer rejects this at compile time; the test proves the run-time refusal too
        var error = Assert.Throws<QomFatalException>(() => context.New("e2e-base"));
#pragma warning restore QOM0201
        Assert.Equal("object type 'e2e-base' is abstract", error.Message);
    }

    [Fact]
    public void CastsReachAncestorsAndInterfaces()
    {
        var context = new QomContext();
        var device = context.New("e2e-device");
        Assert.Same(device, device.DynamicCast("e2e-base"));
        Assert.Same(device, device.DynamicCast("object"));
        Assert.Same(device, device.DynamicCast("e2e-fast-port"));
        Assert.Same(device, device.DynamicCast("e2e-port"));
        Assert.Null(device.DynamicCast("e2e-target"));
        Assert.IsAssignableFrom<IE2ePort>(device);
    }

    [Fact]
    public void RuntimeTypesComeFromTheGeneratedRuntimeModule()
    {
        var context = new QomContext();
        var device = context.New("e2e-device");
        var type = device.GetPropertyOrThrow("type");
        Assert.Equal("string", type.Type);
        Assert.False(type.CanWrite);
        Assert.Equal("e2e-device", device.GetPropertyString("type"));
        Assert.Equal("object", context.GetClass("container").Parent!.Name);
        Assert.Null(context.FindType("interface")!.ParentName);
        Assert.Equal("object", QomObject.QomTypeName);
        Assert.Equal("container", QomContainer.QomTypeName);
    }

    [Fact]
    public void TypeOfAReferencedAssemblyIsFoundByNameOnly()
    {
        // This assembly never names the library's types: its module reaches the library's module.
        var klass = new QomContext().FindClass("e2e-library-device");
        Assert.NotNull(klass);
        Assert.Equal("object", klass.Parent!.Name);
        var device = klass.CreateInstance();
        Assert.Equal(7, device.GetPropertyInt("serial"));
    }
}
