namespace QomSharp.Generators;

/// <summary>Tracking names of the generator's pipeline steps (incrementality tests look them up).</summary>
internal static class StepNames
{
    public const string TypeSpec = "QomTypeSpec";
    public const string InterfaceEntry = "QomInterfaceEntry";
    public const string RegistryEntry = "QomRegistryEntry";
    public const string ModuleInfo = "QomModuleInfo";
    public const string Module = "QomModule";
    public const string AddedPropertyNames = "QomAddedPropertyNames";
}
