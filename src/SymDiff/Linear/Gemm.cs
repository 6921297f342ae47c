using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SymDiff.Linear;

/// <summary>General matrix multiply on row-major single-precision matrices: C = alpha·op(A)·op(B) + beta·C.</summary>
/// <remarks>
/// The implementation follows the GotoBLAS/BLIS design: op(B) is packed in blocks of <c>kc</c>×<c>nc</c> that stay
/// in the L2 cache, op(A) is packed in micro-panels of MR rows that stay in L1, and a register-blocked micro-kernel
/// (AVX-512 8×32, AVX2+FMA 6×16 or portable <see cref="System.Numerics.Vector{T}"/>, chosen at run time) computes
/// MR×NR tiles of C with fused multiply-adds, using masked stores at the edges and a half-width tile for a thin last
/// panel. For small problems, where packing would be amortised over few tiles, full panels of op(A) and of a
/// non-transposed B are read in place. Packing buffers are reused per thread, so steady-state calls do not allocate.
/// </remarks>
public static class Gemm
{
    /// <summary>Depth of a packed block (the k-extent kept in cache); k is split into equal blocks no deeper than this.</summary>
    internal static int BlockK = 384;

    /// <summary>Width of a packed block of op(B) (the n-extent kept in L2); n is split into equal blocks no wider than this.</summary>
    internal static int BlockN = 768;

    /// <summary>
    /// Full MR-row panels of op(A) are read in place instead of packed when a block of op(B) has at most this many
    /// NR-column tiles (packing would be amortised over too few tiles).
    /// </summary>
    internal static int DirectAMaxTiles = 8;

    /// <summary>
    /// Full NR-column panels of a non-transposed B are read in place instead of packed when op(A) has at most this
    /// many MR-row panels (each B panel would be read that few times), or at most <see cref="DirectBMaxPanelsAliased"/>
    /// when the row stride of B is a multiple of 4 KiB (its rows then compete for the same L1 sets).
    /// </summary>
    internal static int DirectBMaxPanels = 8;

    /// <summary>See <see cref="DirectBMaxPanels"/>.</summary>
    internal static int DirectBMaxPanelsAliased = 2;

    /// <summary>Below this many floating-point operations (2·m·n·k) a call runs on one thread whatever it allows.</summary>
    internal static double ParallelMinFlops = 4e6;

    /// <summary>
    /// Computes <c>C = alpha·op(A)·op(B) + beta·C</c> where op(X) is X or Xᵀ. All matrices are row-major;
    /// op(A) is m×k, op(B) is k×n, C is m×n; <paramref name="lda"/>, <paramref name="ldb"/>, <paramref name="ldc"/>
    /// are the row strides of the stored (not transposed) matrices.
    /// </summary>
    /// <remarks>
    /// When <paramref name="beta"/> is 0, C is not read (NaNs in it do not propagate). C must not overlap A or B.
    /// Runs on the calling thread; see the overload with <c>maxDegreeOfParallelism</c> for a multi-threaded call.
    /// </remarks>
    /// <exception cref="ArgumentException">A size or stride is negative or too small, a span is too short for the
    /// given sizes and strides, or C overlaps A or B.</exception>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
        => Multiply(GemmKernelKind.Auto, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, 1);

    /// <summary>
    /// Computes <c>C = alpha·op(A)·op(B) + beta·C</c> like
    /// <see cref="Multiply(bool, bool, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/>,
    /// splitting C into column (or, when it is narrow, row) ranges computed on up to
    /// <paramref name="maxDegreeOfParallelism"/> threads of the thread pool.
    /// </summary>
    /// <param name="transA">Whether op(A) is Aᵀ (A stored k×m) rather than A (stored m×k).</param>
    /// <param name="transB">Whether op(B) is Bᵀ (B stored n×k) rather than B (stored k×n).</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">The stored A.</param>
    /// <param name="lda">Row stride of the stored A.</param>
    /// <param name="b">The stored B.</param>
    /// <param name="ldb">Row stride of the stored B.</param>
    /// <param name="beta">Scale of the existing C (0: C is not read).</param>
    /// <param name="c">C, overwritten with the result.</param>
    /// <param name="ldc">Row stride of C.</param>
    /// <param name="maxDegreeOfParallelism">
    /// 1 runs on the calling thread (the same as the overload without it); a larger value allows that many threads;
    /// -1 allows <see cref="Environment.ProcessorCount"/>. Problems too small to gain from threads
    /// (2·m·n·k below about 4 million), or too narrow and short to give each thread two tiles of C, run on the calling
    /// thread. The multi-threaded path allocates a little per call (the work items), and each thread keeps its own
    /// packing buffers.
    /// </param>
    /// <exception cref="ArgumentException">A size or stride is negative or too small, a span is too short for the
    /// given sizes and strides, C overlaps A or B, or <paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc,
        int maxDegreeOfParallelism)
    {
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism,
                $"maxDegreeOfParallelism must be -1 (all processors) or at least 1, but was {maxDegreeOfParallelism}.");
        }

        var workers = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism;
        Multiply(GemmKernelKind.Auto, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, workers);
    }

    /// <summary>As the public overloads, with the micro-kernel chosen explicitly (tests exercise every kernel).</summary>
    internal static unsafe void Multiply(GemmKernelKind kernel, bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc,
        int workers = 1)
    {
        Validate(transA, transB, m, n, k, a, lda, b, ldb, c, ldc);
        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            if (k == 0 || alpha == 0f)
            {
                ScaleC(m, n, beta, pc, ldc);
                return;
            }

            if (2.0 * m * n * k < ParallelMinFlops)
            {
                workers = 1;
            }

            var problem = new GemmProblem(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            switch (kernel == GemmKernelKind.Auto ? DefaultKernel : kernel)
            {
                case GemmKernelKind.Avx512 when Avx512Kernel.IsSupported:
                    Run<Avx512Kernel>(problem, workers);
                    break;
                case GemmKernelKind.Avx2 when Avx2Kernel.IsSupported:
                    Run<Avx2Kernel>(problem, workers);
                    break;
                case GemmKernelKind.Portable:
                    Run<PortableKernel>(problem, workers);
                    break;
                default:
                    throw new PlatformNotSupportedException($"GEMM kernel {kernel} is not supported on this CPU.");
            }
        }
    }

    /// <summary>The fastest kernel the hardware supports.</summary>
    internal static GemmKernelKind DefaultKernel =>
        Avx512Kernel.IsSupported ? GemmKernelKind.Avx512
        : Avx2Kernel.IsSupported ? GemmKernelKind.Avx2
        : GemmKernelKind.Portable;

    /// <summary>Whether <paramref name="kernel"/> can run on this CPU.</summary>
    internal static bool IsSupported(GemmKernelKind kernel) => kernel switch
    {
        GemmKernelKind.Auto or GemmKernelKind.Portable => true,
        GemmKernelKind.Avx512 => Avx512Kernel.IsSupported,
        GemmKernelKind.Avx2 => Avx2Kernel.IsSupported,
        _ => false,
    };

    private static void Validate(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
    {
        NonNegative(m, nameof(m));
        NonNegative(n, nameof(n));
        NonNegative(k, nameof(k));
        var (aRows, aCols) = transA ? (k, m) : (m, k);
        var (bRows, bCols) = transB ? (n, k) : (k, n);
        var aNeed = Required(a.Length, aRows, aCols, lda, nameof(a), nameof(lda), "A", transA, "m", "k");
        var bNeed = Required(b.Length, bRows, bCols, ldb, nameof(b), nameof(ldb), "B", transB, "k", "n");
        var cNeed = Required(c.Length, m, n, ldc, nameof(c), nameof(ldc), "C", false, "m", "n");
        if (cNeed > 0)
        {
            ReadOnlySpan<float> used = c[..(int)cNeed];
            if (aNeed > 0 && used.Overlaps(a[..(int)aNeed]))
            {
                throw new ArgumentException("c must not overlap a.", nameof(c));
            }

            if (bNeed > 0 && used.Overlaps(b[..(int)bNeed]))
            {
                throw new ArgumentException("c must not overlap b.", nameof(c));
            }
        }
    }

    private static void NonNegative(int value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be non-negative, but was {value}.");
        }
    }

    private static string Describe(string matrix, bool transposed, int rows, int cols, string rowName, string colName) => transposed
        ? $"{matrix} is stored transposed as {rows}×{cols} ({colName}×{rowName})"
        : $"{matrix} is stored as {rows}×{cols} ({rowName}×{colName})";

    /// <summary>Checks the stride and span length of a stored rows×cols matrix; returns the elements it spans.</summary>
    private static long Required(int length, int rows, int cols, int ld, string spanName, string ldName,
        string matrix, bool transposed, string rowName, string colName)
    {
        // No capturing local function here: its closure would be allocated on every call, on the hot path.
        if (ld < Math.Max(1, cols))
        {
            throw new ArgumentOutOfRangeException(ldName, ld,
                $"{ldName} must be at least {Math.Max(1, cols)}: {Describe(matrix, transposed, rows, cols, rowName, colName)}, so its row stride must cover {cols} columns, but {ldName} was {ld}.");
        }

        var need = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;
        if (length < need)
        {
            throw new ArgumentException(
                $"{spanName} has {length} elements, but {Describe(matrix, transposed, rows, cols, rowName, colName)} with row stride {ldName}={ld}, which needs at least {need}.",
                spanName);
        }

        return need;
    }

    private static unsafe void ScaleC(int m, int n, float beta, float* c, nint ldc)
    {
        for (var i = 0; i < m; i++)
        {
            var row = new Span<float>(c + i * ldc, n);
            if (beta == 0f)
            {
                row.Clear();
            }
            else if (beta != 1f)
            {
                foreach (ref var x in row)
                {
                    x *= beta;
                }
            }
        }
    }

    /// <summary>
    /// Runs the blocked driver on the calling thread, or splits C into <paramref name="workers"/> independent parts —
    /// column ranges when C is wide enough, row ranges otherwise — that run the driver in parallel, each packing its
    /// own panels, with one fork and join per call.
    /// </summary>
    private static unsafe void Run<TK>(GemmProblem g, int workers)
        where TK : struct, IGemmMicroKernel
    {
        var columnTiles = (g.N + TK.NR - 1) / TK.NR;
        var rowPanels = (g.M + TK.MR - 1) / TK.MR;
        var byColumns = columnTiles >= 2 * workers;
        if (workers <= 1 || (!byColumns && rowPanels < 2 * workers))
        {
            Blocked<TK>(g);
            return;
        }

        RunInParallel<TK>(g, workers, byColumns, columnTiles, rowPanels);
    }

    /// <summary>
    /// The fork and join, in a method of its own: a lambda capturing <see cref="Run{TK}"/>'s parameters would make
    /// every call allocate its closure, single-threaded calls included (the training step must not allocate).
    /// </summary>
    private static unsafe void RunInParallel<TK>(GemmProblem g, int workers, bool byColumns, int columnTiles, int rowPanels)
        where TK : struct, IGemmMicroKernel
    {
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, part =>
        {
            if (byColumns)
            {
                var j0 = Math.Min(g.N, columnTiles * part / workers * TK.NR);
                var j1 = Math.Min(g.N, columnTiles * (part + 1) / workers * TK.NR);
                var b = g.TransB ? g.B + j0 * g.Ldb : g.B + j0;
                Blocked<TK>(new GemmProblem(g.TransA, g.TransB, g.M, j1 - j0, g.K, g.Alpha, g.A, g.Lda, b, g.Ldb, g.Beta, g.C + j0, g.Ldc));
            }
            else
            {
                var i0 = Math.Min(g.M, rowPanels * part / workers * TK.MR);
                var i1 = Math.Min(g.M, rowPanels * (part + 1) / workers * TK.MR);
                var a = g.TransA ? g.A + i0 : g.A + i0 * g.Lda;
                Blocked<TK>(new GemmProblem(g.TransA, g.TransB, i1 - i0, g.N, g.K, g.Alpha, a, g.Lda, g.B, g.Ldb, g.Beta, g.C + i0 * g.Ldc, g.Ldc));
            }
        });
    }

    /// <summary>
    /// The blocked driver: loops over kc×nc blocks of op(B), packed once per block, then over MR-row panels of op(A)
    /// and NR-column tiles.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Blocked<TK>(GemmProblem g)
        where TK : struct, IGemmMicroKernel
    {
        var mr = TK.MR;
        var nr = TK.NR;
        var narrow = TK.NarrowNR;
        var kBlocks = (g.K + BlockK - 1) / BlockK;
        var kcMax = (g.K + kBlocks - 1) / kBlocks;
        var nBlocks = (g.N + BlockN - 1) / BlockN;
        var ncMax = RoundUp((g.N + nBlocks - 1) / nBlocks, nr);
        var panels = (g.M + mr - 1) / mr;
        var directB = !g.TransB && panels <= ((g.Ldb & 1023) == 0 ? DirectBMaxPanelsAliased : DirectBMaxPanels);
        var bp = GemmBuffers.PackedB((nint)kcMax * ncMax);

        for (var jc = 0; jc < g.N; jc += ncMax)
        {
            var nc = Math.Min(ncMax, g.N - jc);
            for (var pc = 0; pc < g.K; pc += kcMax)
            {
                var kc = Math.Min(kcMax, g.K - pc);

                // Pack op(B)[pc.., jc..] as NR-wide micro-panels (a last one of at most NarrowNR columns is narrow).
                for (var jr = 0; jr < nc; jr += nr)
                {
                    var lanes = Math.Min(nr, nc - jr);
                    if (directB && lanes == nr)
                    {
                        continue;
                    }

                    var width = lanes <= narrow ? narrow : nr;
                    var dst = bp + (nint)jr * kc;
                    if (g.TransB)
                    {
                        GemmPacking.PackStrided(g.B + (jc + jr) * g.Ldb + pc, g.Ldb, kc, lanes, width, dst);
                    }
                    else
                    {
                        GemmPacking.PackContiguous(g.B + pc * g.Ldb + jc + jr, g.Ldb, kc, lanes, width, dst);
                    }
                }

                RowPanels<TK>(g, new GemmBlock(bp, directB, jc, nc, pc, kc, pc == 0 ? g.Beta : 1f));
            }
        }
    }

    /// <summary>Multiplies the MR-row panels of op(A) by a packed block of op(B).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RowPanels<TK>(in GemmProblem g, in GemmBlock block)
        where TK : struct, IGemmMicroKernel
    {
        var mr = TK.MR;
        var nr = TK.NR;
        var narrow = TK.NarrowNR;
        var (pc, kc, jc, nc) = (block.Pc, block.Kc, block.Jc, block.Nc);
        var a = g.A;
        var lda = g.Lda;
        var ap = GemmBuffers.PackedA((nint)mr * kc);
        var directA = (nc + nr - 1) / nr <= DirectAMaxTiles;
        for (var ic = 0; ic < g.M; ic += mr)
        {
            var rows = Math.Min(mr, g.M - ic);
            float* pa;
            nint ra, sa;
            if (directA && rows == mr)
            {
                // Read the panel where it is: row r of step p sits at a[(pc + p)·lda + ic + r] or a[(ic + r)·lda + pc + p].
                pa = g.TransA ? a + pc * lda + ic : a + ic * lda + pc;
                (ra, sa) = g.TransA ? ((nint)1, lda) : (lda, (nint)1);
            }
            else
            {
                if (g.TransA)
                {
                    GemmPacking.PackContiguous(a + pc * lda + ic, lda, kc, rows, mr, ap);
                }
                else
                {
                    GemmPacking.PackStrided(a + ic * lda + pc, lda, kc, rows, mr, ap);
                }

                pa = ap;
                (ra, sa) = (1, mr);
            }

            var cRow = g.C + ic * g.Ldc + jc;
            for (var jr = 0; jr < nc; jr += nr)
            {
                var cols = Math.Min(nr, nc - jr);

                // Full panels of B may be read in place (step p is row pc + p of the stored B, from column jc + jr).
                var inPlace = block.DirectB && cols == nr;
                var pb = inPlace ? g.B + pc * g.Ldb + jc + jr : block.PackedB + (nint)jr * kc;
                var sb = inPlace ? g.Ldb : cols <= narrow ? narrow : nr;
                if (cols <= narrow)
                {
                    TK.RunNarrow(kc, pa, ra, sa, pb, sb, cRow + jr, g.Ldc, g.Alpha, block.Beta, rows, cols);
                }
                else if (rows <= TK.ShortMR && TK.ShortMR < mr)
                {
                    TK.RunShort(kc, pa, ra, sa, pb, sb, cRow + jr, g.Ldc, g.Alpha, block.Beta, rows, cols);
                }
                else
                {
                    TK.Run(kc, pa, ra, sa, pb, sb, cRow + jr, g.Ldc, g.Alpha, block.Beta, rows, cols);
                }
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}

/// <summary>The operands of one call: op(A) m×k, op(B) k×n, C m×n, as pinned pointers and row strides.</summary>
internal readonly unsafe struct GemmProblem(bool transA, bool transB, int m, int n, int k, float alpha,
    float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc)
{
    public readonly bool TransA = transA;
    public readonly bool TransB = transB;
    public readonly int M = m;
    public readonly int N = n;
    public readonly int K = k;
    public readonly float Alpha = alpha;
    public readonly float* A = a;
    public readonly nint Lda = lda;
    public readonly float* B = b;
    public readonly nint Ldb = ldb;
    public readonly float Beta = beta;
    public readonly float* C = c;
    public readonly nint Ldc = ldc;
}

/// <summary>
/// A packed kc×nc block of op(B) at rows <c>Pc..</c> and columns <c>Jc..</c>, with the beta that applies to it.
/// With <c>DirectB</c>, only the partial last panel is packed and full panels are read from B in place.
/// </summary>
internal readonly unsafe struct GemmBlock(float* packedB, bool directB, int jc, int nc, int pc, int kc, float beta)
{
    public readonly float* PackedB = packedB;
    public readonly bool DirectB = directB;
    public readonly int Jc = jc;
    public readonly int Nc = nc;
    public readonly int Pc = pc;
    public readonly int Kc = kc;
    public readonly float Beta = beta;
}

/// <summary>Micro-kernel selection for <see cref="Gemm"/>.</summary>
internal enum GemmKernelKind
{
    /// <summary>The fastest kernel the hardware supports.</summary>
    Auto,

    /// <summary>AVX-512F: 8×32 tiles.</summary>
    Avx512,

    /// <summary>AVX2+FMA: 6×16 tiles.</summary>
    Avx2,

    /// <summary>Portable <see cref="System.Numerics.Vector{T}"/> code: 4×(2·Vector&lt;float&gt;.Count) tiles.</summary>
    Portable,
}

/// <summary>Per-thread, 64-byte aligned packing buffers on the pinned object heap; they only grow.</summary>
internal static unsafe class GemmBuffers
{
    [ThreadStatic]
    private static float[]? t_a;

    [ThreadStatic]
    private static float[]? t_b;

    /// <summary>A buffer of at least <paramref name="floats"/> floats for a packed A micro-panel.</summary>
    public static float* PackedA(nint floats) => Get(ref t_a, floats);

    /// <summary>A buffer of at least <paramref name="floats"/> floats for a packed block of B.</summary>
    public static float* PackedB(nint floats) => Get(ref t_b, floats);

    private static float* Get(ref float[]? slot, nint floats)
    {
        if (slot is null || slot.Length < floats + 16)
        {
            slot = GC.AllocateUninitializedArray<float>((int)floats + 16, pinned: true);
        }

        var p = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(slot));
        return (float*)((p + 63) & ~(nint)63);
    }
}
