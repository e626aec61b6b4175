namespace QomSharp.Tool.Libvirt;

/// <summary>A libvirt domain that cannot be read or translated: malformed XML, or an element libvirt itself would refuse.</summary>
internal sealed class DomainXmlException(string message, System.Exception? inner = null) : System.Exception(message, inner);
