using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SymDiff.Linear;

/// <summary>
/// Register-blocked AVX2+FMA micro-kernel (16 ymm registers): a 6×16 tile held in 12 accumulators.
/// </summary>
internal static unsafe class GemmKernelsAvx2
{
    /// <summary>AVX2+FMA 6×16 tile: C = alpha·(Ap·Bp) + beta·C over <paramref name="kc"/> packed steps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel6x16(nint kc, float* pa, float* pb, float* c, nint ldc, float alpha, float beta)
    {
        var c00 = Vector256<float>.Zero; var c01 = Vector256<float>.Zero;
        var c10 = Vector256<float>.Zero; var c11 = Vector256<float>.Zero;
        var c20 = Vector256<float>.Zero; var c21 = Vector256<float>.Zero;
        var c30 = Vector256<float>.Zero; var c31 = Vector256<float>.Zero;
        var c40 = Vector256<float>.Zero; var c41 = Vector256<float>.Zero;
        var c50 = Vector256<float>.Zero; var c51 = Vector256<float>.Zero;

        nint p = kc;
        for (; p >= 2; p -= 2)
        {
            {
                var b0 = Vector256.Load(pb);
                var b1 = Vector256.Load(pb + 8);
                var a0 = Vector256.Create(pa[0]);
                c00 = Fma.MultiplyAdd(a0, b0, c00);
                c01 = Fma.MultiplyAdd(a0, b1, c01);
                var a1 = Vector256.Create(pa[1]);
                c10 = Fma.MultiplyAdd(a1, b0, c10);
                c11 = Fma.MultiplyAdd(a1, b1, c11);
                var a2 = Vector256.Create(pa[2]);
                c20 = Fma.MultiplyAdd(a2, b0, c20);
                c21 = Fma.MultiplyAdd(a2, b1, c21);
                var a3 = Vector256.Create(pa[3]);
                c30 = Fma.MultiplyAdd(a3, b0, c30);
                c31 = Fma.MultiplyAdd(a3, b1, c31);
                var a4 = Vector256.Create(pa[4]);
                c40 = Fma.MultiplyAdd(a4, b0, c40);
                c41 = Fma.MultiplyAdd(a4, b1, c41);
                var a5 = Vector256.Create(pa[5]);
                c50 = Fma.MultiplyAdd(a5, b0, c50);
                c51 = Fma.MultiplyAdd(a5, b1, c51);
            }

            {
                var b0 = Vector256.Load(pb + 16);
                var b1 = Vector256.Load(pb + 24);
                var a0 = Vector256.Create(pa[6]);
                c00 = Fma.MultiplyAdd(a0, b0, c00);
                c01 = Fma.MultiplyAdd(a0, b1, c01);
                var a1 = Vector256.Create(pa[7]);
                c10 = Fma.MultiplyAdd(a1, b0, c10);
                c11 = Fma.MultiplyAdd(a1, b1, c11);
                var a2 = Vector256.Create(pa[8]);
                c20 = Fma.MultiplyAdd(a2, b0, c20);
                c21 = Fma.MultiplyAdd(a2, b1, c21);
                var a3 = Vector256.Create(pa[9]);
                c30 = Fma.MultiplyAdd(a3, b0, c30);
                c31 = Fma.MultiplyAdd(a3, b1, c31);
                var a4 = Vector256.Create(pa[10]);
                c40 = Fma.MultiplyAdd(a4, b0, c40);
                c41 = Fma.MultiplyAdd(a4, b1, c41);
                var a5 = Vector256.Create(pa[11]);
                c50 = Fma.MultiplyAdd(a5, b0, c50);
                c51 = Fma.MultiplyAdd(a5, b1, c51);
            }

            pa += 12;
            pb += 32;
        }

        for (; p > 0; p--)
        {
            var b0 = Vector256.Load(pb);
            var b1 = Vector256.Load(pb + 8);
            var a0 = Vector256.Create(pa[0]);
            c00 = Fma.MultiplyAdd(a0, b0, c00);
            c01 = Fma.MultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(pa[1]);
            c10 = Fma.MultiplyAdd(a1, b0, c10);
            c11 = Fma.MultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(pa[2]);
            c20 = Fma.MultiplyAdd(a2, b0, c20);
            c21 = Fma.MultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(pa[3]);
            c30 = Fma.MultiplyAdd(a3, b0, c30);
            c31 = Fma.MultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(pa[4]);
            c40 = Fma.MultiplyAdd(a4, b0, c40);
            c41 = Fma.MultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(pa[5]);
            c50 = Fma.MultiplyAdd(a5, b0, c50);
            c51 = Fma.MultiplyAdd(a5, b1, c51);

            pa += 6;
            pb += 16;
        }

        var va = Vector256.Create(alpha);
        if (beta == 0f)
        {
            (c00 * va).Store(c);
            (c01 * va).Store(c + 8);
            (c10 * va).Store(c + ldc);
            (c11 * va).Store(c + ldc + 8);
            (c20 * va).Store(c + 2 * ldc);
            (c21 * va).Store(c + 2 * ldc + 8);
            (c30 * va).Store(c + 3 * ldc);
            (c31 * va).Store(c + 3 * ldc + 8);
            (c40 * va).Store(c + 4 * ldc);
            (c41 * va).Store(c + 4 * ldc + 8);
            (c50 * va).Store(c + 5 * ldc);
            (c51 * va).Store(c + 5 * ldc + 8);
        }
        else
        {
            var vb = Vector256.Create(beta);
            Fma.MultiplyAdd(Vector256.Load(c), vb, c00 * va).Store(c);
            Fma.MultiplyAdd(Vector256.Load(c + 8), vb, c01 * va).Store(c + 8);
            Fma.MultiplyAdd(Vector256.Load(c + ldc), vb, c10 * va).Store(c + ldc);
            Fma.MultiplyAdd(Vector256.Load(c + ldc + 8), vb, c11 * va).Store(c + ldc + 8);
            Fma.MultiplyAdd(Vector256.Load(c + 2 * ldc), vb, c20 * va).Store(c + 2 * ldc);
            Fma.MultiplyAdd(Vector256.Load(c + 2 * ldc + 8), vb, c21 * va).Store(c + 2 * ldc + 8);
            Fma.MultiplyAdd(Vector256.Load(c + 3 * ldc), vb, c30 * va).Store(c + 3 * ldc);
            Fma.MultiplyAdd(Vector256.Load(c + 3 * ldc + 8), vb, c31 * va).Store(c + 3 * ldc + 8);
            Fma.MultiplyAdd(Vector256.Load(c + 4 * ldc), vb, c40 * va).Store(c + 4 * ldc);
            Fma.MultiplyAdd(Vector256.Load(c + 4 * ldc + 8), vb, c41 * va).Store(c + 4 * ldc + 8);
            Fma.MultiplyAdd(Vector256.Load(c + 5 * ldc), vb, c50 * va).Store(c + 5 * ldc);
            Fma.MultiplyAdd(Vector256.Load(c + 5 * ldc + 8), vb, c51 * va).Store(c + 5 * ldc + 8);
        }
    }
}
