using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SymDiff.Linear;

/// <summary>
/// Register-blocked AVX-512 micro-kernels: an 8×32 tile (16 zmm accumulators), an 8×16 tile for narrow last
/// panels and a 4×32 tile for a last row panel of at most 4 rows. Each computes one tile of C from an A micro-panel (packed, or read in place through strides) and a packed
/// B micro-panel (kc steps of 32 or 16 values) with fused multiply-adds, keeping the whole tile in registers.
/// </summary>
internal static unsafe class GemmKernelsAvx512
{
    /// <summary>
    /// AVX-512 8×32 tile: C = alpha·(A·Bp) + beta·C over <paramref name="kc"/> steps. Row r of step p of A is
    /// <c>pa[r·ra + p·sa]</c> (packed: ra = 1, sa = 8); the 32 values of step p of B start at <c>pb[p·sb]</c>
    /// (packed: sb = 32). Only the first <paramref name="rows"/>×<paramref name="cols"/> elements of C are touched
    /// (masked stores at the edges).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel8x32(nint kc, float* pa, nint ra, nint sa, float* pb, nint sb, float* c, nint ldc, float alpha, float beta, int rows, int cols)
    {
        var c00 = Vector512<float>.Zero; var c01 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero; var c11 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero; var c21 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero; var c31 = Vector512<float>.Zero;
        var c40 = Vector512<float>.Zero; var c41 = Vector512<float>.Zero;
        var c50 = Vector512<float>.Zero; var c51 = Vector512<float>.Zero;
        var c60 = Vector512<float>.Zero; var c61 = Vector512<float>.Zero;
        var c70 = Vector512<float>.Zero; var c71 = Vector512<float>.Zero;

        var r1 = ra;
        var r2 = 2 * ra;
        var r3 = 3 * ra;
        var r4 = 4 * ra;
        var r5 = 5 * ra;
        var r6 = 6 * ra;
        var r7 = 7 * ra;

        nint p = kc;
        for (; p >= 2; p -= 2)
        {
            {
                var b0 = Vector512.Load(pb);
                var b1 = Vector512.Load(pb + 16);
                var a0 = Vector512.Create(pa[0]);
                c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
                c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
                var a1 = Vector512.Create(pa[r1]);
                c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
                c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
                var a2 = Vector512.Create(pa[r2]);
                c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
                c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
                var a3 = Vector512.Create(pa[r3]);
                c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
                c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
                var a4 = Vector512.Create(pa[r4]);
                c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
                c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
                var a5 = Vector512.Create(pa[r5]);
                c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
                c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
                var a6 = Vector512.Create(pa[r6]);
                c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60);
                c61 = Avx512F.FusedMultiplyAdd(a6, b1, c61);
                var a7 = Vector512.Create(pa[r7]);
                c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70);
                c71 = Avx512F.FusedMultiplyAdd(a7, b1, c71);
            }

            {
                var q = pa + sa;
                var qb = pb + sb;
                var b0 = Vector512.Load(qb);
                var b1 = Vector512.Load(qb + 16);
                var a0 = Vector512.Create(q[0]);
                c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
                c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
                var a1 = Vector512.Create(q[r1]);
                c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
                c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
                var a2 = Vector512.Create(q[r2]);
                c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
                c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
                var a3 = Vector512.Create(q[r3]);
                c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
                c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
                var a4 = Vector512.Create(q[r4]);
                c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
                c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
                var a5 = Vector512.Create(q[r5]);
                c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
                c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
                var a6 = Vector512.Create(q[r6]);
                c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60);
                c61 = Avx512F.FusedMultiplyAdd(a6, b1, c61);
                var a7 = Vector512.Create(q[r7]);
                c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70);
                c71 = Avx512F.FusedMultiplyAdd(a7, b1, c71);
            }

            pa += 2 * sa;
            pb += 2 * sb;
        }

        for (; p > 0; p--)
        {
            var b0 = Vector512.Load(pb);
            var b1 = Vector512.Load(pb + 16);
            var a0 = Vector512.Create(pa[0]);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(pa[r1]);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(pa[r2]);
            c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(pa[r3]);
            c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(pa[r4]);
            c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(pa[r5]);
            c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(pa[r6]);
            c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(pa[r7]);
            c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(a7, b1, c71);

            pa += sa;
            pb += sb;
        }

        var va = Vector512.Create(alpha);
        var vb = Vector512.Create(beta);
        if (rows == 8 && cols == 32)
        {
            if (beta == 0f)
            {
                (c00 * va).Store(c);
                (c01 * va).Store(c + 16);
                (c10 * va).Store(c + ldc);
                (c11 * va).Store(c + ldc + 16);
                (c20 * va).Store(c + 2 * ldc);
                (c21 * va).Store(c + 2 * ldc + 16);
                (c30 * va).Store(c + 3 * ldc);
                (c31 * va).Store(c + 3 * ldc + 16);
                (c40 * va).Store(c + 4 * ldc);
                (c41 * va).Store(c + 4 * ldc + 16);
                (c50 * va).Store(c + 5 * ldc);
                (c51 * va).Store(c + 5 * ldc + 16);
                (c60 * va).Store(c + 6 * ldc);
                (c61 * va).Store(c + 6 * ldc + 16);
                (c70 * va).Store(c + 7 * ldc);
                (c71 * va).Store(c + 7 * ldc + 16);
            }
            else
            {
                Avx512F.FusedMultiplyAdd(Vector512.Load(c), vb, c00 * va).Store(c);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + 16), vb, c01 * va).Store(c + 16);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + ldc), vb, c10 * va).Store(c + ldc);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + ldc + 16), vb, c11 * va).Store(c + ldc + 16);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + 2 * ldc), vb, c20 * va).Store(c + 2 * ldc);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + 2 * ldc + 16), vb, c21 * va).Store(c + 2 * ldc + 16);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + 3 * ldc), vb, c30 * va).Store(c + 3 * ldc);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + 3 * ldc + 16), vb, c31 * va).Store(c + 3 * ldc + 16);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + 4 * ldc), vb, c40 * va).Store(c + 4 * ldc);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + 4 * ldc + 16), vb, c41 * va).Store(c + 4 * ldc + 16);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + 5 * ldc), vb, c50 * va).Store(c + 5 * ldc);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + 5 * ldc + 16), vb, c51 * va).Store(c + 5 * ldc + 16);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + 6 * ldc), vb, c60 * va).Store(c + 6 * ldc);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + 6 * ldc + 16), vb, c61 * va).Store(c + 6 * ldc + 16);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + 7 * ldc), vb, c70 * va).Store(c + 7 * ldc);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + 7 * ldc + 16), vb, c71 * va).Store(c + 7 * ldc + 16);
            }

            return;
        }

        var m0 = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(cols)).AsSingle();
        var m1 = Vector512.LessThan(Vector512<int>.Indices + Vector512.Create(16), Vector512.Create(cols)).AsSingle();
        StoreMasked(c, m0, c00 * va, vb, beta);
        StoreMasked(c + 16, m1, c01 * va, vb, beta);

        if (rows == 1)
        {
            return;
        }

        StoreMasked(c + ldc, m0, c10 * va, vb, beta);
        StoreMasked(c + ldc + 16, m1, c11 * va, vb, beta);

        if (rows == 2)
        {
            return;
        }

        StoreMasked(c + 2 * ldc, m0, c20 * va, vb, beta);
        StoreMasked(c + 2 * ldc + 16, m1, c21 * va, vb, beta);

        if (rows == 3)
        {
            return;
        }

        StoreMasked(c + 3 * ldc, m0, c30 * va, vb, beta);
        StoreMasked(c + 3 * ldc + 16, m1, c31 * va, vb, beta);

        if (rows == 4)
        {
            return;
        }

        StoreMasked(c + 4 * ldc, m0, c40 * va, vb, beta);
        StoreMasked(c + 4 * ldc + 16, m1, c41 * va, vb, beta);

        if (rows == 5)
        {
            return;
        }

        StoreMasked(c + 5 * ldc, m0, c50 * va, vb, beta);
        StoreMasked(c + 5 * ldc + 16, m1, c51 * va, vb, beta);

        if (rows == 6)
        {
            return;
        }

        StoreMasked(c + 6 * ldc, m0, c60 * va, vb, beta);
        StoreMasked(c + 6 * ldc + 16, m1, c61 * va, vb, beta);

        if (rows == 7)
        {
            return;
        }

        StoreMasked(c + 7 * ldc, m0, c70 * va, vb, beta);
        StoreMasked(c + 7 * ldc + 16, m1, c71 * va, vb, beta);
    }

    /// <summary>
    /// AVX-512 8×16 tile: C = alpha·(A·Bp) + beta·C over <paramref name="kc"/> steps. Row r of step p of A is
    /// <c>pa[r·ra + p·sa]</c> (packed: ra = 1, sa = 8); the 16 values of step p of B start at <c>pb[p·sb]</c>
    /// (packed: sb = 16). Only the first <paramref name="rows"/>×<paramref name="cols"/> elements of C are touched
    /// (masked stores at the edges).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel8x16(nint kc, float* pa, nint ra, nint sa, float* pb, nint sb, float* c, nint ldc, float alpha, float beta, int rows, int cols)
    {
        var c00 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero;
        var c40 = Vector512<float>.Zero;
        var c50 = Vector512<float>.Zero;
        var c60 = Vector512<float>.Zero;
        var c70 = Vector512<float>.Zero;

        var r1 = ra;
        var r2 = 2 * ra;
        var r3 = 3 * ra;
        var r4 = 4 * ra;
        var r5 = 5 * ra;
        var r6 = 6 * ra;
        var r7 = 7 * ra;

        nint p = kc;
        for (; p >= 2; p -= 2)
        {
            {
                var b0 = Vector512.Load(pb);
                var a0 = Vector512.Create(pa[0]);
                c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
                var a1 = Vector512.Create(pa[r1]);
                c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
                var a2 = Vector512.Create(pa[r2]);
                c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
                var a3 = Vector512.Create(pa[r3]);
                c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
                var a4 = Vector512.Create(pa[r4]);
                c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
                var a5 = Vector512.Create(pa[r5]);
                c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
                var a6 = Vector512.Create(pa[r6]);
                c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60);
                var a7 = Vector512.Create(pa[r7]);
                c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70);
            }

            {
                var q = pa + sa;
                var qb = pb + sb;
                var b0 = Vector512.Load(qb);
                var a0 = Vector512.Create(q[0]);
                c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
                var a1 = Vector512.Create(q[r1]);
                c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
                var a2 = Vector512.Create(q[r2]);
                c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
                var a3 = Vector512.Create(q[r3]);
                c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
                var a4 = Vector512.Create(q[r4]);
                c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
                var a5 = Vector512.Create(q[r5]);
                c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
                var a6 = Vector512.Create(q[r6]);
                c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60);
                var a7 = Vector512.Create(q[r7]);
                c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70);
            }

            pa += 2 * sa;
            pb += 2 * sb;
        }

        for (; p > 0; p--)
        {
            var b0 = Vector512.Load(pb);
            var a0 = Vector512.Create(pa[0]);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
            var a1 = Vector512.Create(pa[r1]);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
            var a2 = Vector512.Create(pa[r2]);
            c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
            var a3 = Vector512.Create(pa[r3]);
            c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
            var a4 = Vector512.Create(pa[r4]);
            c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
            var a5 = Vector512.Create(pa[r5]);
            c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
            var a6 = Vector512.Create(pa[r6]);
            c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60);
            var a7 = Vector512.Create(pa[r7]);
            c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70);

            pa += sa;
            pb += sb;
        }

        var va = Vector512.Create(alpha);
        var vb = Vector512.Create(beta);
        if (rows == 8 && cols == 16)
        {
            if (beta == 0f)
            {
                (c00 * va).Store(c);
                (c10 * va).Store(c + ldc);
                (c20 * va).Store(c + 2 * ldc);
                (c30 * va).Store(c + 3 * ldc);
                (c40 * va).Store(c + 4 * ldc);
                (c50 * va).Store(c + 5 * ldc);
                (c60 * va).Store(c + 6 * ldc);
                (c70 * va).Store(c + 7 * ldc);
            }
            else
            {
                Avx512F.FusedMultiplyAdd(Vector512.Load(c), vb, c00 * va).Store(c);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + ldc), vb, c10 * va).Store(c + ldc);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + 2 * ldc), vb, c20 * va).Store(c + 2 * ldc);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + 3 * ldc), vb, c30 * va).Store(c + 3 * ldc);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + 4 * ldc), vb, c40 * va).Store(c + 4 * ldc);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + 5 * ldc), vb, c50 * va).Store(c + 5 * ldc);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + 6 * ldc), vb, c60 * va).Store(c + 6 * ldc);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + 7 * ldc), vb, c70 * va).Store(c + 7 * ldc);
            }

            return;
        }

        var m0 = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(cols)).AsSingle();
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

        if (rows == 6)
        {
            return;
        }

        StoreMasked(c + 6 * ldc, m0, c60 * va, vb, beta);

        if (rows == 7)
        {
            return;
        }

        StoreMasked(c + 7 * ldc, m0, c70 * va, vb, beta);
    }

    /// <summary>
    /// AVX-512 4×32 tile: C = alpha·(A·Bp) + beta·C over <paramref name="kc"/> steps. Row r of step p of A is
    /// <c>pa[r·ra + p·sa]</c> (packed: ra = 1, sa = 4); the 32 values of step p of B start at <c>pb[p·sb]</c>
    /// (packed: sb = 32). Only the first <paramref name="rows"/>×<paramref name="cols"/> elements of C are touched
    /// (masked stores at the edges).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel4x32(nint kc, float* pa, nint ra, nint sa, float* pb, nint sb, float* c, nint ldc, float alpha, float beta, int rows, int cols)
    {
        var c00 = Vector512<float>.Zero; var c01 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero; var c11 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero; var c21 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero; var c31 = Vector512<float>.Zero;

        var r1 = ra;
        var r2 = 2 * ra;
        var r3 = 3 * ra;

        nint p = kc;
        for (; p >= 2; p -= 2)
        {
            {
                var b0 = Vector512.Load(pb);
                var b1 = Vector512.Load(pb + 16);
                var a0 = Vector512.Create(pa[0]);
                c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
                c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
                var a1 = Vector512.Create(pa[r1]);
                c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
                c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
                var a2 = Vector512.Create(pa[r2]);
                c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
                c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
                var a3 = Vector512.Create(pa[r3]);
                c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
                c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
            }

            {
                var q = pa + sa;
                var qb = pb + sb;
                var b0 = Vector512.Load(qb);
                var b1 = Vector512.Load(qb + 16);
                var a0 = Vector512.Create(q[0]);
                c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
                c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
                var a1 = Vector512.Create(q[r1]);
                c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
                c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
                var a2 = Vector512.Create(q[r2]);
                c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
                c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
                var a3 = Vector512.Create(q[r3]);
                c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
                c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
            }

            pa += 2 * sa;
            pb += 2 * sb;
        }

        for (; p > 0; p--)
        {
            var b0 = Vector512.Load(pb);
            var b1 = Vector512.Load(pb + 16);
            var a0 = Vector512.Create(pa[0]);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(pa[r1]);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(pa[r2]);
            c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(pa[r3]);
            c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);

            pa += sa;
            pb += sb;
        }

        var va = Vector512.Create(alpha);
        var vb = Vector512.Create(beta);
        if (rows == 4 && cols == 32)
        {
            if (beta == 0f)
            {
                (c00 * va).Store(c);
                (c01 * va).Store(c + 16);
                (c10 * va).Store(c + ldc);
                (c11 * va).Store(c + ldc + 16);
                (c20 * va).Store(c + 2 * ldc);
                (c21 * va).Store(c + 2 * ldc + 16);
                (c30 * va).Store(c + 3 * ldc);
                (c31 * va).Store(c + 3 * ldc + 16);
            }
            else
            {
                Avx512F.FusedMultiplyAdd(Vector512.Load(c), vb, c00 * va).Store(c);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + 16), vb, c01 * va).Store(c + 16);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + ldc), vb, c10 * va).Store(c + ldc);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + ldc + 16), vb, c11 * va).Store(c + ldc + 16);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + 2 * ldc), vb, c20 * va).Store(c + 2 * ldc);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + 2 * ldc + 16), vb, c21 * va).Store(c + 2 * ldc + 16);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + 3 * ldc), vb, c30 * va).Store(c + 3 * ldc);
                Avx512F.FusedMultiplyAdd(Vector512.Load(c + 3 * ldc + 16), vb, c31 * va).Store(c + 3 * ldc + 16);
            }

            return;
        }

        var m0 = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(cols)).AsSingle();
        var m1 = Vector512.LessThan(Vector512<int>.Indices + Vector512.Create(16), Vector512.Create(cols)).AsSingle();
        StoreMasked(c, m0, c00 * va, vb, beta);
        StoreMasked(c + 16, m1, c01 * va, vb, beta);

        if (rows == 1)
        {
            return;
        }

        StoreMasked(c + ldc, m0, c10 * va, vb, beta);
        StoreMasked(c + ldc + 16, m1, c11 * va, vb, beta);

        if (rows == 2)
        {
            return;
        }

        StoreMasked(c + 2 * ldc, m0, c20 * va, vb, beta);
        StoreMasked(c + 2 * ldc + 16, m1, c21 * va, vb, beta);

        if (rows == 3)
        {
            return;
        }

        StoreMasked(c + 3 * ldc, m0, c30 * va, vb, beta);
        StoreMasked(c + 3 * ldc + 16, m1, c31 * va, vb, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreMasked(float* c, Vector512<float> mask, Vector512<float> product, Vector512<float> vb, float beta)
    {
        if (beta == 0f)
        {
            Avx512F.MaskStore(c, mask, product);
        }
        else
        {
            Avx512F.MaskStore(c, mask, Avx512F.FusedMultiplyAdd(Avx512F.MaskLoad(c, mask, Vector512<float>.Zero), vb, product));
        }
    }
}
