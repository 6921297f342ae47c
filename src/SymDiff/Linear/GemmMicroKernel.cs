using System.Numerics;
using System.Runtime.Intrinsics.X86;

namespace SymDiff.Linear;

/// <summary>
/// A register-blocked micro-kernel pair: computes an <see cref="MR"/>×<see cref="NR"/> tile of C from packed panels,
/// or an <see cref="MR"/>×<see cref="NarrowNR"/> tile for a last panel of at most <see cref="NarrowNR"/> columns.
/// The blocked driver is generic over implementations (structs), so the JIT specialises it per kernel and folds the
/// tile sizes into constants.
/// </summary>
internal unsafe interface IGemmMicroKernel
{
    /// <summary>Rows of a tile (values of A broadcast per step).</summary>
    static abstract int MR { get; }

    /// <summary>Columns of a tile (values of B loaded as vectors per step).</summary>
    static abstract int NR { get; }

    /// <summary>Columns of a narrow tile (one vector).</summary>
    static abstract int NarrowNR { get; }

    /// <summary>Whether the hardware can run this kernel.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>
    /// C = alpha·(A·Bp) + beta·C on the first <paramref name="rows"/>×<paramref name="cols"/> elements of an
    /// MR×NR tile. Row r of step p of A is <c>pa[r·ra + p·sa]</c> (a packed micro-panel has ra = 1, sa = MR);
    /// the NR values of step p of B start at <c>pb[p·sb]</c> (a packed micro-panel has sb = NR). Packed panels are
    /// zero-padded to the full tile; C is not read when beta is 0.
    /// </summary>
    static abstract void Run(nint kc, float* pa, nint ra, nint sa, float* pb, nint sb, float* c, nint ldc, float alpha, float beta, int rows, int cols);

    /// <summary>Rows of a short tile, for a last row panel of few rows (MR when there is no short kernel).</summary>
    static abstract int ShortMR { get; }

    /// <summary>As <see cref="Run"/> for a <see cref="ShortMR"/>×NR tile (A still laid out with the strides of an MR-row panel).</summary>
    static abstract void RunShort(nint kc, float* pa, nint ra, nint sa, float* pb, nint sb, float* c, nint ldc, float alpha, float beta, int rows, int cols);

    /// <summary>As <see cref="Run"/> for an MR×<see cref="NarrowNR"/> tile.</summary>
    static abstract void RunNarrow(nint kc, float* pa, nint ra, nint sa, float* pb, nint sb, float* c, nint ldc, float alpha, float beta, int rows, int cols);
}

/// <summary>AVX-512: 8×32 tiles, 8×16 narrow tiles, 4×32 short tiles.</summary>
internal readonly struct Avx512Kernel : IGemmMicroKernel
{
    public static int MR => 8;
    public static int NR => 32;
    public static int NarrowNR => 16;
    public static int ShortMR => 4;
    public static bool IsSupported => Avx512F.IsSupported;

    public static unsafe void Run(nint kc, float* pa, nint ra, nint sa, float* pb, nint sb, float* c, nint ldc, float alpha, float beta, int rows, int cols)
        => GemmKernelsAvx512.Kernel8x32(kc, pa, ra, sa, pb, sb, c, ldc, alpha, beta, rows, cols);

    public static unsafe void RunNarrow(nint kc, float* pa, nint ra, nint sa, float* pb, nint sb, float* c, nint ldc, float alpha, float beta, int rows, int cols)
        => GemmKernelsAvx512.Kernel8x16(kc, pa, ra, sa, pb, sb, c, ldc, alpha, beta, rows, cols);

    public static unsafe void RunShort(nint kc, float* pa, nint ra, nint sa, float* pb, nint sb, float* c, nint ldc, float alpha, float beta, int rows, int cols)
        => GemmKernelsAvx512.Kernel4x32(kc, pa, ra, sa, pb, sb, c, ldc, alpha, beta, rows, cols);
}

/// <summary>AVX2+FMA: 6×16 tiles, 6×8 narrow tiles, 3×16 short tiles.</summary>
internal readonly struct Avx2Kernel : IGemmMicroKernel
{
    public static int MR => 6;
    public static int NR => 16;
    public static int NarrowNR => 8;
    public static int ShortMR => 3;
    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported;

    public static unsafe void Run(nint kc, float* pa, nint ra, nint sa, float* pb, nint sb, float* c, nint ldc, float alpha, float beta, int rows, int cols)
        => GemmKernelsAvx2.Kernel6x16(kc, pa, ra, sa, pb, sb, c, ldc, alpha, beta, rows, cols);

    public static unsafe void RunNarrow(nint kc, float* pa, nint ra, nint sa, float* pb, nint sb, float* c, nint ldc, float alpha, float beta, int rows, int cols)
        => GemmKernelsAvx2.Kernel6x8(kc, pa, ra, sa, pb, sb, c, ldc, alpha, beta, rows, cols);

    public static unsafe void RunShort(nint kc, float* pa, nint ra, nint sa, float* pb, nint sb, float* c, nint ldc, float alpha, float beta, int rows, int cols)
        => GemmKernelsAvx2.Kernel3x16(kc, pa, ra, sa, pb, sb, c, ldc, alpha, beta, rows, cols);
}

/// <summary>
/// Portable <see cref="Vector{T}"/>: 4×(2·Vector&lt;float&gt;.Count) tiles, 4×Vector&lt;float&gt;.Count narrow tiles
/// (no separate short tile).
/// </summary>
internal readonly struct PortableKernel : IGemmMicroKernel
{
    public static int MR => 4;
    public static int NR => GemmKernelsPortable.NR;
    public static int NarrowNR => Vector<float>.Count;
    public static int ShortMR => 4;
    public static bool IsSupported => true;

    public static unsafe void Run(nint kc, float* pa, nint ra, nint sa, float* pb, nint sb, float* c, nint ldc, float alpha, float beta, int rows, int cols)
        => GemmKernelsPortable.Kernel4xW2(kc, pa, ra, sa, pb, sb, c, ldc, alpha, beta, rows, cols);

    public static unsafe void RunNarrow(nint kc, float* pa, nint ra, nint sa, float* pb, nint sb, float* c, nint ldc, float alpha, float beta, int rows, int cols)
        => GemmKernelsPortable.Kernel4xW(kc, pa, ra, sa, pb, sb, c, ldc, alpha, beta, rows, cols);

    public static unsafe void RunShort(nint kc, float* pa, nint ra, nint sa, float* pb, nint sb, float* c, nint ldc, float alpha, float beta, int rows, int cols)
        => Run(kc, pa, ra, sa, pb, sb, c, ldc, alpha, beta, rows, cols);
}
