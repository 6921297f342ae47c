using ILGPU;
using ILGPU.Runtime;

namespace SymDiff.Gpu;

/// <summary>
/// Single-precision matrix multiply on an accelerator, C = α·op(A)·op(B) + β·C with op(X) = X or Xᵀ (the four
/// transposition cases; the layers use three): a tiled kernel, each group of tile×tile threads computing one tile of C
/// from tiles of A and B staged in shared memory. Tiles are 16×16 where the accelerator runs 256 threads per group
/// (GPUs) and 4×4 otherwise (ILGPU's CPU accelerator runs 16).
/// </summary>
public static class GpuGemm
{
    /// <summary>C = α·op(A)·op(B) + β·C, enqueued on the accelerator's default stream.</summary>
    /// <param name="transA">True for op(A) = Aᵀ (A stored k×m), false for A (m×k).</param>
    /// <param name="transB">True for op(B) = Bᵀ (B stored n×k), false for B (k×n).</param>
    /// <param name="alpha">α.</param>
    /// <param name="a">A.</param>
    /// <param name="b">B.</param>
    /// <param name="beta">β; 0 ignores C's previous values (NaN included).</param>
    /// <param name="c">C, m×n, overwritten.</param>
    /// <exception cref="ArgumentException">The shapes do not agree, or the matrices are on different accelerators.</exception>
    public static void Multiply(bool transA, bool transB, float alpha, GpuMatrix a, GpuMatrix b, float beta, GpuMatrix c)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(c);
        var (m, k) = transA ? (a.Columns, a.Rows) : (a.Rows, a.Columns);
        var (kb, n) = transB ? (b.Columns, b.Rows) : (b.Rows, b.Columns);
        if (kb != k)
        {
            throw new ArgumentException($"op(A) is {m}×{k} but op(B) is {kb}×{n}: their inner dimensions differ.", nameof(b));
        }

        b.CheckShape(a.Accelerator, b.Rows, b.Columns, "B", nameof(b));
        c.CheckShape(a.Accelerator, m, n, "C", nameof(c));
        var shape = new GemmShape(m, n, k, transA ? 1 : 0, transB ? 1 : 0, alpha, beta);
        var accelerator = a.Accelerator;
        var kernels = GpuKernelCache.For(accelerator);
        if (accelerator.MaxNumThreadsPerGroup >= Tile16.Size * Tile16.Size)
        {
            kernels.Gemm16 ??= accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape>(GemmKernels.Tiled<Tile16>);
            kernels.Gemm16(Config(m, n, Tile16.Size), a.View, b.View, c.View, shape);
        }
        else
        {
            kernels.Gemm4 ??= accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape>(GemmKernels.Tiled<Tile4>);
            kernels.Gemm4(Config(m, n, Tile4.Size), a.View, b.View, c.View, shape);
        }
    }

    private static KernelConfig Config(int m, int n, int tile) =>
        new(new Index2D((n + tile - 1) / tile, (m + tile - 1) / tile), new Index2D(tile, tile));
}

/// <summary>The sizes and scalars of one multiply (a kernel parameter: blittable, flags as ints).</summary>
internal readonly record struct GemmShape(int M, int N, int K, int TransA, int TransB, float Alpha, float Beta);

/// <summary>A tile edge, as a type so that each kernel's shared memory has a constant size.</summary>
internal interface ITile
{
    int Edge { get; }
}

internal readonly struct Tile16 : ITile
{
    public const int Size = 16;

    public int Edge => Size;
}

internal readonly struct Tile4 : ITile
{
    public const int Size = 4;

    public int Edge => Size;
}

internal static class GemmKernels
{
    /// <summary>
    /// One tile of C per group: thread (x, y) of group (gx, gy) computes C[gy·t + y, gx·t + x], staging a t×t tile of
    /// op(A) and of op(B) per step of the inner dimension in shared memory (zero-padded past the edges).
    /// </summary>
    public static void Tiled<TTile>(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, GemmShape s)
        where TTile : struct, ITile
    {
        var tile = default(TTile).Edge;
        var tileA = SharedMemory.Allocate<float>(tile * tile);
        var tileB = SharedMemory.Allocate<float>(tile * tile);
        var x = Group.IdxX;
        var y = Group.IdxY;
        var row = (Grid.IdxY * tile) + y;
        var column = (Grid.IdxX * tile) + x;
        var sum = 0f;
        for (var t = 0; t < s.K; t += tile)
        {
            var ka = t + x;
            tileA[(y * tile) + x] = row < s.M && ka < s.K ? (s.TransA != 0 ? a[(ka * s.M) + row] : a[(row * s.K) + ka]) : 0f;
            var kb = t + y;
            tileB[(y * tile) + x] = kb < s.K && column < s.N ? (s.TransB != 0 ? b[(column * s.K) + kb] : b[(kb * s.N) + column]) : 0f;
            Group.Barrier();
            for (var q = 0; q < tile; q++)
            {
                sum += tileA[(y * tile) + q] * tileB[(q * tile) + x];
            }

            Group.Barrier();
        }

        if (row < s.M && column < s.N)
        {
            var i = (row * s.N) + column;
            c[i] = s.Beta == 0f ? s.Alpha * sum : (s.Alpha * sum) + (s.Beta * c[i]);
        }
    }
}
