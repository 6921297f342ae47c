using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SymDiff.Linear;

/// <summary>General matrix multiply on row-major single-precision matrices: C = alpha·op(A)·op(B) + beta·C.</summary>
/// <remarks>
/// The implementation follows the GotoBLAS/BLIS design: op(B) is packed in blocks of <c>kc</c>×<c>nc</c> that stay
/// in the L2 cache, op(A) is packed in micro-panels of MR rows that stay in L1, and a register-blocked micro-kernel
/// (AVX-512, AVX2+FMA or portable <see cref="System.Numerics.Vector{T}"/>, chosen at run time) computes MR×NR tiles
/// of C with fused multiply-adds. Packing buffers are reused per thread, so steady-state calls do not allocate.
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
    /// Computes <c>C = alpha·op(A)·op(B) + beta·C</c> where op(X) is X or Xᵀ. All matrices are row-major;
    /// op(A) is m×k, op(B) is k×n, C is m×n; <paramref name="lda"/>, <paramref name="ldb"/>, <paramref name="ldc"/>
    /// are the row strides of the stored (not transposed) matrices.
    /// </summary>
    /// <remarks>
    /// When <paramref name="beta"/> is 0, C is not read (NaNs in it do not propagate). C must not overlap A or B.
    /// Runs on the calling thread.
    /// </remarks>
    /// <exception cref="ArgumentException">A size or stride is negative or too small, a span is too short for the
    /// given sizes and strides, or C overlaps A or B.</exception>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
        => Multiply(GemmKernelKind.Auto, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>As the public overload, with the micro-kernel chosen explicitly (tests exercise every kernel).</summary>
    internal static unsafe void Multiply(GemmKernelKind kernel, bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
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

            if (kernel == GemmKernelKind.Auto)
            {
                kernel = DefaultKernel;
            }

            switch (kernel)
            {
                case GemmKernelKind.Avx512 when Avx512Kernel.IsSupported:
                    Blocked<Avx512Kernel>(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
                    break;
                case GemmKernelKind.Avx2 when Avx2Kernel.IsSupported:
                    Blocked<Avx2Kernel>(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
                    break;
                case GemmKernelKind.Portable:
                    Blocked<PortableKernel>(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
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

    /// <summary>Checks the stride and span length of a stored rows×cols matrix; returns the elements it spans.</summary>
    private static long Required(int length, int rows, int cols, int ld, string spanName, string ldName,
        string matrix, bool transposed, string rowName, string colName)
    {
        string Shape() => transposed
            ? $"{matrix} is stored transposed as {rows}×{cols} ({colName}×{rowName})"
            : $"{matrix} is stored as {rows}×{cols} ({rowName}×{colName})";
        if (ld < Math.Max(1, cols))
        {
            throw new ArgumentOutOfRangeException(ldName, ld,
                $"{ldName} must be at least {Math.Max(1, cols)}: {Shape()}, so its row stride must cover {cols} columns, but {ldName} was {ld}.");
        }

        var need = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;
        if (length < need)
        {
            throw new ArgumentException(
                $"{spanName} has {length} elements, but {Shape()} with row stride {ldName}={ld}, which needs at least {need}.",
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

    /// <summary>The blocked driver: loops over kc×nc blocks of op(B), MR-row micro-panels of op(A), NR-column tiles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Blocked<TK>(bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc)
        where TK : struct, IGemmMicroKernel
    {
        var mr = TK.MR;
        var nr = TK.NR;
        var narrow = TK.NarrowNR;
        var kBlocks = (k + BlockK - 1) / BlockK;
        var kcMax = (k + kBlocks - 1) / kBlocks;
        var nBlocks = (n + BlockN - 1) / BlockN;
        var ncMax = RoundUp((n + nBlocks - 1) / nBlocks, nr);
        var bp = GemmBuffers.PackedB((nint)kcMax * ncMax);
        var ap = GemmBuffers.PackedA((nint)mr * kcMax);

        for (var jc = 0; jc < n; jc += ncMax)
        {
            var nc = Math.Min(ncMax, n - jc);
            for (var pc = 0; pc < k; pc += kcMax)
            {
                var kc = Math.Min(kcMax, k - pc);
                var betaBlock = pc == 0 ? beta : 1f;

                // Pack op(B)[pc.., jc..] as NR-wide micro-panels (a last one of at most NarrowNR columns is narrow).
                for (var jr = 0; jr < nc; jr += nr)
                {
                    var lanes = Math.Min(nr, nc - jr);
                    var width = lanes <= narrow ? narrow : nr;
                    var dst = bp + (nint)jr * kc;
                    if (transB)
                    {
                        GemmPacking.PackStrided(b + (jc + jr) * ldb + pc, ldb, kc, lanes, width, dst);
                    }
                    else
                    {
                        GemmPacking.PackContiguous(b + pc * ldb + jc + jr, ldb, kc, lanes, width, dst);
                    }
                }

                var directA = (nc + nr - 1) / nr <= DirectAMaxTiles;
                for (var ic = 0; ic < m; ic += mr)
                {
                    var rows = Math.Min(mr, m - ic);
                    float* pa;
                    nint ra, sa;
                    if (directA && rows == mr)
                    {
                        // Read the panel where it is: row r of step p sits at a[(pc + p)·lda + ic + r] or a[(ic + r)·lda + pc + p].
                        pa = transA ? a + pc * lda + ic : a + ic * lda + pc;
                        (ra, sa) = transA ? ((nint)1, lda) : (lda, (nint)1);
                    }
                    else
                    {
                        if (transA)
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

                    var cRow = c + ic * ldc + jc;
                    for (var jr = 0; jr < nc; jr += nr)
                    {
                        var cols = Math.Min(nr, nc - jr);
                        var pb = bp + (nint)jr * kc;
                        if (cols <= narrow)
                        {
                            TK.RunNarrow(kc, pa, ra, sa, pb, cRow + jr, ldc, alpha, betaBlock, rows, cols);
                        }
                        else
                        {
                            TK.Run(kc, pa, ra, sa, pb, cRow + jr, ldc, alpha, betaBlock, rows, cols);
                        }
                    }
                }
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
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
