using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SymDiff.Linear;

/// <summary>
/// Register-blocked AVX2+FMA micro-kernels (16 ymm registers): a 6×16 tile in 12 accumulators, a 6×8 tile for
/// narrow last panels and a 3×16 tile for a last row panel of at most 3 rows.
/// </summary>
internal static unsafe class GemmKernelsAvx2
{
    /// <summary>
    /// AVX2+FMA 6×16 tile: C = alpha·(A·Bp) + beta·C over <paramref name="kc"/> steps. Row r of step p of A is
    /// <c>pa[r·ra + p·sa]</c> (packed: ra = 1, sa = 6); the 16 values of step p of B start at <c>pb[p·sb]</c>
    /// (packed: sb = 16). Only the first <paramref name="rows"/>×<paramref name="cols"/> elements of C are touched
    /// (masked stores at the edges).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel6x16(nint kc, float* pa, nint ra, nint sa, float* pb, nint sb, float* c, nint ldc, float alpha, float beta, int rows, int cols)
    {
        var c00 = Vector256<float>.Zero; var c01 = Vector256<float>.Zero;
        var c10 = Vector256<float>.Zero; var c11 = Vector256<float>.Zero;
        var c20 = Vector256<float>.Zero; var c21 = Vector256<float>.Zero;
        var c30 = Vector256<float>.Zero; var c31 = Vector256<float>.Zero;
        var c40 = Vector256<float>.Zero; var c41 = Vector256<float>.Zero;
        var c50 = Vector256<float>.Zero; var c51 = Vector256<float>.Zero;

        var r1 = ra;
        var r2 = 2 * ra;
        var r3 = 3 * ra;
        var r4 = 4 * ra;
        var r5 = 5 * ra;

        nint p = kc;
        for (; p >= 2; p -= 2)
        {
            {
                var b0 = Vector256.Load(pb);
                var b1 = Vector256.Load(pb + 8);
                var a0 = Vector256.Create(pa[0]);
                c00 = Fma.MultiplyAdd(a0, b0, c00);
                c01 = Fma.MultiplyAdd(a0, b1, c01);
                var a1 = Vector256.Create(pa[r1]);
                c10 = Fma.MultiplyAdd(a1, b0, c10);
                c11 = Fma.MultiplyAdd(a1, b1, c11);
                var a2 = Vector256.Create(pa[r2]);
                c20 = Fma.MultiplyAdd(a2, b0, c20);
                c21 = Fma.MultiplyAdd(a2, b1, c21);
                var a3 = Vector256.Create(pa[r3]);
                c30 = Fma.MultiplyAdd(a3, b0, c30);
                c31 = Fma.MultiplyAdd(a3, b1, c31);
                var a4 = Vector256.Create(pa[r4]);
                c40 = Fma.MultiplyAdd(a4, b0, c40);
                c41 = Fma.MultiplyAdd(a4, b1, c41);
                var a5 = Vector256.Create(pa[r5]);
                c50 = Fma.MultiplyAdd(a5, b0, c50);
                c51 = Fma.MultiplyAdd(a5, b1, c51);
            }

            {
                var q = pa + sa;
                var qb = pb + sb;
                var b0 = Vector256.Load(qb);
                var b1 = Vector256.Load(qb + 8);
                var a0 = Vector256.Create(q[0]);
                c00 = Fma.MultiplyAdd(a0, b0, c00);
                c01 = Fma.MultiplyAdd(a0, b1, c01);
                var a1 = Vector256.Create(q[r1]);
                c10 = Fma.MultiplyAdd(a1, b0, c10);
                c11 = Fma.MultiplyAdd(a1, b1, c11);
                var a2 = Vector256.Create(q[r2]);
                c20 = Fma.MultiplyAdd(a2, b0, c20);
                c21 = Fma.MultiplyAdd(a2, b1, c21);
                var a3 = Vector256.Create(q[r3]);
                c30 = Fma.MultiplyAdd(a3, b0, c30);
                c31 = Fma.MultiplyAdd(a3, b1, c31);
                var a4 = Vector256.Create(q[r4]);
                c40 = Fma.MultiplyAdd(a4, b0, c40);
                c41 = Fma.MultiplyAdd(a4, b1, c41);
                var a5 = Vector256.Create(q[r5]);
                c50 = Fma.MultiplyAdd(a5, b0, c50);
                c51 = Fma.MultiplyAdd(a5, b1, c51);
            }

            pa += 2 * sa;
            pb += 2 * sb;
        }

        for (; p > 0; p--)
        {
            var b0 = Vector256.Load(pb);
            var b1 = Vector256.Load(pb + 8);
            var a0 = Vector256.Create(pa[0]);
            c00 = Fma.MultiplyAdd(a0, b0, c00);
            c01 = Fma.MultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(pa[r1]);
            c10 = Fma.MultiplyAdd(a1, b0, c10);
            c11 = Fma.MultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(pa[r2]);
            c20 = Fma.MultiplyAdd(a2, b0, c20);
            c21 = Fma.MultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(pa[r3]);
            c30 = Fma.MultiplyAdd(a3, b0, c30);
            c31 = Fma.MultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(pa[r4]);
            c40 = Fma.MultiplyAdd(a4, b0, c40);
            c41 = Fma.MultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(pa[r5]);
            c50 = Fma.MultiplyAdd(a5, b0, c50);
            c51 = Fma.MultiplyAdd(a5, b1, c51);

            pa += sa;
            pb += sb;
        }

        var va = Vector256.Create(alpha);
        var vb = Vector256.Create(beta);
        if (rows == 6 && cols == 16)
        {
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

            return;
        }

        var m0 = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(cols)).AsSingle();
        var m1 = Vector256.LessThan(Vector256<int>.Indices + Vector256.Create(8), Vector256.Create(cols)).AsSingle();
        StoreMasked(c, m0, c00 * va, vb, beta);
        StoreMasked(c + 8, m1, c01 * va, vb, beta);

        if (rows == 1)
        {
            return;
        }

        StoreMasked(c + ldc, m0, c10 * va, vb, beta);
        StoreMasked(c + ldc + 8, m1, c11 * va, vb, beta);

        if (rows == 2)
        {
            return;
        }

        StoreMasked(c + 2 * ldc, m0, c20 * va, vb, beta);
        StoreMasked(c + 2 * ldc + 8, m1, c21 * va, vb, beta);

        if (rows == 3)
        {
            return;
        }

        StoreMasked(c + 3 * ldc, m0, c30 * va, vb, beta);
        StoreMasked(c + 3 * ldc + 8, m1, c31 * va, vb, beta);

        if (rows == 4)
        {
            return;
        }

        StoreMasked(c + 4 * ldc, m0, c40 * va, vb, beta);
        StoreMasked(c + 4 * ldc + 8, m1, c41 * va, vb, beta);

        if (rows == 5)
        {
            return;
        }

        StoreMasked(c + 5 * ldc, m0, c50 * va, vb, beta);
        StoreMasked(c + 5 * ldc + 8, m1, c51 * va, vb, beta);
    }

    /// <summary>
    /// AVX2+FMA 6×8 tile: C = alpha·(A·Bp) + beta·C over <paramref name="kc"/> steps. Row r of step p of A is
    /// <c>pa[r·ra + p·sa]</c> (packed: ra = 1, sa = 6); the 8 values of step p of B start at <c>pb[p·sb]</c>
    /// (packed: sb = 8). Only the first <paramref name="rows"/>×<paramref name="cols"/> elements of C are touched
    /// (masked stores at the edges).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel6x8(nint kc, float* pa, nint ra, nint sa, float* pb, nint sb, float* c, nint ldc, float alpha, float beta, int rows, int cols)
    {
        var c00 = Vector256<float>.Zero;
        var c10 = Vector256<float>.Zero;
        var c20 = Vector256<float>.Zero;
        var c30 = Vector256<float>.Zero;
        var c40 = Vector256<float>.Zero;
        var c50 = Vector256<float>.Zero;

        var r1 = ra;
        var r2 = 2 * ra;
        var r3 = 3 * ra;
        var r4 = 4 * ra;
        var r5 = 5 * ra;

        nint p = kc;
        for (; p >= 2; p -= 2)
        {
            {
                var b0 = Vector256.Load(pb);
                var a0 = Vector256.Create(pa[0]);
                c00 = Fma.MultiplyAdd(a0, b0, c00);
                var a1 = Vector256.Create(pa[r1]);
                c10 = Fma.MultiplyAdd(a1, b0, c10);
                var a2 = Vector256.Create(pa[r2]);
                c20 = Fma.MultiplyAdd(a2, b0, c20);
                var a3 = Vector256.Create(pa[r3]);
                c30 = Fma.MultiplyAdd(a3, b0, c30);
                var a4 = Vector256.Create(pa[r4]);
                c40 = Fma.MultiplyAdd(a4, b0, c40);
                var a5 = Vector256.Create(pa[r5]);
                c50 = Fma.MultiplyAdd(a5, b0, c50);
            }

            {
                var q = pa + sa;
                var qb = pb + sb;
                var b0 = Vector256.Load(qb);
                var a0 = Vector256.Create(q[0]);
                c00 = Fma.MultiplyAdd(a0, b0, c00);
                var a1 = Vector256.Create(q[r1]);
                c10 = Fma.MultiplyAdd(a1, b0, c10);
                var a2 = Vector256.Create(q[r2]);
                c20 = Fma.MultiplyAdd(a2, b0, c20);
                var a3 = Vector256.Create(q[r3]);
                c30 = Fma.MultiplyAdd(a3, b0, c30);
                var a4 = Vector256.Create(q[r4]);
                c40 = Fma.MultiplyAdd(a4, b0, c40);
                var a5 = Vector256.Create(q[r5]);
                c50 = Fma.MultiplyAdd(a5, b0, c50);
            }

            pa += 2 * sa;
            pb += 2 * sb;
        }

        for (; p > 0; p--)
        {
            var b0 = Vector256.Load(pb);
            var a0 = Vector256.Create(pa[0]);
            c00 = Fma.MultiplyAdd(a0, b0, c00);
            var a1 = Vector256.Create(pa[r1]);
            c10 = Fma.MultiplyAdd(a1, b0, c10);
            var a2 = Vector256.Create(pa[r2]);
            c20 = Fma.MultiplyAdd(a2, b0, c20);
            var a3 = Vector256.Create(pa[r3]);
            c30 = Fma.MultiplyAdd(a3, b0, c30);
            var a4 = Vector256.Create(pa[r4]);
            c40 = Fma.MultiplyAdd(a4, b0, c40);
            var a5 = Vector256.Create(pa[r5]);
            c50 = Fma.MultiplyAdd(a5, b0, c50);

            pa += sa;
            pb += sb;
        }

        var va = Vector256.Create(alpha);
        var vb = Vector256.Create(beta);
        if (rows == 6 && cols == 8)
        {
            if (beta == 0f)
            {
                (c00 * va).Store(c);
                (c10 * va).Store(c + ldc);
                (c20 * va).Store(c + 2 * ldc);
                (c30 * va).Store(c + 3 * ldc);
                (c40 * va).Store(c + 4 * ldc);
                (c50 * va).Store(c + 5 * ldc);
            }
            else
            {
                Fma.MultiplyAdd(Vector256.Load(c), vb, c00 * va).Store(c);
                Fma.MultiplyAdd(Vector256.Load(c + ldc), vb, c10 * va).Store(c + ldc);
                Fma.MultiplyAdd(Vector256.Load(c + 2 * ldc), vb, c20 * va).Store(c + 2 * ldc);
                Fma.MultiplyAdd(Vector256.Load(c + 3 * ldc), vb, c30 * va).Store(c + 3 * ldc);
                Fma.MultiplyAdd(Vector256.Load(c + 4 * ldc), vb, c40 * va).Store(c + 4 * ldc);
                Fma.MultiplyAdd(Vector256.Load(c + 5 * ldc), vb, c50 * va).Store(c + 5 * ldc);
            }

            return;
        }

        var m0 = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(cols)).AsSingle();
        StoreMasked(c, m0, c00 * va, vb, beta);

        if (rows == 1)
        {
            return;
        }

        StoreMasked(c + ldc, m0, c10 * va, vb, beta);

        if (rows == 2)
        {
            return;
        }

        StoreMasked(c + 2 * ldc, m0, c20 * va, vb, beta);

        if (rows == 3)
        {
            return;
        }

        StoreMasked(c + 3 * ldc, m0, c30 * va, vb, beta);

        if (rows == 4)
        {
            return;
        }

        StoreMasked(c + 4 * ldc, m0, c40 * va, vb, beta);

        if (rows == 5)
        {
            return;
        }

        StoreMasked(c + 5 * ldc, m0, c50 * va, vb, beta);
    }

    /// <summary>
    /// AVX2+FMA 3×16 tile: C = alpha·(A·Bp) + beta·C over <paramref name="kc"/> steps. Row r of step p of A is
    /// <c>pa[r·ra + p·sa]</c> (packed: ra = 1, sa = 3); the 16 values of step p of B start at <c>pb[p·sb]</c>
    /// (packed: sb = 16). Only the first <paramref name="rows"/>×<paramref name="cols"/> elements of C are touched
    /// (masked stores at the edges).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel3x16(nint kc, float* pa, nint ra, nint sa, float* pb, nint sb, float* c, nint ldc, float alpha, float beta, int rows, int cols)
    {
        var c00 = Vector256<float>.Zero; var c01 = Vector256<float>.Zero;
        var c10 = Vector256<float>.Zero; var c11 = Vector256<float>.Zero;
        var c20 = Vector256<float>.Zero; var c21 = Vector256<float>.Zero;

        var r1 = ra;
        var r2 = 2 * ra;

        nint p = kc;
        for (; p >= 2; p -= 2)
        {
            {
                var b0 = Vector256.Load(pb);
                var b1 = Vector256.Load(pb + 8);
                var a0 = Vector256.Create(pa[0]);
                c00 = Fma.MultiplyAdd(a0, b0, c00);
                c01 = Fma.MultiplyAdd(a0, b1, c01);
                var a1 = Vector256.Create(pa[r1]);
                c10 = Fma.MultiplyAdd(a1, b0, c10);
                c11 = Fma.MultiplyAdd(a1, b1, c11);
                var a2 = Vector256.Create(pa[r2]);
                c20 = Fma.MultiplyAdd(a2, b0, c20);
                c21 = Fma.MultiplyAdd(a2, b1, c21);
            }

            {
                var q = pa + sa;
                var qb = pb + sb;
                var b0 = Vector256.Load(qb);
                var b1 = Vector256.Load(qb + 8);
                var a0 = Vector256.Create(q[0]);
                c00 = Fma.MultiplyAdd(a0, b0, c00);
                c01 = Fma.MultiplyAdd(a0, b1, c01);
                var a1 = Vector256.Create(q[r1]);
                c10 = Fma.MultiplyAdd(a1, b0, c10);
                c11 = Fma.MultiplyAdd(a1, b1, c11);
                var a2 = Vector256.Create(q[r2]);
                c20 = Fma.MultiplyAdd(a2, b0, c20);
                c21 = Fma.MultiplyAdd(a2, b1, c21);
            }

            pa += 2 * sa;
            pb += 2 * sb;
        }

        for (; p > 0; p--)
        {
            var b0 = Vector256.Load(pb);
            var b1 = Vector256.Load(pb + 8);
            var a0 = Vector256.Create(pa[0]);
            c00 = Fma.MultiplyAdd(a0, b0, c00);
            c01 = Fma.MultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(pa[r1]);
            c10 = Fma.MultiplyAdd(a1, b0, c10);
            c11 = Fma.MultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(pa[r2]);
            c20 = Fma.MultiplyAdd(a2, b0, c20);
            c21 = Fma.MultiplyAdd(a2, b1, c21);

            pa += sa;
            pb += sb;
        }

        var va = Vector256.Create(alpha);
        var vb = Vector256.Create(beta);
        if (rows == 3 && cols == 16)
        {
            if (beta == 0f)
            {
                (c00 * va).Store(c);
                (c01 * va).Store(c + 8);
                (c10 * va).Store(c + ldc);
                (c11 * va).Store(c + ldc + 8);
                (c20 * va).Store(c + 2 * ldc);
                (c21 * va).Store(c + 2 * ldc + 8);
            }
            else
            {
                Fma.MultiplyAdd(Vector256.Load(c), vb, c00 * va).Store(c);
                Fma.MultiplyAdd(Vector256.Load(c + 8), vb, c01 * va).Store(c + 8);
                Fma.MultiplyAdd(Vector256.Load(c + ldc), vb, c10 * va).Store(c + ldc);
                Fma.MultiplyAdd(Vector256.Load(c + ldc + 8), vb, c11 * va).Store(c + ldc + 8);
                Fma.MultiplyAdd(Vector256.Load(c + 2 * ldc), vb, c20 * va).Store(c + 2 * ldc);
                Fma.MultiplyAdd(Vector256.Load(c + 2 * ldc + 8), vb, c21 * va).Store(c + 2 * ldc + 8);
            }

            return;
        }

        var m0 = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(cols)).AsSingle();
        var m1 = Vector256.LessThan(Vector256<int>.Indices + Vector256.Create(8), Vector256.Create(cols)).AsSingle();
        StoreMasked(c, m0, c00 * va, vb, beta);
        StoreMasked(c + 8, m1, c01 * va, vb, beta);

        if (rows == 1)
        {
            return;
        }

        StoreMasked(c + ldc, m0, c10 * va, vb, beta);
        StoreMasked(c + ldc + 8, m1, c11 * va, vb, beta);

        if (rows == 2)
        {
            return;
        }

        StoreMasked(c + 2 * ldc, m0, c20 * va, vb, beta);
        StoreMasked(c + 2 * ldc + 8, m1, c21 * va, vb, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreMasked(float* c, Vector256<float> mask, Vector256<float> product, Vector256<float> vb, float beta)
    {
        if (beta == 0f)
        {
            Avx.MaskStore(c, mask, product);
        }
        else
        {
            Avx.MaskStore(c, mask, Fma.MultiplyAdd(Avx.MaskLoad(c, mask), vb, product));
        }
    }
}
