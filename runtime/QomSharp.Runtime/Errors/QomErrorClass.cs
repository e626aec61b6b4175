namespace QomSharp;

/// <summary>QEMU's QMP error classes.</summary>
public enum QomErrorClass
{
    /// <summary>Every error that has no more specific class.</summary>
    GenericError,
    /// <summary>A device, object or path that does not exist.</summary>
    DeviceNotFound,
    /// <summary>An unknown QMP command.</summary>
    CommandNotFound,
}
