using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SymDiff.Linear;

/// <summary>
/// Packing of matrix panels into the contiguous, zero-padded layout the micro-kernels read:
/// a panel of <c>w</c> lanes (rows of A or columns of B) over <c>kc</c> steps is stored step-major,
/// <c>dst[p·w + r]</c>, so each step of the kernel reads <c>w</c> consecutive floats.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Lanes already contiguous in memory: <c>dst[p·w + r] = src[p·stride + r]</c> for <c>r &lt; lanes</c>,
    /// zero for <c>lanes ≤ r &lt; w</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackContiguous(float* src, nint stride, nint kc, int lanes, int w, float* dst)
    {
        if (lanes == w && w == 32 && Vector512.IsHardwareAccelerated)
        {
            for (nint p = 0; p < kc; p++)
            {
                Vector512.Load(src).Store(dst);
                Vector512.Load(src + 16).Store(dst + 16);
                src += stride;
                dst += 32;
            }

            return;
        }

        for (nint p = 0; p < kc; p++)
        {
            var r = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; r + 8 <= lanes; r += 8)
                {
                    Vector256.Load(src + r).Store(dst + r);
                }
            }

            for (; r < lanes; r++)
            {
                dst[r] = src[r];
            }

            for (; r < w; r++)
            {
                dst[r] = 0f;
            }

            src += stride;
            dst += w;
        }
    }

    /// <summary>
    /// Lanes strided in memory (each lane contiguous over the steps): <c>dst[p·w + r] = src[r·stride + p]</c>
    /// for <c>r &lt; lanes</c>, zero for <c>lanes ≤ r &lt; w</c>. Transposes 16×16 blocks with AVX-512 and 8×8 blocks
    /// with AVX where available.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackStrided(float* src, nint stride, nint kc, int lanes, int w, float* dst)
    {
        var r = 0;
        if (Avx512F.IsSupported)
        {
            for (; r + 16 <= lanes; r += 16)
            {
                var s = src + r * stride;
                nint p = 0;
                for (; p + 16 <= kc; p += 16)
                {
                    Transpose16x16(s + p, stride, dst + p * w + r, w);
                }

                for (; p < kc; p++)
                {
                    var d = dst + p * w + r;
                    for (var i = 0; i < 16; i++)
                    {
                        d[i] = s[i * stride + p];
                    }
                }
            }
        }

        if (Avx.IsSupported)
        {
            for (; r + 8 <= lanes; r += 8)
            {
                var s = src + r * stride;
                nint p = 0;
                for (; p + 8 <= kc; p += 8)
                {
                    Transpose8x8(s + p, stride, dst + p * w + r, w);
                }

                for (; p < kc; p++)
                {
                    var d = dst + p * w + r;
                    for (var i = 0; i < 8; i++)
                    {
                        d[i] = s[i * stride + p];
                    }
                }
            }
        }

        for (; r < lanes; r++)
        {
            var s = src + r * stride;
            var d = dst + r;
            for (nint p = 0; p < kc; p++)
            {
                d[p * w] = s[p];
            }
        }

        if (lanes < w)
        {
            for (nint p = 0; p < kc; p++)
            {
                var d = dst + p * w;
                for (var i = lanes; i < w; i++)
                {
                    d[i] = 0f;
                }
            }
        }
    }

    /// <summary>Writes the transpose of the 16×16 block at <paramref name="src"/> to <paramref name="dst"/> (AVX-512F).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Transpose16x16(float* src, nint srcStride, float* dst, nint dstStride)
    {
        var r0 = Avx512F.LoadVector512(src);
        var r1 = Avx512F.LoadVector512(src + srcStride);
        var r2 = Avx512F.LoadVector512(src + 2 * srcStride);
        var r3 = Avx512F.LoadVector512(src + 3 * srcStride);
        var r4 = Avx512F.LoadVector512(src + 4 * srcStride);
        var r5 = Avx512F.LoadVector512(src + 5 * srcStride);
        var r6 = Avx512F.LoadVector512(src + 6 * srcStride);
        var r7 = Avx512F.LoadVector512(src + 7 * srcStride);
        var r8 = Avx512F.LoadVector512(src + 8 * srcStride);
        var r9 = Avx512F.LoadVector512(src + 9 * srcStride);
        var r10 = Avx512F.LoadVector512(src + 10 * srcStride);
        var r11 = Avx512F.LoadVector512(src + 11 * srcStride);
        var r12 = Avx512F.LoadVector512(src + 12 * srcStride);
        var r13 = Avx512F.LoadVector512(src + 13 * srcStride);
        var r14 = Avx512F.LoadVector512(src + 14 * srcStride);
        var r15 = Avx512F.LoadVector512(src + 15 * srcStride);

        // Interleave row pairs, then 4-row groups, within each 128-bit lane.
        var t0 = Avx512F.UnpackLow(r0, r1);
        var t1 = Avx512F.UnpackHigh(r0, r1);
        var t2 = Avx512F.UnpackLow(r2, r3);
        var t3 = Avx512F.UnpackHigh(r2, r3);
        var t4 = Avx512F.UnpackLow(r4, r5);
        var t5 = Avx512F.UnpackHigh(r4, r5);
        var t6 = Avx512F.UnpackLow(r6, r7);
        var t7 = Avx512F.UnpackHigh(r6, r7);
        var t8 = Avx512F.UnpackLow(r8, r9);
        var t9 = Avx512F.UnpackHigh(r8, r9);
        var t10 = Avx512F.UnpackLow(r10, r11);
        var t11 = Avx512F.UnpackHigh(r10, r11);
        var t12 = Avx512F.UnpackLow(r12, r13);
        var t13 = Avx512F.UnpackHigh(r12, r13);
        var t14 = Avx512F.UnpackLow(r14, r15);
        var t15 = Avx512F.UnpackHigh(r14, r15);

        var u0 = Avx512F.Shuffle(t0, t2, 0x44);
        var u1 = Avx512F.Shuffle(t0, t2, 0xEE);
        var u2 = Avx512F.Shuffle(t1, t3, 0x44);
        var u3 = Avx512F.Shuffle(t1, t3, 0xEE);
        var u4 = Avx512F.Shuffle(t4, t6, 0x44);
        var u5 = Avx512F.Shuffle(t4, t6, 0xEE);
        var u6 = Avx512F.Shuffle(t5, t7, 0x44);
        var u7 = Avx512F.Shuffle(t5, t7, 0xEE);
        var u8 = Avx512F.Shuffle(t8, t10, 0x44);
        var u9 = Avx512F.Shuffle(t8, t10, 0xEE);
        var u10 = Avx512F.Shuffle(t9, t11, 0x44);
        var u11 = Avx512F.Shuffle(t9, t11, 0xEE);
        var u12 = Avx512F.Shuffle(t12, t14, 0x44);
        var u13 = Avx512F.Shuffle(t12, t14, 0xEE);
        var u14 = Avx512F.Shuffle(t13, t15, 0x44);
        var u15 = Avx512F.Shuffle(t13, t15, 0xEE);

        // Lane L of u[4g + c] holds column 4L + c of rows 4g..4g+3; gather the four groups' lanes.
        var v00 = Avx512F.Shuffle4x128(u0, u4, 0x44);
        var v01 = Avx512F.Shuffle4x128(u0, u4, 0xEE);
        var v02 = Avx512F.Shuffle4x128(u8, u12, 0x44);
        var v03 = Avx512F.Shuffle4x128(u8, u12, 0xEE);
        Avx512F.Store(dst, Avx512F.Shuffle4x128(v00, v02, 0x88));
        Avx512F.Store(dst + 4 * dstStride, Avx512F.Shuffle4x128(v00, v02, 0xDD));
        Avx512F.Store(dst + 8 * dstStride, Avx512F.Shuffle4x128(v01, v03, 0x88));
        Avx512F.Store(dst + 12 * dstStride, Avx512F.Shuffle4x128(v01, v03, 0xDD));
        var v10 = Avx512F.Shuffle4x128(u1, u5, 0x44);
        var v11 = Avx512F.Shuffle4x128(u1, u5, 0xEE);
        var v12 = Avx512F.Shuffle4x128(u9, u13, 0x44);
        var v13 = Avx512F.Shuffle4x128(u9, u13, 0xEE);
        Avx512F.Store(dst + dstStride, Avx512F.Shuffle4x128(v10, v12, 0x88));
        Avx512F.Store(dst + 5 * dstStride, Avx512F.Shuffle4x128(v10, v12, 0xDD));
        Avx512F.Store(dst + 9 * dstStride, Avx512F.Shuffle4x128(v11, v13, 0x88));
        Avx512F.Store(dst + 13 * dstStride, Avx512F.Shuffle4x128(v11, v13, 0xDD));
        var v20 = Avx512F.Shuffle4x128(u2, u6, 0x44);
        var v21 = Avx512F.Shuffle4x128(u2, u6, 0xEE);
        var v22 = Avx512F.Shuffle4x128(u10, u14, 0x44);
        var v23 = Avx512F.Shuffle4x128(u10, u14, 0xEE);
        Avx512F.Store(dst + 2 * dstStride, Avx512F.Shuffle4x128(v20, v22, 0x88));
        Avx512F.Store(dst + 6 * dstStride, Avx512F.Shuffle4x128(v20, v22, 0xDD));
        Avx512F.Store(dst + 10 * dstStride, Avx512F.Shuffle4x128(v21, v23, 0x88));
        Avx512F.Store(dst + 14 * dstStride, Avx512F.Shuffle4x128(v21, v23, 0xDD));
        var v30 = Avx512F.Shuffle4x128(u3, u7, 0x44);
        var v31 = Avx512F.Shuffle4x128(u3, u7, 0xEE);
        var v32 = Avx512F.Shuffle4x128(u11, u15, 0x44);
        var v33 = Avx512F.Shuffle4x128(u11, u15, 0xEE);
        Avx512F.Store(dst + 3 * dstStride, Avx512F.Shuffle4x128(v30, v32, 0x88));
        Avx512F.Store(dst + 7 * dstStride, Avx512F.Shuffle4x128(v30, v32, 0xDD));
        Avx512F.Store(dst + 11 * dstStride, Avx512F.Shuffle4x128(v31, v33, 0x88));
        Avx512F.Store(dst + 15 * dstStride, Avx512F.Shuffle4x128(v31, v33, 0xDD));
    }


    /// <summary>Writes the transpose of the 8×8 block at <paramref name="src"/> to <paramref name="dst"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, nint srcStride, float* dst, nint dstStride)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + srcStride);
        var r2 = Avx.LoadVector256(src + 2 * srcStride);
        var r3 = Avx.LoadVector256(src + 3 * srcStride);
        var r4 = Avx.LoadVector256(src + 4 * srcStride);
        var r5 = Avx.LoadVector256(src + 5 * srcStride);
        var r6 = Avx.LoadVector256(src + 6 * srcStride);
        var r7 = Avx.LoadVector256(src + 7 * srcStride);

        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);

        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * dstStride, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * dstStride, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * dstStride, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * dstStride, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * dstStride, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * dstStride, Avx.Permute2x128(u3, u7, 0x31));
    }
}
