using System.Numerics;
using System.Runtime.CompilerServices;

namespace SymDiff.Linear;

/// <summary>
/// Portable <see cref="Vector{T}"/> micro-kernel used when neither AVX-512 nor AVX2+FMA is available:
/// a 4×(2·<see cref="Vector{T}.Count"/>) tile held in eight accumulators.
/// </summary>
internal static unsafe class GemmKernelsPortable
{
    /// <summary>Tile width in floats: two hardware vectors.</summary>
    public static int NR => 2 * Vector<float>.Count;

    /// <summary>4×NR tile: C = alpha·(Ap·Bp) + beta·C over <paramref name="kc"/> packed steps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel4xN(nint kc, float* pa, float* pb, float* c, nint ldc, float alpha, float beta)
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
            var a1 = new Vector<float>(pa[1]);
            c10 = Vector.MultiplyAddEstimate(a1, b0, c10);
            c11 = Vector.MultiplyAddEstimate(a1, b1, c11);
            var a2 = new Vector<float>(pa[2]);
            c20 = Vector.MultiplyAddEstimate(a2, b0, c20);
            c21 = Vector.MultiplyAddEstimate(a2, b1, c21);
            var a3 = new Vector<float>(pa[3]);
            c30 = Vector.MultiplyAddEstimate(a3, b0, c30);
            c31 = Vector.MultiplyAddEstimate(a3, b1, c31);
            pa += 4;
            pb += nr;
        }

        var va = new Vector<float>(alpha);
        if (beta == 0f)
        {
            (c00 * va).Store(c);
            (c01 * va).Store(c + w);
            (c10 * va).Store(c + ldc);
            (c11 * va).Store(c + ldc + w);
            (c20 * va).Store(c + 2 * ldc);
            (c21 * va).Store(c + 2 * ldc + w);
            (c30 * va).Store(c + 3 * ldc);
            (c31 * va).Store(c + 3 * ldc + w);
        }
        else
        {
            var vb = new Vector<float>(beta);
            Update(c, c00, va, vb);
            Update(c + w, c01, va, vb);
            Update(c + ldc, c10, va, vb);
            Update(c + ldc + w, c11, va, vb);
            Update(c + 2 * ldc, c20, va, vb);
            Update(c + 2 * ldc + w, c21, va, vb);
            Update(c + 3 * ldc, c30, va, vb);
            Update(c + 3 * ldc + w, c31, va, vb);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update(float* c, Vector<float> acc, Vector<float> alpha, Vector<float> beta)
        => Vector.MultiplyAddEstimate(Vector.Load(c), beta, acc * alpha).Store(c);
}
