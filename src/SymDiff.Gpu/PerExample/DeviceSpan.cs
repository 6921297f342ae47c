using System.ComponentModel;
using ILGPU;

namespace SymDiff.Gpu;

/// <summary>
/// A span inside an ILGPU kernel, as the per-example kernels' bodies read and write them: an <see cref="int"/>
/// <see cref="Length"/> and an indexer, like <see cref="Span{T}"/> in the C# derivatives the same bodies are printed for.
/// An index outside the storage reads and writes its first element instead of running off the device buffer: a thread
/// whose tape ran out (<see cref="DeviceTape"/>) computes garbage that its launcher discards and runs again, and never
/// touches another thread's memory or faults the GPU.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct DeviceSpan<T>
    where T : unmanaged
{
    private readonly ArrayView<T> _storage;

    /// <summary>A span over the whole of <paramref name="view"/> (at most int.MaxValue elements: launchers check).</summary>
    /// <param name="view">The elements.</param>
    public DeviceSpan(ArrayView<T> view)
        : this(view, (int)view.Length)
    {
    }

    /// <summary>A span of <paramref name="length"/> elements stored in <paramref name="storage"/>, which may be shorter only on a tape that ran out.</summary>
    /// <param name="storage">Where the elements live.</param>
    /// <param name="length">How many elements the span has.</param>
    public DeviceSpan(ArrayView<T> storage, int length)
    {
        _storage = storage;
        Length = length;
    }

    /// <summary>The number of elements.</summary>
    public int Length { get; }

    /// <summary>Element <paramref name="index"/>.</summary>
    /// <param name="index">The element's position.</param>
    /// <returns>A reference to the element.</returns>
    public ref T this[int index] => ref _storage[(ulong)(uint)index < (ulong)_storage.Length ? index : 0];

    /// <summary>Sets every element to zero.</summary>
    public void Clear()
    {
        for (var i = 0; i < Length; i++)
        {
            this[i] = default;
        }
    }

    /// <summary>Copies the elements into <paramref name="destination"/> (at least as long).</summary>
    /// <param name="destination">The span to copy into.</param>
    public void CopyTo(DeviceSpan<T> destination)
    {
        for (var i = 0; i < Length; i++)
        {
            destination[i] = this[i];
        }
    }
}
