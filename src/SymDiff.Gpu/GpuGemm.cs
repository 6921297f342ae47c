using ILGPU;
using ILGPU.Runtime;

namespace SymDiff.Gpu;

/// <summary>
/// Single-precision matrix multiply on an accelerator, C = α·op(A)·op(B) + β·C with op(X) = X or Xᵀ (the four
/// transposition cases; the layers use three): a register-blocked tiled kernel. Each group of t×t threads computes a
/// 4t×4t tile of C, four by four outputs per thread held in registers, from 4t×d panels of op(A) and op(B) staged in
/// shared memory per step d of the inner dimension (read coalesced in every transposition case, padded against bank
/// conflicts). t = 16, d = 16 where the accelerator runs 256 threads per group (GPUs: 64×64 tiles); t = 4, d = 4
/// otherwise (ILGPU's CPU accelerator runs 16: the same kernel at 16×16 tiles, which the CPU tests exercise). When C has
/// too few tiles to occupy the device and the inner dimension is long (a weight gradient over a large batch), the inner
/// dimension is split in chunks computed side by side and added in order by a second kernel: deterministic, no atomics.
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
        Multiply(transA, transB, alpha, a, b, beta, c, splits: null);
    }

    /// <summary>
    /// The multiply with the inner dimension split in <paramref name="splits"/> chunks (null: chosen from the shape, see
    /// <see cref="Splits"/>): each chunk's product goes to a scratch buffer of the accelerator, and a second kernel adds
    /// the chunks in order (deterministic) into C.
    /// </summary>
    internal static void Multiply(bool transA, bool transB, float alpha, GpuMatrix a, GpuMatrix b, float beta, GpuMatrix c, int? splits)
    {
        var (m, k) = transA ? (a.Columns, a.Rows) : (a.Rows, a.Columns);
        var n = transB ? b.Rows : b.Columns;
        var accelerator = a.Accelerator;
        var kernels = GpuKernelCache.For(accelerator);
        var large = accelerator.MaxNumThreadsPerGroup >= Threads16.Threads * Threads16.Threads;
        var (threads, depth) = large ? (Threads16.Threads, Threads16.DepthSize) : (Threads4.Threads, Threads4.DepthSize);
        var tile = GemmKernels.PerThread * threads;
        var tiles = (long)((m + tile - 1) / tile) * ((n + tile - 1) / tile);
        var chunks = Math.Clamp(splits ?? Splits(tiles, k, depth, accelerator.NumMultiprocessors), 1, Math.Max(1, k));
        var chunk = ((((k + chunks - 1) / chunks) + depth - 1) / depth) * depth;
        chunks = k == 0 ? 1 : (k + chunk - 1) / chunk;
        var shape = new GemmShape(m, n, k, transA ? 1 : 0, transB ? 1 : 0, alpha, beta, Math.Max(chunk, depth));
        var work = chunks > 1 ? kernels.Scratch(accelerator, (long)chunks * m * n) : c.View;
        var config = new KernelConfig(new Index3D((n + tile - 1) / tile, (m + tile - 1) / tile, chunks), new Index3D(threads, threads, 1));
        if (large)
        {
            kernels.Gemm16 ??= accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape>(GemmKernels.Blocked<Threads16>);
            kernels.Gemm16(config, a.View, b.View, c.View, work, shape);
        }
        else
        {
            kernels.Gemm4 ??= accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape>(GemmKernels.Blocked<Threads4>);
            kernels.Gemm4(config, a.View, b.View, c.View, work, shape);
        }

        if (chunks > 1)
        {
            kernels.SumChunks ??= accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, float, float>(GemmKernels.SumChunks);
            kernels.SumChunks(m * n, work, c.View, chunks, alpha, beta);
        }
    }

    /// <summary>
    /// How many chunks of the inner dimension a multiply takes: one while its tiles of C give every multiprocessor two
    /// groups; otherwise enough for that, in chunks of at least four steps (on 132 multiprocessors a 64×784·784×128
    /// product has 2 tiles: 12 splits, which whole steps make 10 chunks of 80; a 128×4096·4096×784 one has 26 tiles: 11
    /// chunks of 384).
    /// </summary>
    internal static int Splits(long tiles, int k, int depth, int multiprocessors)
    {
        var target = 2L * Math.Max(1, multiprocessors);
        if (tiles >= target || k <= 4 * depth)
        {
            return 1;
        }

        return (int)Math.Min((target + tiles - 1) / tiles, k / (4 * depth));
    }
}

/// <summary>
/// The sizes and scalars of one multiply (a kernel parameter: blittable, flags as ints); <c>KChunk</c> is the length of
/// the inner dimension's chunk each z-layer of groups takes.
/// </summary>
internal readonly record struct GemmShape(int M, int N, int K, int TransA, int TransB, float Alpha, float Beta, int KChunk);

/// <summary>A group's shape, as a type so that each kernel's shared memory has a constant size.</summary>
internal interface IGemmGroup
{
    /// <summary>t: the group is t×t threads and its tile of C 4t×4t.</summary>
    int Edge { get; }

    /// <summary>d: the inner-dimension step staged in shared memory at a time.</summary>
    int Depth { get; }
}

internal readonly struct Threads16 : IGemmGroup
{
    public const int Threads = 16;

    public const int DepthSize = 16;

    public int Edge => Threads;

    public int Depth => DepthSize;
}

internal readonly struct Threads4 : IGemmGroup
{
    public const int Threads = 4;

    public const int DepthSize = 4;

    public int Edge => Threads;

    public int Depth => DepthSize;
}

internal static class GemmKernels
{
    /// <summary>Outputs per thread along each dimension.</summary>
    public const int PerThread = 4;

    /// <summary>
    /// One 4t×4t tile of C per group: thread (x, y) accumulates C[row0 + y + t·r, col0 + x + t·q] for r, q in 0..3 in
    /// registers (<see cref="Block4x4"/>); each step of d stages op(A)'s and op(B)'s panels in shared memory as
    /// panel[k·(4t + 1) + i] (zero past the edges), consecutive threads reading consecutive addresses of A and B
    /// whichever way each is stored.
    /// </summary>
    public static void Blocked<TGroup>(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ArrayView<float> work, GemmShape s)
        where TGroup : struct, IGemmGroup
    {
        var t = default(TGroup).Edge;
        var d = default(TGroup).Depth;
        var tile = PerThread * t;
        var stride = tile + 1;
        var panelA = SharedMemory.Allocate<float>(d * ((PerThread * t) + 1));
        var panelB = SharedMemory.Allocate<float>(d * ((PerThread * t) + 1));
        var x = Group.IdxX;
        var y = Group.IdxY;
        var thread = (y * t) + x;
        var row0 = Grid.IdxY * tile;
        var col0 = Grid.IdxX * tile;
        var block = default(Block4x4);
        var kBegin = Grid.IdxZ * s.KChunk;
        var kEnd = Math.Min(s.K, kBegin + s.KChunk);
        for (var k0 = kBegin; k0 < kEnd; k0 += d)
        {
            for (var e = thread; e < tile * d; e += t * t)
            {
                // op(A)[i, k]: along i when A is stored transposed (k×m), along k when not.
                var (i, ka) = s.TransA != 0 ? (e % tile, e / tile) : (e / d, e % d);
                var row = row0 + i;
                var kA = k0 + ka;
                panelA[(ka * stride) + i] = row < s.M && kA < kEnd ? (s.TransA != 0 ? a[(kA * s.M) + row] : a[(row * s.K) + kA]) : 0f;

                // op(B)[k, j]: along j when B is stored as is (k×n), along k when transposed (n×k).
                var (j, kb) = s.TransB != 0 ? (e / d, e % d) : (e % tile, e / tile);
                var column = col0 + j;
                var kB = k0 + kb;
                panelB[(kb * stride) + j] = kB < kEnd && column < s.N ? (s.TransB != 0 ? b[(column * s.K) + kB] : b[(kB * s.N) + column]) : 0f;
            }

            Group.Barrier();
            for (var q = 0; q < d; q++)
            {
                var at = (q * stride) + y;
                var bt = (q * stride) + x;
                block.Add(
                    panelA[at], panelA[at + t], panelA[at + (2 * t)], panelA[at + (3 * t)],
                    panelB[bt], panelB[bt + t], panelB[bt + (2 * t)], panelB[bt + (3 * t)]);
            }

            Group.Barrier();
        }

        if (Grid.DimZ > 1)
        {
            // One chunk of several: its plain product, to its layer of the scratch buffer (SumChunks adds them).
            var layer = (long)s.M * s.N;
            block.Store(work.SubView(Grid.IdxZ * layer, layer), s with { Alpha = 1f, Beta = 0f }, row0 + y, col0 + x, t);
        }
        else
        {
            block.Store(c, s, row0 + y, col0 + x, t);
        }
    }

    /// <summary>C[i] = α·Σ_chunk work[chunk·count + i] + β·C[i] (β = 0 ignores C), the chunks added in order.</summary>
    public static void SumChunks(Index1D i, ArrayView<float> work, ArrayView<float> c, int chunks, float alpha, float beta)
    {
        var count = (int)c.Length;
        var sum = 0f;
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            sum += work[((long)chunk * count) + i];
        }

        c[i] = beta == 0f ? alpha * sum : (alpha * sum) + (beta * c[i]);
    }
}

/// <summary>A thread's 4×4 outputs of C, in registers: C[r, q] = Σ a_r·b_q.</summary>
internal struct Block4x4
{
    private float _c00, _c01, _c02, _c03, _c10, _c11, _c12, _c13, _c20, _c21, _c22, _c23, _c30, _c31, _c32, _c33;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Add(float a0, float a1, float a2, float a3, float b0, float b1, float b2, float b3)
    {
        _c00 += a0 * b0;
        _c01 += a0 * b1;
        _c02 += a0 * b2;
        _c03 += a0 * b3;
        _c10 += a1 * b0;
        _c11 += a1 * b1;
        _c12 += a1 * b2;
        _c13 += a1 * b3;
        _c20 += a2 * b0;
        _c21 += a2 * b1;
        _c22 += a2 * b2;
        _c23 += a2 * b3;
        _c30 += a3 * b0;
        _c31 += a3 * b1;
        _c32 += a3 * b2;
        _c33 += a3 * b3;
    }

    /// <summary>C[row + step·r, column + step·q] = α·sum + β·C (β = 0 ignores C), inside the matrix only.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public readonly void Store(ArrayView<float> c, GemmShape s, int row, int column, int step)
    {
        Row(c, s, row, column, step, _c00, _c01, _c02, _c03);
        Row(c, s, row + step, column, step, _c10, _c11, _c12, _c13);
        Row(c, s, row + (2 * step), column, step, _c20, _c21, _c22, _c23);
        Row(c, s, row + (3 * step), column, step, _c30, _c31, _c32, _c33);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void Row(ArrayView<float> c, GemmShape s, int row, int column, int step, float c0, float c1, float c2, float c3)
    {
        if (row >= s.M)
        {
            return;
        }

        Put(c, s, row, column, c0);
        Put(c, s, row, column + step, c1);
        Put(c, s, row, column + (2 * step), c2);
        Put(c, s, row, column + (3 * step), c3);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void Put(ArrayView<float> c, GemmShape s, int row, int column, float sum)
    {
        if (column < s.N)
        {
            var i = (row * s.N) + column;
            c[i] = s.Beta == 0f ? s.Alpha * sum : (s.Alpha * sum) + (s.Beta * c[i]);
        }
    }
}
