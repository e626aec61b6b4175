namespace QomSharp.Qdev;

public abstract partial class Machine
{
    private QomObject? memoryBackend;

    /// <summary>
    /// The id <c>-machine memory-backend=ID</c> names (QEMU keeps it aside as a legacy option and
    /// resolves it once the backends exist: <see cref="ResolveMemoryBackend"/>).
    /// </summary>
    public string? MemoryBackendId { get; set; }

    /// <summary>The backend the machine's RAM comes from (<c>memory-backend</c>), once resolved or created.</summary>
    public QomObject? MemoryBackend => memoryBackend;

    /// <summary>The machine's RAM region (QEMU's <c>MachineState.ram</c>), once the board is being built.</summary>
    public Memory.MemoryRegion? Ram { get; private set; }

    // QEMU's machine_class_init: the RAM backend link, settable with any backend.
    private static void AddMemoryBackendProperty(MachineClass klass) =>
        klass.AddProperty(new QomLinkProperty("memory-backend", "memory-backend", static o => ((Machine)o).memoryBackend,
            static (o, v) => QomLinkProperty.ExchangeStrong(ref ((Machine)o).memoryBackend, v), QomLinkProperty.AllowSet, strong: true,
            description: "Set RAM backendValid value is ID of hostmem based backend"));

    /// <summary>
    /// QEMU's <c>qemu_resolve_machine_memdev</c>: finds the backend <see cref="MemoryBackendId"/>
    /// names (a partial path to a <c>memory-backend</c>); without a size of its own (<c>-m</c>), the
    /// machine's RAM takes the backend's.
    /// </summary>
    public void ResolveMemoryBackend()
    {
        if (MemoryBackendId is not { } id)
        {
            return;
        }

        var backend = Context.ResolvePath(id, "memory-backend", out _)
            ?? throw new QomException($"Memory backend '{id}' not found");
        if (!Memory.HasCustomSize && backend is IMemoryBackend sized)
        {
            Memory = Memory with { Size = sized.Size };
        }

        SetPropertyLink("memory-backend", backend);
    }

    /// <summary>
    /// QEMU's <c>machine_run_board_init</c> up to the board's own init: a backend given must have the
    /// RAM's size; without one, the default RAM backend (<c>/objects/</c> + the class's
    /// <see cref="MachineClass.DefaultRamId"/>, a <c>memory-backend-ram</c>) is created for a
    /// machine with RAM, unless the id is taken; then the machine takes the backend's region.
    /// </summary>
    private void SetUpRam()
    {
        ulong ramSize = Memory.Size;
        if (memoryBackend is IMemoryBackend given)
        {
            if (given.Size != ramSize)
            {
                throw new QomException("Machine memory size does not match the size of the memory backend");
            }
        }
        else if (ramSize != 0 && Context.FindClass("memory-backend-ram") is not null)
        {
            CreateDefaultRamBackend(ramSize);
        }

        if (memoryBackend is IMemoryBackend backend)
        {
            // QEMU's machine_consume_memdev.
            if (backend.IsMapped)
            {
                throw new QomException($"memory backend {memoryBackend.CanonicalPathComponent} can't be used multiple times.");
            }

            backend.IsMapped = true;
            Ram = backend.Memory;
        }
    }

    // QEMU's create_default_memdev, after the check that the id is free.
    private void CreateDefaultRamBackend(ulong ramSize)
    {
        string id = MachineClass.DefaultRamId;
        var objects = Context.GetRootContainer("objects");
        if (objects.FindProperty(id) is not null)
        {
            throw new QomException(
                $"object's id '{id}' is reserved for the default RAM backend, it can't be used for any other purposes",
                hint: $"Change the object's 'id' to something else or disable automatic creation of the default RAM backend by setting 'memory-backend={id}' with '-machine'.\n");
        }

        var backend = Context.New("memory-backend-ram");
        try
        {
            backend.SetPropertyValue("size", QomInput.FromUInt(ramSize));
            objects.AddChild(id, backend);
            // The region is named by the id, not the path.
            backend.SetPropertyValue("x-use-canonical-path-for-ramblock-id", QomInput.FromBool(false));
            ((IUserCreatable)backend).Complete();
            SetPropertyLink("memory-backend", backend);
        }
        catch (QomException)
        {
            // A refused backend (a -global on it, say) leaves nothing under /objects.
            if (backend.Parent is not null)
            {
                backend.Unparent();
            }

            throw;
        }
        finally
        {
            backend.Unref();
        }
    }
}
