using ILGPU;
using ILGPU.Runtime;

namespace SymDiff.Gpu;

/// <summary>Deterministic reductions on an accelerator: the same order every run, no atomics.</summary>
internal static class GpuReductions
{
    /// <summary>Rows a first-pass thread adds (<see cref="ColumnSums"/>).</summary>
    public const int RowsPerChunk = 64;

    /// <summary>
    /// sums[j] = Σ_r m[r, j] (a bias gradient). Up to <see cref="RowsPerChunk"/> rows, one thread per column adds them in
    /// order; past that, a first pass adds chunks of <see cref="RowsPerChunk"/> rows per (column, chunk) thread into the
    /// accelerator's scratch buffer and a second adds the chunks in order, so a 4096-row batch runs 64 times as many
    /// threads as it has columns rather than one per column.
    /// </summary>
    public static void ColumnSums(GpuMatrix m, ArrayView<float> sums)
    {
        var accelerator = m.Accelerator;
        var kernels = GpuKernelCache.For(accelerator);
        kernels.ColumnSums ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int>(GpuKernels.ColumnSums);
        if (m.Rows <= RowsPerChunk)
        {
            kernels.ColumnSums(m.Columns, m.View, sums, m.Rows, m.Columns);
            return;
        }

        var chunks = (m.Rows + RowsPerChunk - 1) / RowsPerChunk;
        var partial = kernels.Scratch(accelerator, (long)chunks * m.Columns);
        kernels.ColumnChunkSums ??= accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<float>, int, int, int>(GpuKernels.ColumnChunkSums);
        kernels.ColumnChunkSums(new Index2D(m.Columns, chunks), m.View, partial, m.Rows, m.Columns, RowsPerChunk);
        kernels.ColumnSums(m.Columns, partial, sums, chunks, m.Columns);
    }
}
