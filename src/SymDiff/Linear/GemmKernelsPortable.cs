using System.Numerics;
using System.Runtime.CompilerServices;

namespace SymDiff.Linear;

/// <summary>
/// Portable <see cref="Vector{T}"/> micro-kernels used when neither AVX-512 nor AVX2+FMA is available:
/// a 4×(2·<see cref="Vector{T}.Count"/>) tile in eight accumulators, and a 4×<see cref="Vector{T}.Count"/> tile for
/// narrow last panels. Edge tiles are computed into a scratch tile and merged element by element.
/// </summary>
internal static unsafe class GemmKernelsPortable
{
    /// <summary>Tile width of <see cref="Kernel4xW2"/> in floats: two hardware vectors.</summary>
    public static int NR => 2 * Vector<float>.Count;

    /// <summary>
    /// 4×(2·W) tile: C = alpha·(A·B) + beta·C, row r of step p of A at <c>pa[r·ra + p·sa]</c>, step p of B at
    /// <c>pb[p·sb]</c>; only the first rows×cols elements of C are touched.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel4xW2(nint kc, float* pa, nint ra, nint sa, float* pb, nint sb, float* c, nint ldc, float alpha, float beta, int rows, int cols)
    {
        var w = Vector<float>.Count;
        var nr = 2 * w;
        Vector<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector<float> c20 = default, c21 = default, c30 = default, c31 = default;
        for (nint p = kc; p > 0; p--)
        {
            var b0 = Vector.Load(pb);
            var b1 = Vector.Load(pb + w);
            var a0 = new Vector<float>(pa[0]);
            c00 = Vector.MultiplyAddEstimate(a0, b0, c00);
            c01 = Vector.MultiplyAddEstimate(a0, b1, c01);
            var a1 = new Vector<float>(pa[ra]);
            c10 = Vector.MultiplyAddEstimate(a1, b0, c10);
            c11 = Vector.MultiplyAddEstimate(a1, b1, c11);
            var a2 = new Vector<float>(pa[2 * ra]);
            c20 = Vector.MultiplyAddEstimate(a2, b0, c20);
            c21 = Vector.MultiplyAddEstimate(a2, b1, c21);
            var a3 = new Vector<float>(pa[3 * ra]);
            c30 = Vector.MultiplyAddEstimate(a3, b0, c30);
            c31 = Vector.MultiplyAddEstimate(a3, b1, c31);
            pa += sa;
            pb += sb;
        }

        var full = rows == 4 && cols == nr;
        var tile = stackalloc float[4 * nr];
        var dst = full ? c : tile;
        var ldd = full ? ldc : nr;
        var a = full ? alpha : 1f;
        var b = full ? beta : 0f;
        Store(dst, c00, a, b);
        Store(dst + w, c01, a, b);
        Store(dst + ldd, c10, a, b);
        Store(dst + ldd + w, c11, a, b);
        Store(dst + 2 * ldd, c20, a, b);
        Store(dst + 2 * ldd + w, c21, a, b);
        Store(dst + 3 * ldd, c30, a, b);
        Store(dst + 3 * ldd + w, c31, a, b);
        if (!full)
        {
            Merge(tile, nr, rows, cols, c, ldc, alpha, beta);
        }
    }

    /// <summary>
    /// 4×W tile: C = alpha·(A·B) + beta·C, row r of step p of A at <c>pa[r·ra + p·sa]</c>, step p of B at
    /// <c>pb[p·sb]</c>; only the first rows×cols elements of C are touched.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel4xW(nint kc, float* pa, nint ra, nint sa, float* pb, nint sb, float* c, nint ldc, float alpha, float beta, int rows, int cols)
    {
        var w = Vector<float>.Count;
        Vector<float> c0 = default, c1 = default, c2 = default, c3 = default;
        for (nint p = kc; p > 0; p--)
        {
            var b0 = Vector.Load(pb);
            c0 = Vector.MultiplyAddEstimate(new Vector<float>(pa[0]), b0, c0);
            c1 = Vector.MultiplyAddEstimate(new Vector<float>(pa[ra]), b0, c1);
            c2 = Vector.MultiplyAddEstimate(new Vector<float>(pa[2 * ra]), b0, c2);
            c3 = Vector.MultiplyAddEstimate(new Vector<float>(pa[3 * ra]), b0, c3);
            pa += sa;
            pb += sb;
        }

        var full = rows == 4 && cols == w;
        var tile = stackalloc float[4 * w];
        var dst = full ? c : tile;
        var ldd = full ? ldc : w;
        var a = full ? alpha : 1f;
        var b = full ? beta : 0f;
        Store(dst, c0, a, b);
        Store(dst + ldd, c1, a, b);
        Store(dst + 2 * ldd, c2, a, b);
        Store(dst + 3 * ldd, c3, a, b);
        if (!full)
        {
            Merge(tile, w, rows, cols, c, ldc, alpha, beta);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector<float> acc, float alpha, float beta)
    {
        var product = acc * alpha;
        (beta == 0f ? product : Vector.MultiplyAddEstimate(Vector.Load(c), new Vector<float>(beta), product)).Store(c);
    }

    /// <summary>C[0..rows, 0..cols] = alpha·T + beta·C (C not read when beta is 0).</summary>
    private static void Merge(float* t, nint ldt, int rows, int cols, float* c, nint ldc, float alpha, float beta)
    {
        for (var i = 0; i < rows; i++)
        {
            var ti = t + i * ldt;
            var ci = c + i * ldc;
            for (var j = 0; j < cols; j++)
            {
                ci[j] = beta == 0f ? alpha * ti[j] : alpha * ti[j] + beta * ci[j];
            }
        }
    }
}
