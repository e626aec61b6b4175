// W8 times registering these types: the module is added by the W8 program inside its timed window,
// not when the assembly loads (NativeAOT would run a module initializer at process start).
[assembly: QomSharp.QomExplicitRegistration]
