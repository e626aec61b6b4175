namespace QomSharp.Qdev;

/// <summary>QEMU's <c>vmstate-if</c> interface, implemented by every device (it has no methods here).</summary>
[QomInterface("vmstate-if")]
public interface IVmStateIf;

/// <summary>QEMU's <c>resettable</c> interface, implemented by every device and bus.</summary>
[QomInterface("resettable")]
public interface IResettable;
