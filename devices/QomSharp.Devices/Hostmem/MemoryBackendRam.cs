namespace QomSharp.Devices.Hostmem;

/// <summary>QEMU's <c>memory-backend-ram</c> (backends/hostmem-ram.c): anonymous memory, the machine's default RAM backend.</summary>
[QomType("memory-backend-ram")]
public sealed partial class MemoryBackendRam : HostMemoryBackend
{
}

/// <summary>QEMU's <c>memory-backend-shm</c> (backends/hostmem-shm.c): POSIX shared memory, always shared.</summary>
[QomType("memory-backend-shm")]
public sealed partial class MemoryBackendShm : HostMemoryBackend
{
    [QomInstanceInit]
    private void InitShm() => Share = true;

    /// <inheritdoc/>
    protected override void CheckAllocation()
    {
        base.CheckAllocation();
        if (!Share)
        {
            throw new QomException("can't create shm backend with `share=off`");
        }
    }
}
