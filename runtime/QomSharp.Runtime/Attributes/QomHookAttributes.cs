using System;

namespace QomSharp;

/// <summary>Marks a static method <c>void M(TClass klass)</c> run once as the type's class init.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class QomClassInitAttribute : Attribute;

/// <summary>
/// Marks a static method <c>void M(QomClass klass)</c> run as class base init on every descendant
/// class (nearest ancestor first), before that descendant's class init.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class QomClassBaseInitAttribute : Attribute;

/// <summary>Marks a parameterless instance method run at instance init (root type first).</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class QomInstanceInitAttribute : Attribute;

/// <summary>Marks a parameterless instance method run at instance post-init (root type first).</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class QomInstancePostInitAttribute : Attribute;

/// <summary>Marks a parameterless instance method run at finalize (leaf type first).</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class QomInstanceFinalizeAttribute : Attribute;
