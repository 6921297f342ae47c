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
    /// for <c>r &lt; lanes</c>, zero for <c>lanes ≤ r &lt; w</c>. Transposes 8×8 blocks with AVX where available.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackStrided(float* src, nint stride, nint kc, int lanes, int w, float* dst)
    {
        var r = 0;
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
