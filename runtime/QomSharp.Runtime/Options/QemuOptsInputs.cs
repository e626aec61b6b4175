using System;
using System.Collections;
using System.Collections.Generic;

namespace QomSharp.Options;

/// <summary>
/// A <c>-device</c>'s QemuOpts as the keyval inputs the device monitor takes (QEMU's
/// <c>qemu_opts_to_qdict</c> then the keyval visitor): <c>id</c> first when given, then each option
/// in order. Each input is made when it is read, so adding a device from its options builds no
/// list of inputs.
/// </summary>
public sealed class QemuOptsInputs : IReadOnlyList<KeyValuePair<string, QomInput>>
{
    private readonly QemuOptsResult parsed;
    private readonly int first;

    /// <summary>The inputs of <paramref name="parsed"/>.</summary>
    public QemuOptsInputs(QemuOptsResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        this.parsed = parsed;
        first = parsed.Id is null ? 0 : 1;
    }

    /// <inheritdoc/>
    public int Count => parsed.Options.Count + first;

    /// <inheritdoc/>
    public KeyValuePair<string, QomInput> this[int index]
    {
        get
        {
            if (index < first)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(index);
                return new("id", QomInput.FromKeyval(parsed.Id!));
            }

            var (key, value) = parsed.Options[index - first];
            return new(key, QomInput.FromKeyval(value));
        }
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, QomInput>> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
