namespace QomSharp;

/// <summary>
/// A generated property's write as one method: <paramref name="input"/> converted by the property
/// (<c>ConvertInput</c> of <see cref="QomBoolProperty"/>, <see cref="QomStringProperty"/>,
/// <see cref="QomIntegerProperty{TValue}"/> or <see cref="QomEnumProperty{TEnum}"/>) and stored in
/// <paramref name="obj"/>'s member, with direct calls where the property's own write calls the
/// kind's conversion and the setter delegate through virtual and delegate calls. The source
/// generator emits one per declared property with a setter; the runtime calls it after the checks
/// of a property write (writable, not vetoed), exactly where the property's own write would run.
/// </summary>
/// <param name="obj">The object written (an instance of the declaring class).</param>
/// <param name="property">The property written: the writer's own descriptor.</param>
/// <param name="input">The value, with the rules of the path it came by.</param>
public delegate void QomPropertyWriter(QomObject obj, QomProperty property, in QomInput input);
