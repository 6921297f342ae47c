using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace SymDiff.Linear;

/// <summary>
/// A register-blocked micro-kernel: computes an <see cref="MR"/>×<see cref="NR"/> tile of C from packed panels.
/// The blocked driver is generic over implementations (structs), so the JIT specialises it per kernel and
/// folds the tile sizes into constants.
/// </summary>
internal unsafe interface IGemmMicroKernel
{
    /// <summary>Rows of the tile (values of A broadcast per step).</summary>
    static abstract int MR { get; }

    /// <summary>Columns of the tile (values of B loaded as vectors per step).</summary>
    static abstract int NR { get; }

    /// <summary>Whether the hardware can run this kernel.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>C[0..MR, 0..NR] = alpha·(Ap·Bp) + beta·C; when beta is 0, C is not read.</summary>
    static abstract void Run(nint kc, float* pa, float* pb, float* c, nint ldc, float alpha, float beta);
}

/// <summary>AVX-512 kernel, 8×32 tile.</summary>
internal readonly struct Avx512Kernel8x32 : IGemmMicroKernel
{
    public static int MR => 8;
    public static int NR => 32;
    public static bool IsSupported => Avx512F.IsSupported;
    public static unsafe void Run(nint kc, float* pa, float* pb, float* c, nint ldc, float alpha, float beta)
        => GemmKernelsAvx512.Kernel8x32(kc, pa, pb, c, ldc, alpha, beta);
}

/// <summary>AVX-512 kernel, 12×32 tile.</summary>
internal readonly struct Avx512Kernel12x32 : IGemmMicroKernel
{
    public static int MR => 12;
    public static int NR => 32;
    public static bool IsSupported => Avx512F.IsSupported;
    public static unsafe void Run(nint kc, float* pa, float* pb, float* c, nint ldc, float alpha, float beta)
        => GemmKernelsAvx512.Kernel12x32(kc, pa, pb, c, ldc, alpha, beta);
}

/// <summary>AVX-512 kernel, 14×32 tile.</summary>
internal readonly struct Avx512Kernel14x32 : IGemmMicroKernel
{
    public static int MR => 14;
    public static int NR => 32;
    public static bool IsSupported => Avx512F.IsSupported;
    public static unsafe void Run(nint kc, float* pa, float* pb, float* c, nint ldc, float alpha, float beta)
        => GemmKernelsAvx512.Kernel14x32(kc, pa, pb, c, ldc, alpha, beta);
}

/// <summary>AVX-512 kernel, 6×64 tile.</summary>
internal readonly struct Avx512Kernel6x64 : IGemmMicroKernel
{
    public static int MR => 6;
    public static int NR => 64;
    public static bool IsSupported => Avx512F.IsSupported;
    public static unsafe void Run(nint kc, float* pa, float* pb, float* c, nint ldc, float alpha, float beta)
        => GemmKernelsAvx512.Kernel6x64(kc, pa, pb, c, ldc, alpha, beta);
}

/// <summary>AVX2+FMA kernel, 6×16 tile.</summary>
internal readonly struct Avx2Kernel6x16 : IGemmMicroKernel
{
    public static int MR => 6;
    public static int NR => 16;
    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported;
    public static unsafe void Run(nint kc, float* pa, float* pb, float* c, nint ldc, float alpha, float beta)
        => GemmKernelsAvx2.Kernel6x16(kc, pa, pb, c, ldc, alpha, beta);
}

/// <summary>Portable <see cref="Vector{T}"/> kernel, 4×(2·Vector&lt;float&gt;.Count) tile.</summary>
internal readonly struct PortableKernel : IGemmMicroKernel
{
    public static int MR => 4;
    public static int NR => GemmKernelsPortable.NR;
    public static bool IsSupported => true;
    public static unsafe void Run(nint kc, float* pa, float* pb, float* c, nint ldc, float alpha, float beta)
        => GemmKernelsPortable.Kernel4xN(kc, pa, pb, c, ldc, alpha, beta);
}
