using System.IO;
using System.Text.Json.Nodes;
using QomSharp.Qdev;

namespace QomSharp.Devices.Hostmem;

/// <summary>
/// QEMU's <c>memory-backend-file</c> (backends/hostmem-file.c): memory mapped from <c>mem-path</c>.
/// Completing it checks the path against the real file system as QEMU's open does (a missing file,
/// a directory opened read-only, a file smaller than <c>size</c> plus <c>offset</c>) and the
/// alignment against the page size of the file system (huge pages on hugetlbfs), but creates,
/// truncates and maps nothing.
/// </summary>
[QomType("memory-backend-file")]
public sealed partial class MemoryBackendFile : HostMemoryBackend
{
    private const ulong PageSize = 4096;

    private static readonly QomEnumTable<OnOffAuto> OnOffAutoTable = new("OnOffAuto", ["auto", "on", "off"], [OnOffAuto.Auto, OnOffAuto.On, OnOffAuto.Off]);

    /// <summary>The file or directory the memory comes from (<c>mem-path</c>).</summary>
    public string? MemPath { get; private set; }

    /// <summary>The mapping's alignment (<c>align</c>); 0 for the page size.</summary>
    public ulong Align { get; private set; }

    /// <summary>Where in the file the memory starts (<c>offset</c>).</summary>
    public ulong Offset { get; private set; }

    /// <summary>Whether the file is opened read-only (<c>readonly</c>).</summary>
    public bool ReadOnly { get; private set; }

    /// <summary>Whether the guest sees read-only memory (<c>rom</c>; <c>auto</c> follows <c>readonly</c> at completion).</summary>
    public OnOffAuto Rom { get; private set; }

    private bool discardData;
    private bool pmem;

    [QomClassInit]
    private static void InitFileClass(MemoryBackendClass klass)
    {
        klass.AddProperty(new QomBoolProperty("readonly", static o => ((MemoryBackendFile)o).ReadOnly,
            static (o, v) => ((MemoryBackendFile)o).ReadOnly = ((MemoryBackendFile)o).Fixed("readonly", v)));
        klass.AddProperty(new QomBoolProperty("discard-data", static o => ((MemoryBackendFile)o).discardData, static (o, v) => ((MemoryBackendFile)o).discardData = v));
        klass.AddProperty(new QomEnumProperty<OnOffAuto>("rom", OnOffAutoTable, static o => ((MemoryBackendFile)o).Rom,
            static (o, v) => ((MemoryBackendFile)o).Rom = ((MemoryBackendFile)o).Fixed("rom", v), description: "Whether to create Read Only Memory (ROM)"));
        klass.AddProperty(new QomStringProperty("mem-path", static o => ((MemoryBackendFile)o).MemPath,
            static (o, v) => ((MemoryBackendFile)o).SetMemPath(v), type: "string"));
        klass.AddProperty(new BackendProperty("offset", "int", "Offset into the target file (ex: 1G)", static o => JsonValue.Create(((MemoryBackendFile)o).Offset),
            static (QomObject o, in QomInput v) => ((MemoryBackendFile)o).Offset = ((MemoryBackendFile)o).FixedSize("offset", v)));
        klass.AddProperty(new BackendProperty("align", "int", null, static o => JsonValue.Create(((MemoryBackendFile)o).Align),
            static (QomObject o, in QomInput v) => ((MemoryBackendFile)o).Align = ((MemoryBackendFile)o).FixedSize("align", v)));
        klass.AddProperty(new QomBoolProperty("pmem", static o => ((MemoryBackendFile)o).pmem, static (o, v) => ((MemoryBackendFile)o).pmem = ((MemoryBackendFile)o).Fixed("pmem", v)));
        klass.AddOptionMembers(
            new("align", ObjectOptionType.Size),
            new("offset", ObjectOptionType.Size),
            new("discard-data", ObjectOptionType.Bool),
            new("mem-path", ObjectOptionType.String, Required: true),
            new("pmem", ObjectOptionType.Bool),
            new("readonly", ObjectOptionType.Bool),
            new("rom", ObjectOptionType.Enum, EnumMembers: OnOffAutoTable.Names));
    }

    // The setters of what the mapping was made with refuse a change once it exists.
    private T Fixed<T>(string name, T value) => IsComplete ? throw new QomException($"cannot change property '{name}' of {TypeName}.") : value;

    private ulong FixedSize(string name, in QomInput input) =>
        IsComplete ? throw new QomException($"cannot change property '{name}' of {TypeName}") : input.ReadSize(name);

    private void SetMemPath(string? value)
    {
        if (IsComplete)
        {
            throw new QomException($"cannot change property 'mem-path' of {TypeName}");
        }

        MemPath = value;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// QEMU's <c>file_backend_memory_alloc</c>, <c>file_ram_open</c>, <c>qemu_ram_alloc_from_fd</c>
    /// and <c>file_ram_alloc</c>, in their order, up to the mapping.
    /// </remarks>
    protected override void CheckAllocation()
    {
        base.CheckAllocation();
        if (MemPath is null)
        {
            throw new QomException("mem-path property not set");
        }

        if (Rom == OnOffAuto.Auto)
        {
            // Opening the file read-only has always meant ROM.
            Rom = ReadOnly ? OnOffAuto.On : OnOffAuto.Off;
        }
        else if (Rom == OnOffAuto.On && !ReadOnly)
        {
            throw new QomException("property 'rom' = 'on' is not supported with 'readonly' = 'off'");
        }

        ulong fileSize = OpenedFileSize(MemPath);
        ulong size = (Size + PageSize - 1) & ~(PageSize - 1);
        if (fileSize != 0 && fileSize < Offset + size)
        {
            throw new QomException(System.FormattableString.Invariant(
                $"{RegionName} backing store size 0x{fileSize:x} is too small for 'size' option 0x{size:x} plus 'offset' option 0x{Offset:x}"));
        }

        ulong page = HostHugePages.PageSizeOf(MemPath);
        if (Align % page != 0)
        {
            throw new QomException(System.FormattableString.Invariant($"alignment 0x{Align:x} must be multiples of page size 0x{page:x}"));
        }

        if (Align != 0 && (Align & (Align - 1)) != 0)
        {
            throw new QomException(System.FormattableString.Invariant($"alignment 0x{Align:x} must be a power of two"));
        }

        if (Offset % page != 0)
        {
            throw new QomException(System.FormattableString.Invariant($"offset 0x{Offset:x} must be multiples of page size 0x{page:x}"));
        }

        if (size < page)
        {
            throw new QomException(System.FormattableString.Invariant($"memory size 0x{size:x} must be equal to or larger than page size 0x{page:x}"));
        }
    }

    // QEMU's file_ram_open without its side effects: an existing file is used (its size counts), a
    // directory gets a new unlinked file, a missing file is created; read-only, neither a
    // directory nor a missing file will do. Returns the size of what would be mapped.
    private ulong OpenedFileSize(string path)
    {
        if (Directory.Exists(path))
        {
            return ReadOnly ? throw CannotOpen(path, "Is a directory") : 0UL;
        }

        if (File.Exists(path))
        {
            return (ulong)new FileInfo(path).Length;
        }

        string? parent = Path.GetDirectoryName(Path.GetFullPath(path));
        if (ReadOnly || parent is null || !Directory.Exists(parent))
        {
            throw CannotOpen(path, "No such file or directory");
        }

        return 0;
    }

    private static QomException CannotOpen(string path, string reason) => new($"can't open backing store {path} for guest RAM: {reason}");
}
