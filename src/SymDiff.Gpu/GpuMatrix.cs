using ILGPU;
using ILGPU.Runtime;

namespace SymDiff.Gpu;

/// <summary>
/// A row-major float matrix in an accelerator's memory (a vector is a 1×n or n×1 matrix): what the GPU layers take and
/// return, as <c>Tensor&lt;float&gt;</c> is on the CPU. It owns its buffer; dispose it to free the device memory.
/// </summary>
public sealed class GpuMatrix : IDisposable
{
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _buffer;

    /// <summary>Allocates a zeroed rows×columns matrix on <paramref name="accelerator"/>.</summary>
    /// <param name="accelerator">The accelerator whose memory holds it.</param>
    /// <param name="rows">The number of rows (examples, for a mini-batch).</param>
    /// <param name="columns">The number of columns.</param>
    public GpuMatrix(Accelerator accelerator, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        Accelerator = accelerator;
        Rows = rows;
        Columns = columns;
        _buffer = accelerator.Allocate1D<float>((long)rows * columns);
        _buffer.MemSetToZero();
    }

    /// <summary>The accelerator whose memory holds the matrix.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The number of rows.</summary>
    public int Rows { get; }

    /// <summary>The number of columns.</summary>
    public int Columns { get; }

    /// <summary>Rows × columns.</summary>
    public int Length => Rows * Columns;

    /// <summary>The elements, row after row, as a view kernels take.</summary>
    public ArrayView<float> View => _buffer.View;

    /// <summary>A matrix on <paramref name="accelerator"/> holding <paramref name="values"/> (row-major).</summary>
    /// <param name="accelerator">The accelerator.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    /// <param name="values">rows × columns values, row after row.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> does not have rows × columns elements.</exception>
    public static GpuMatrix FromHost(Accelerator accelerator, int rows, int columns, ReadOnlySpan<float> values)
    {
        var matrix = new GpuMatrix(accelerator, rows, columns);
        matrix.CopyFromHost(values);
        return matrix;
    }

    /// <summary>Overwrites the matrix with <paramref name="values"/> (row-major); waits for the copy.</summary>
    /// <param name="values">Exactly <see cref="Length"/> values.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> has another length.</exception>
    public void CopyFromHost(ReadOnlySpan<float> values)
    {
        if (values.Length != Length)
        {
            throw new ArgumentException($"The matrix is {Rows}×{Columns} ({Length} values) but {values.Length} values were given.", nameof(values));
        }

        _buffer.View.CopyFromCPU(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(values), values.Length);
    }

    /// <summary>The values, row after row, copied to the host once the accelerator has finished what it was given.</summary>
    public float[] ToHost()
    {
        Accelerator.Synchronize();
        return _buffer.GetAsArray1D();
    }

    /// <summary>Copies the values, row after row, into <paramref name="destination"/> once the accelerator has finished what it was given.</summary>
    /// <param name="destination">As long as the matrix.</param>
    public void CopyToHost(Span<float> destination)
    {
        if (destination.Length != Length)
        {
            throw new ArgumentException($"The destination has {destination.Length} elements but the matrix {Length}.", nameof(destination));
        }

        Accelerator.Synchronize();
        _buffer.View.CopyToCPU(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(destination), destination.Length);
    }

    /// <summary>Frees the device memory.</summary>
    public void Dispose() => _buffer.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"GpuMatrix {Rows}×{Columns} on {Accelerator.Name}";

    /// <summary>
    /// <paramref name="buffer"/> when it is rows×columns on <paramref name="accelerator"/>, else a new matrix (the old one
    /// disposed): a layer's reusable buffer.
    /// </summary>
    internal static GpuMatrix Ensure(GpuMatrix? buffer, Accelerator accelerator, int rows, int columns)
    {
        if (buffer is not null && buffer.Rows == rows && buffer.Columns == columns && ReferenceEquals(buffer.Accelerator, accelerator))
        {
            return buffer;
        }

        buffer?.Dispose();
        return new GpuMatrix(accelerator, rows, columns);
    }

    /// <summary>Sets every element to <paramref name="value"/> (enqueued on the accelerator's default stream).</summary>
    /// <param name="value">The value.</param>
    public void Fill(float value)
    {
        var kernels = GpuKernelCache.For(Accelerator);
        kernels.Fill ??= Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, float>(GpuKernels.Fill);
        kernels.Fill(Length, View, value);
    }

    /// <summary>Throws unless the matrix is <paramref name="rows"/>×<paramref name="columns"/> on <paramref name="accelerator"/>.</summary>
    internal void CheckShape(Accelerator accelerator, int rows, int columns, string what, string parameter)
    {
        if (!ReferenceEquals(Accelerator, accelerator))
        {
            throw new ArgumentException($"{what} is on {Accelerator.Name}, not on the accelerator of the operation ({accelerator.Name}).", parameter);
        }

        if (Rows != rows || Columns != columns)
        {
            throw new ArgumentException($"{what} is {Rows}×{Columns} but {rows}×{columns} is needed.", parameter);
        }
    }
}
