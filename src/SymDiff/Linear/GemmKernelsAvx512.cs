using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SymDiff.Linear;

/// <summary>
/// Register-blocked AVX-512 micro-kernels. Each computes one MR×NR tile of C from a packed A micro-panel
/// (kc steps of MR values) and a packed B micro-panel (kc steps of NR values) with fused multiply-adds,
/// keeping the whole tile in zmm registers.
/// </summary>
internal static unsafe class GemmKernelsAvx512
{
    /// <summary>AVX-512 8×32 tile: C = alpha·(Ap·Bp) + beta·C over <paramref name="kc"/> packed steps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel8x32(nint kc, float* pa, float* pb, float* c, nint ldc, float alpha, float beta)
    {
        var c00 = Vector512<float>.Zero; var c01 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero; var c11 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero; var c21 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero; var c31 = Vector512<float>.Zero;
        var c40 = Vector512<float>.Zero; var c41 = Vector512<float>.Zero;
        var c50 = Vector512<float>.Zero; var c51 = Vector512<float>.Zero;
        var c60 = Vector512<float>.Zero; var c61 = Vector512<float>.Zero;
        var c70 = Vector512<float>.Zero; var c71 = Vector512<float>.Zero;

        nint p = kc;
        for (; p >= 2; p -= 2)
        {
            {
                var b0 = Vector512.Load(pb);
                var b1 = Vector512.Load(pb + 16);
                var a0 = Vector512.Create(pa[0]);
                c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
                c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
                var a1 = Vector512.Create(pa[1]);
                c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
                c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
                var a2 = Vector512.Create(pa[2]);
                c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
                c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
                var a3 = Vector512.Create(pa[3]);
                c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
                c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
                var a4 = Vector512.Create(pa[4]);
                c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
                c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
                var a5 = Vector512.Create(pa[5]);
                c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
                c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
                var a6 = Vector512.Create(pa[6]);
                c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60);
                c61 = Avx512F.FusedMultiplyAdd(a6, b1, c61);
                var a7 = Vector512.Create(pa[7]);
                c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70);
                c71 = Avx512F.FusedMultiplyAdd(a7, b1, c71);
            }

            {
                var b0 = Vector512.Load(pb + 32);
                var b1 = Vector512.Load(pb + 48);
                var a0 = Vector512.Create(pa[8]);
                c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
                c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
                var a1 = Vector512.Create(pa[9]);
                c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
                c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
                var a2 = Vector512.Create(pa[10]);
                c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
                c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
                var a3 = Vector512.Create(pa[11]);
                c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
                c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
                var a4 = Vector512.Create(pa[12]);
                c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
                c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
                var a5 = Vector512.Create(pa[13]);
                c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
                c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
                var a6 = Vector512.Create(pa[14]);
                c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60);
                c61 = Avx512F.FusedMultiplyAdd(a6, b1, c61);
                var a7 = Vector512.Create(pa[15]);
                c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70);
                c71 = Avx512F.FusedMultiplyAdd(a7, b1, c71);
            }

            pa += 16;
            pb += 64;
        }

        for (; p > 0; p--)
        {
            var b0 = Vector512.Load(pb);
            var b1 = Vector512.Load(pb + 16);
            var a0 = Vector512.Create(pa[0]);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(pa[1]);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(pa[2]);
            c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(pa[3]);
            c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(pa[4]);
            c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(pa[5]);
            c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(pa[6]);
            c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(pa[7]);
            c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(a7, b1, c71);

            pa += 8;
            pb += 32;
        }

        var va = Vector512.Create(alpha);
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
            var vb = Vector512.Create(beta);
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
    }

    /// <summary>AVX-512 12×32 tile: C = alpha·(Ap·Bp) + beta·C over <paramref name="kc"/> packed steps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel12x32(nint kc, float* pa, float* pb, float* c, nint ldc, float alpha, float beta)
    {
        var c00 = Vector512<float>.Zero; var c01 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero; var c11 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero; var c21 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero; var c31 = Vector512<float>.Zero;
        var c40 = Vector512<float>.Zero; var c41 = Vector512<float>.Zero;
        var c50 = Vector512<float>.Zero; var c51 = Vector512<float>.Zero;
        var c60 = Vector512<float>.Zero; var c61 = Vector512<float>.Zero;
        var c70 = Vector512<float>.Zero; var c71 = Vector512<float>.Zero;
        var c80 = Vector512<float>.Zero; var c81 = Vector512<float>.Zero;
        var c90 = Vector512<float>.Zero; var c91 = Vector512<float>.Zero;
        var c100 = Vector512<float>.Zero; var c101 = Vector512<float>.Zero;
        var c110 = Vector512<float>.Zero; var c111 = Vector512<float>.Zero;

        nint p = kc;
        for (; p >= 2; p -= 2)
        {
            {
                var b0 = Vector512.Load(pb);
                var b1 = Vector512.Load(pb + 16);
                var a0 = Vector512.Create(pa[0]);
                c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
                c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
                var a1 = Vector512.Create(pa[1]);
                c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
                c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
                var a2 = Vector512.Create(pa[2]);
                c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
                c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
                var a3 = Vector512.Create(pa[3]);
                c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
                c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
                var a4 = Vector512.Create(pa[4]);
                c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
                c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
                var a5 = Vector512.Create(pa[5]);
                c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
                c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
                var a6 = Vector512.Create(pa[6]);
                c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60);
                c61 = Avx512F.FusedMultiplyAdd(a6, b1, c61);
                var a7 = Vector512.Create(pa[7]);
                c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70);
                c71 = Avx512F.FusedMultiplyAdd(a7, b1, c71);
                var a8 = Vector512.Create(pa[8]);
                c80 = Avx512F.FusedMultiplyAdd(a8, b0, c80);
                c81 = Avx512F.FusedMultiplyAdd(a8, b1, c81);
                var a9 = Vector512.Create(pa[9]);
                c90 = Avx512F.FusedMultiplyAdd(a9, b0, c90);
                c91 = Avx512F.FusedMultiplyAdd(a9, b1, c91);
                var a10 = Vector512.Create(pa[10]);
                c100 = Avx512F.FusedMultiplyAdd(a10, b0, c100);
                c101 = Avx512F.FusedMultiplyAdd(a10, b1, c101);
                var a11 = Vector512.Create(pa[11]);
                c110 = Avx512F.FusedMultiplyAdd(a11, b0, c110);
                c111 = Avx512F.FusedMultiplyAdd(a11, b1, c111);
            }

            {
                var b0 = Vector512.Load(pb + 32);
                var b1 = Vector512.Load(pb + 48);
                var a0 = Vector512.Create(pa[12]);
                c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
                c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
                var a1 = Vector512.Create(pa[13]);
                c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
                c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
                var a2 = Vector512.Create(pa[14]);
                c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
                c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
                var a3 = Vector512.Create(pa[15]);
                c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
                c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
                var a4 = Vector512.Create(pa[16]);
                c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
                c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
                var a5 = Vector512.Create(pa[17]);
                c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
                c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
                var a6 = Vector512.Create(pa[18]);
                c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60);
                c61 = Avx512F.FusedMultiplyAdd(a6, b1, c61);
                var a7 = Vector512.Create(pa[19]);
                c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70);
                c71 = Avx512F.FusedMultiplyAdd(a7, b1, c71);
                var a8 = Vector512.Create(pa[20]);
                c80 = Avx512F.FusedMultiplyAdd(a8, b0, c80);
                c81 = Avx512F.FusedMultiplyAdd(a8, b1, c81);
                var a9 = Vector512.Create(pa[21]);
                c90 = Avx512F.FusedMultiplyAdd(a9, b0, c90);
                c91 = Avx512F.FusedMultiplyAdd(a9, b1, c91);
                var a10 = Vector512.Create(pa[22]);
                c100 = Avx512F.FusedMultiplyAdd(a10, b0, c100);
                c101 = Avx512F.FusedMultiplyAdd(a10, b1, c101);
                var a11 = Vector512.Create(pa[23]);
                c110 = Avx512F.FusedMultiplyAdd(a11, b0, c110);
                c111 = Avx512F.FusedMultiplyAdd(a11, b1, c111);
            }

            pa += 24;
            pb += 64;
        }

        for (; p > 0; p--)
        {
            var b0 = Vector512.Load(pb);
            var b1 = Vector512.Load(pb + 16);
            var a0 = Vector512.Create(pa[0]);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(pa[1]);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(pa[2]);
            c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(pa[3]);
            c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(pa[4]);
            c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(pa[5]);
            c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(pa[6]);
            c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(pa[7]);
            c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(a7, b1, c71);
            var a8 = Vector512.Create(pa[8]);
            c80 = Avx512F.FusedMultiplyAdd(a8, b0, c80);
            c81 = Avx512F.FusedMultiplyAdd(a8, b1, c81);
            var a9 = Vector512.Create(pa[9]);
            c90 = Avx512F.FusedMultiplyAdd(a9, b0, c90);
            c91 = Avx512F.FusedMultiplyAdd(a9, b1, c91);
            var a10 = Vector512.Create(pa[10]);
            c100 = Avx512F.FusedMultiplyAdd(a10, b0, c100);
            c101 = Avx512F.FusedMultiplyAdd(a10, b1, c101);
            var a11 = Vector512.Create(pa[11]);
            c110 = Avx512F.FusedMultiplyAdd(a11, b0, c110);
            c111 = Avx512F.FusedMultiplyAdd(a11, b1, c111);

            pa += 12;
            pb += 32;
        }

        var va = Vector512.Create(alpha);
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
            (c80 * va).Store(c + 8 * ldc);
            (c81 * va).Store(c + 8 * ldc + 16);
            (c90 * va).Store(c + 9 * ldc);
            (c91 * va).Store(c + 9 * ldc + 16);
            (c100 * va).Store(c + 10 * ldc);
            (c101 * va).Store(c + 10 * ldc + 16);
            (c110 * va).Store(c + 11 * ldc);
            (c111 * va).Store(c + 11 * ldc + 16);
        }
        else
        {
            var vb = Vector512.Create(beta);
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
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 8 * ldc), vb, c80 * va).Store(c + 8 * ldc);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 8 * ldc + 16), vb, c81 * va).Store(c + 8 * ldc + 16);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 9 * ldc), vb, c90 * va).Store(c + 9 * ldc);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 9 * ldc + 16), vb, c91 * va).Store(c + 9 * ldc + 16);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 10 * ldc), vb, c100 * va).Store(c + 10 * ldc);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 10 * ldc + 16), vb, c101 * va).Store(c + 10 * ldc + 16);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 11 * ldc), vb, c110 * va).Store(c + 11 * ldc);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 11 * ldc + 16), vb, c111 * va).Store(c + 11 * ldc + 16);
        }
    }

    /// <summary>AVX-512 6×64 tile: C = alpha·(Ap·Bp) + beta·C over <paramref name="kc"/> packed steps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel6x64(nint kc, float* pa, float* pb, float* c, nint ldc, float alpha, float beta)
    {
        var c00 = Vector512<float>.Zero; var c01 = Vector512<float>.Zero; var c02 = Vector512<float>.Zero; var c03 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero; var c11 = Vector512<float>.Zero; var c12 = Vector512<float>.Zero; var c13 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero; var c21 = Vector512<float>.Zero; var c22 = Vector512<float>.Zero; var c23 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero; var c31 = Vector512<float>.Zero; var c32 = Vector512<float>.Zero; var c33 = Vector512<float>.Zero;
        var c40 = Vector512<float>.Zero; var c41 = Vector512<float>.Zero; var c42 = Vector512<float>.Zero; var c43 = Vector512<float>.Zero;
        var c50 = Vector512<float>.Zero; var c51 = Vector512<float>.Zero; var c52 = Vector512<float>.Zero; var c53 = Vector512<float>.Zero;

        nint p = kc;
        for (; p >= 2; p -= 2)
        {
            {
                var b0 = Vector512.Load(pb);
                var b1 = Vector512.Load(pb + 16);
                var b2 = Vector512.Load(pb + 32);
                var b3 = Vector512.Load(pb + 48);
                var a0 = Vector512.Create(pa[0]);
                c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
                c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
                c02 = Avx512F.FusedMultiplyAdd(a0, b2, c02);
                c03 = Avx512F.FusedMultiplyAdd(a0, b3, c03);
                var a1 = Vector512.Create(pa[1]);
                c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
                c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
                c12 = Avx512F.FusedMultiplyAdd(a1, b2, c12);
                c13 = Avx512F.FusedMultiplyAdd(a1, b3, c13);
                var a2 = Vector512.Create(pa[2]);
                c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
                c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
                c22 = Avx512F.FusedMultiplyAdd(a2, b2, c22);
                c23 = Avx512F.FusedMultiplyAdd(a2, b3, c23);
                var a3 = Vector512.Create(pa[3]);
                c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
                c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
                c32 = Avx512F.FusedMultiplyAdd(a3, b2, c32);
                c33 = Avx512F.FusedMultiplyAdd(a3, b3, c33);
                var a4 = Vector512.Create(pa[4]);
                c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
                c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
                c42 = Avx512F.FusedMultiplyAdd(a4, b2, c42);
                c43 = Avx512F.FusedMultiplyAdd(a4, b3, c43);
                var a5 = Vector512.Create(pa[5]);
                c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
                c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
                c52 = Avx512F.FusedMultiplyAdd(a5, b2, c52);
                c53 = Avx512F.FusedMultiplyAdd(a5, b3, c53);
            }

            {
                var b0 = Vector512.Load(pb + 64);
                var b1 = Vector512.Load(pb + 80);
                var b2 = Vector512.Load(pb + 96);
                var b3 = Vector512.Load(pb + 112);
                var a0 = Vector512.Create(pa[6]);
                c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
                c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
                c02 = Avx512F.FusedMultiplyAdd(a0, b2, c02);
                c03 = Avx512F.FusedMultiplyAdd(a0, b3, c03);
                var a1 = Vector512.Create(pa[7]);
                c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
                c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
                c12 = Avx512F.FusedMultiplyAdd(a1, b2, c12);
                c13 = Avx512F.FusedMultiplyAdd(a1, b3, c13);
                var a2 = Vector512.Create(pa[8]);
                c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
                c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
                c22 = Avx512F.FusedMultiplyAdd(a2, b2, c22);
                c23 = Avx512F.FusedMultiplyAdd(a2, b3, c23);
                var a3 = Vector512.Create(pa[9]);
                c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
                c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
                c32 = Avx512F.FusedMultiplyAdd(a3, b2, c32);
                c33 = Avx512F.FusedMultiplyAdd(a3, b3, c33);
                var a4 = Vector512.Create(pa[10]);
                c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
                c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
                c42 = Avx512F.FusedMultiplyAdd(a4, b2, c42);
                c43 = Avx512F.FusedMultiplyAdd(a4, b3, c43);
                var a5 = Vector512.Create(pa[11]);
                c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
                c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
                c52 = Avx512F.FusedMultiplyAdd(a5, b2, c52);
                c53 = Avx512F.FusedMultiplyAdd(a5, b3, c53);
            }

            pa += 12;
            pb += 128;
        }

        for (; p > 0; p--)
        {
            var b0 = Vector512.Load(pb);
            var b1 = Vector512.Load(pb + 16);
            var b2 = Vector512.Load(pb + 32);
            var b3 = Vector512.Load(pb + 48);
            var a0 = Vector512.Create(pa[0]);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            c02 = Avx512F.FusedMultiplyAdd(a0, b2, c02);
            c03 = Avx512F.FusedMultiplyAdd(a0, b3, c03);
            var a1 = Vector512.Create(pa[1]);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
            c12 = Avx512F.FusedMultiplyAdd(a1, b2, c12);
            c13 = Avx512F.FusedMultiplyAdd(a1, b3, c13);
            var a2 = Vector512.Create(pa[2]);
            c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
            c22 = Avx512F.FusedMultiplyAdd(a2, b2, c22);
            c23 = Avx512F.FusedMultiplyAdd(a2, b3, c23);
            var a3 = Vector512.Create(pa[3]);
            c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
            c32 = Avx512F.FusedMultiplyAdd(a3, b2, c32);
            c33 = Avx512F.FusedMultiplyAdd(a3, b3, c33);
            var a4 = Vector512.Create(pa[4]);
            c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
            c42 = Avx512F.FusedMultiplyAdd(a4, b2, c42);
            c43 = Avx512F.FusedMultiplyAdd(a4, b3, c43);
            var a5 = Vector512.Create(pa[5]);
            c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
            c52 = Avx512F.FusedMultiplyAdd(a5, b2, c52);
            c53 = Avx512F.FusedMultiplyAdd(a5, b3, c53);

            pa += 6;
            pb += 64;
        }

        var va = Vector512.Create(alpha);
        if (beta == 0f)
        {
            (c00 * va).Store(c);
            (c01 * va).Store(c + 16);
            (c02 * va).Store(c + 32);
            (c03 * va).Store(c + 48);
            (c10 * va).Store(c + ldc);
            (c11 * va).Store(c + ldc + 16);
            (c12 * va).Store(c + ldc + 32);
            (c13 * va).Store(c + ldc + 48);
            (c20 * va).Store(c + 2 * ldc);
            (c21 * va).Store(c + 2 * ldc + 16);
            (c22 * va).Store(c + 2 * ldc + 32);
            (c23 * va).Store(c + 2 * ldc + 48);
            (c30 * va).Store(c + 3 * ldc);
            (c31 * va).Store(c + 3 * ldc + 16);
            (c32 * va).Store(c + 3 * ldc + 32);
            (c33 * va).Store(c + 3 * ldc + 48);
            (c40 * va).Store(c + 4 * ldc);
            (c41 * va).Store(c + 4 * ldc + 16);
            (c42 * va).Store(c + 4 * ldc + 32);
            (c43 * va).Store(c + 4 * ldc + 48);
            (c50 * va).Store(c + 5 * ldc);
            (c51 * va).Store(c + 5 * ldc + 16);
            (c52 * va).Store(c + 5 * ldc + 32);
            (c53 * va).Store(c + 5 * ldc + 48);
        }
        else
        {
            var vb = Vector512.Create(beta);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c), vb, c00 * va).Store(c);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 16), vb, c01 * va).Store(c + 16);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 32), vb, c02 * va).Store(c + 32);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 48), vb, c03 * va).Store(c + 48);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + ldc), vb, c10 * va).Store(c + ldc);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + ldc + 16), vb, c11 * va).Store(c + ldc + 16);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + ldc + 32), vb, c12 * va).Store(c + ldc + 32);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + ldc + 48), vb, c13 * va).Store(c + ldc + 48);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 2 * ldc), vb, c20 * va).Store(c + 2 * ldc);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 2 * ldc + 16), vb, c21 * va).Store(c + 2 * ldc + 16);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 2 * ldc + 32), vb, c22 * va).Store(c + 2 * ldc + 32);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 2 * ldc + 48), vb, c23 * va).Store(c + 2 * ldc + 48);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 3 * ldc), vb, c30 * va).Store(c + 3 * ldc);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 3 * ldc + 16), vb, c31 * va).Store(c + 3 * ldc + 16);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 3 * ldc + 32), vb, c32 * va).Store(c + 3 * ldc + 32);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 3 * ldc + 48), vb, c33 * va).Store(c + 3 * ldc + 48);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 4 * ldc), vb, c40 * va).Store(c + 4 * ldc);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 4 * ldc + 16), vb, c41 * va).Store(c + 4 * ldc + 16);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 4 * ldc + 32), vb, c42 * va).Store(c + 4 * ldc + 32);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 4 * ldc + 48), vb, c43 * va).Store(c + 4 * ldc + 48);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 5 * ldc), vb, c50 * va).Store(c + 5 * ldc);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 5 * ldc + 16), vb, c51 * va).Store(c + 5 * ldc + 16);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 5 * ldc + 32), vb, c52 * va).Store(c + 5 * ldc + 32);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 5 * ldc + 48), vb, c53 * va).Store(c + 5 * ldc + 48);
        }
    }

    /// <summary>AVX-512 14×32 tile: C = alpha·(Ap·Bp) + beta·C over <paramref name="kc"/> packed steps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel14x32(nint kc, float* pa, float* pb, float* c, nint ldc, float alpha, float beta)
    {
        var c00 = Vector512<float>.Zero; var c01 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero; var c11 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero; var c21 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero; var c31 = Vector512<float>.Zero;
        var c40 = Vector512<float>.Zero; var c41 = Vector512<float>.Zero;
        var c50 = Vector512<float>.Zero; var c51 = Vector512<float>.Zero;
        var c60 = Vector512<float>.Zero; var c61 = Vector512<float>.Zero;
        var c70 = Vector512<float>.Zero; var c71 = Vector512<float>.Zero;
        var c80 = Vector512<float>.Zero; var c81 = Vector512<float>.Zero;
        var c90 = Vector512<float>.Zero; var c91 = Vector512<float>.Zero;
        var c100 = Vector512<float>.Zero; var c101 = Vector512<float>.Zero;
        var c110 = Vector512<float>.Zero; var c111 = Vector512<float>.Zero;
        var c120 = Vector512<float>.Zero; var c121 = Vector512<float>.Zero;
        var c130 = Vector512<float>.Zero; var c131 = Vector512<float>.Zero;

        nint p = kc;
        for (; p >= 2; p -= 2)
        {
            {
                var b0 = Vector512.Load(pb);
                var b1 = Vector512.Load(pb + 16);
                var a0 = Vector512.Create(pa[0]);
                c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
                c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
                var a1 = Vector512.Create(pa[1]);
                c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
                c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
                var a2 = Vector512.Create(pa[2]);
                c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
                c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
                var a3 = Vector512.Create(pa[3]);
                c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
                c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
                var a4 = Vector512.Create(pa[4]);
                c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
                c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
                var a5 = Vector512.Create(pa[5]);
                c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
                c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
                var a6 = Vector512.Create(pa[6]);
                c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60);
                c61 = Avx512F.FusedMultiplyAdd(a6, b1, c61);
                var a7 = Vector512.Create(pa[7]);
                c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70);
                c71 = Avx512F.FusedMultiplyAdd(a7, b1, c71);
                var a8 = Vector512.Create(pa[8]);
                c80 = Avx512F.FusedMultiplyAdd(a8, b0, c80);
                c81 = Avx512F.FusedMultiplyAdd(a8, b1, c81);
                var a9 = Vector512.Create(pa[9]);
                c90 = Avx512F.FusedMultiplyAdd(a9, b0, c90);
                c91 = Avx512F.FusedMultiplyAdd(a9, b1, c91);
                var a10 = Vector512.Create(pa[10]);
                c100 = Avx512F.FusedMultiplyAdd(a10, b0, c100);
                c101 = Avx512F.FusedMultiplyAdd(a10, b1, c101);
                var a11 = Vector512.Create(pa[11]);
                c110 = Avx512F.FusedMultiplyAdd(a11, b0, c110);
                c111 = Avx512F.FusedMultiplyAdd(a11, b1, c111);
                var a12 = Vector512.Create(pa[12]);
                c120 = Avx512F.FusedMultiplyAdd(a12, b0, c120);
                c121 = Avx512F.FusedMultiplyAdd(a12, b1, c121);
                var a13 = Vector512.Create(pa[13]);
                c130 = Avx512F.FusedMultiplyAdd(a13, b0, c130);
                c131 = Avx512F.FusedMultiplyAdd(a13, b1, c131);
            }

            {
                var b0 = Vector512.Load(pb + 32);
                var b1 = Vector512.Load(pb + 48);
                var a0 = Vector512.Create(pa[14]);
                c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
                c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
                var a1 = Vector512.Create(pa[15]);
                c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
                c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
                var a2 = Vector512.Create(pa[16]);
                c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
                c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
                var a3 = Vector512.Create(pa[17]);
                c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
                c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
                var a4 = Vector512.Create(pa[18]);
                c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
                c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
                var a5 = Vector512.Create(pa[19]);
                c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
                c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
                var a6 = Vector512.Create(pa[20]);
                c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60);
                c61 = Avx512F.FusedMultiplyAdd(a6, b1, c61);
                var a7 = Vector512.Create(pa[21]);
                c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70);
                c71 = Avx512F.FusedMultiplyAdd(a7, b1, c71);
                var a8 = Vector512.Create(pa[22]);
                c80 = Avx512F.FusedMultiplyAdd(a8, b0, c80);
                c81 = Avx512F.FusedMultiplyAdd(a8, b1, c81);
                var a9 = Vector512.Create(pa[23]);
                c90 = Avx512F.FusedMultiplyAdd(a9, b0, c90);
                c91 = Avx512F.FusedMultiplyAdd(a9, b1, c91);
                var a10 = Vector512.Create(pa[24]);
                c100 = Avx512F.FusedMultiplyAdd(a10, b0, c100);
                c101 = Avx512F.FusedMultiplyAdd(a10, b1, c101);
                var a11 = Vector512.Create(pa[25]);
                c110 = Avx512F.FusedMultiplyAdd(a11, b0, c110);
                c111 = Avx512F.FusedMultiplyAdd(a11, b1, c111);
                var a12 = Vector512.Create(pa[26]);
                c120 = Avx512F.FusedMultiplyAdd(a12, b0, c120);
                c121 = Avx512F.FusedMultiplyAdd(a12, b1, c121);
                var a13 = Vector512.Create(pa[27]);
                c130 = Avx512F.FusedMultiplyAdd(a13, b0, c130);
                c131 = Avx512F.FusedMultiplyAdd(a13, b1, c131);
            }

            pa += 28;
            pb += 64;
        }

        for (; p > 0; p--)
        {
            var b0 = Vector512.Load(pb);
            var b1 = Vector512.Load(pb + 16);
            var a0 = Vector512.Create(pa[0]);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(pa[1]);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(pa[2]);
            c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(pa[3]);
            c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(pa[4]);
            c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(pa[5]);
            c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(pa[6]);
            c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(pa[7]);
            c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(a7, b1, c71);
            var a8 = Vector512.Create(pa[8]);
            c80 = Avx512F.FusedMultiplyAdd(a8, b0, c80);
            c81 = Avx512F.FusedMultiplyAdd(a8, b1, c81);
            var a9 = Vector512.Create(pa[9]);
            c90 = Avx512F.FusedMultiplyAdd(a9, b0, c90);
            c91 = Avx512F.FusedMultiplyAdd(a9, b1, c91);
            var a10 = Vector512.Create(pa[10]);
            c100 = Avx512F.FusedMultiplyAdd(a10, b0, c100);
            c101 = Avx512F.FusedMultiplyAdd(a10, b1, c101);
            var a11 = Vector512.Create(pa[11]);
            c110 = Avx512F.FusedMultiplyAdd(a11, b0, c110);
            c111 = Avx512F.FusedMultiplyAdd(a11, b1, c111);
            var a12 = Vector512.Create(pa[12]);
            c120 = Avx512F.FusedMultiplyAdd(a12, b0, c120);
            c121 = Avx512F.FusedMultiplyAdd(a12, b1, c121);
            var a13 = Vector512.Create(pa[13]);
            c130 = Avx512F.FusedMultiplyAdd(a13, b0, c130);
            c131 = Avx512F.FusedMultiplyAdd(a13, b1, c131);

            pa += 14;
            pb += 32;
        }

        var va = Vector512.Create(alpha);
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
            (c80 * va).Store(c + 8 * ldc);
            (c81 * va).Store(c + 8 * ldc + 16);
            (c90 * va).Store(c + 9 * ldc);
            (c91 * va).Store(c + 9 * ldc + 16);
            (c100 * va).Store(c + 10 * ldc);
            (c101 * va).Store(c + 10 * ldc + 16);
            (c110 * va).Store(c + 11 * ldc);
            (c111 * va).Store(c + 11 * ldc + 16);
            (c120 * va).Store(c + 12 * ldc);
            (c121 * va).Store(c + 12 * ldc + 16);
            (c130 * va).Store(c + 13 * ldc);
            (c131 * va).Store(c + 13 * ldc + 16);
        }
        else
        {
            var vb = Vector512.Create(beta);
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
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 8 * ldc), vb, c80 * va).Store(c + 8 * ldc);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 8 * ldc + 16), vb, c81 * va).Store(c + 8 * ldc + 16);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 9 * ldc), vb, c90 * va).Store(c + 9 * ldc);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 9 * ldc + 16), vb, c91 * va).Store(c + 9 * ldc + 16);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 10 * ldc), vb, c100 * va).Store(c + 10 * ldc);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 10 * ldc + 16), vb, c101 * va).Store(c + 10 * ldc + 16);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 11 * ldc), vb, c110 * va).Store(c + 11 * ldc);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 11 * ldc + 16), vb, c111 * va).Store(c + 11 * ldc + 16);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 12 * ldc), vb, c120 * va).Store(c + 12 * ldc);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 12 * ldc + 16), vb, c121 * va).Store(c + 12 * ldc + 16);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 13 * ldc), vb, c130 * va).Store(c + 13 * ldc);
            Avx512F.FusedMultiplyAdd(Vector512.Load(c + 13 * ldc + 16), vb, c131 * va).Store(c + 13 * ldc + 16);
        }
    }
}
