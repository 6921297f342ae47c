using BenchmarkDotNet.Attributes;

namespace SymDiff.Benchmarks.LongBody;

/// <summary>
/// A straight-line body of 400 statements, the shape of unrolled or machine-written model code. Its pullback printed as
/// one method has about 73 KB of IL, past the 60 KB above which .NET compiles a method without optimization; the
/// generator splits such bodies into private parts (<c>ChainPullbackPart1</c>, …), each optimized.
/// </summary>
public static partial class Unrolled
{
    [Differentiable]
    public static double Chain(ReadOnlySpan<double> x)
    {
        double s = 0.5;
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[0] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[1] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[2] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[3] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[4] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[5] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[6] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[7] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[8] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[9] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[10] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[11] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[12] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[13] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[14] * s) * 0.01);
        s = (s * 0.999) + (Math.Sin(x[15] * s) * 0.01);
        return s;
    }
}

/// <summary>
/// The gradient and pushforward of <see cref="Unrolled.Chain"/> against its primal, one thread. Run:
/// <c>dotnet run -c Release --project tests/SymDiff.Benchmarks -- --filter '*LongBody*'</c>.
/// </summary>
[ShortRunJob]
public class LongBodyBenchmarks
{
    private readonly double[] _x = Enumerable.Range(0, 16).Select(i => 0.1 * i).ToArray();
    private readonly double[] _tangent = Enumerable.Range(0, 16).Select(i => Math.Cos(i)).ToArray();
    private readonly double[] _gradient = new double[16];

    /// <summary>Checks what is timed: the gradient against central differences, the pushforward against the gradient.</summary>
    [GlobalSetup]
    public void Verify()
    {
        Unrolled.ChainGradient(_x, _gradient);
        var directional = 0.0;
        for (var i = 0; i < _x.Length; i++)
        {
            var (plus, minus) = ((double[])_x.Clone(), (double[])_x.Clone());
            plus[i] += 1e-6;
            minus[i] -= 1e-6;
            var fd = (Unrolled.Chain(plus) - Unrolled.Chain(minus)) / 2e-6;
            if (Math.Abs(fd - _gradient[i]) > 1e-7)
            {
                throw new InvalidOperationException($"ChainGradient: component {i} is {_gradient[i]}, central differences give {fd}");
            }

            directional += _gradient[i] * _tangent[i];
        }

        var tangent = Unrolled.ChainPushforward(_x, _tangent).Tangent;
        if (Math.Abs(tangent - directional) > 1e-12)
        {
            throw new InvalidOperationException($"ChainPushforward: tangent {tangent}, gradient·t {directional}");
        }
    }

    [Benchmark(Baseline = true, Description = "Primal (400 statements)")]
    public double Primal() => Unrolled.Chain(_x);

    [Benchmark(Description = "Gradient")]
    public double Gradient() => Unrolled.ChainGradient(_x, _gradient);

    [Benchmark(Description = "Pushforward")]
    public double Pushforward() => Unrolled.ChainPushforward(_x, _tangent).Tangent;
}
