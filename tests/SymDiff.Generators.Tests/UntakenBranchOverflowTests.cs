using SymDiff.Generators.Tests.Infrastructure;
using static SymDiff.Generators.Tests.Infrastructure.DerivativeChecks;

namespace SymDiff.Generators.Tests;

/// <summary>
/// A value computed before a branch and used only in the arm not taken has an adjoint of exactly 0; when its partial
/// overflowed (e<sup>800</sup>, cosh 800) the reverse sweep must contribute 0, not 0·∞ = NaN (fuzzer seed 70129:
/// <c>t2 = Sinh(1 + v²)</c> used in a condition and one arm).
/// </summary>
public sealed class UntakenBranchOverflowTests
{
    [Fact]
    public void OverflowedPartialInTheArmNotTakenContributesNothing()
    {
        var result = Execution.RunDriver(Prelude + """
            public static partial class P
            {
                [Differentiable]
                public static double Softplus(double x)
                {
                    double e = Math.Exp(x);
                    if (x > 30) return x;
                    return Math.Log(1 + e);
                }

                [Differentiable]
                public static double Guarded(double x, double y)
                {
                    double t = Math.Sinh(1 + x * x);
                    double z = t * y;
                    double r = y;
                    if (2 * x > t) { r = r + z; }
                    return r * x;
                }

                [Differentiable(Batch = true)]
                public static double SoftplusBatched(double x)
                {
                    double e = Math.Exp(x);
                    if (x > 30) return x;
                    return Math.Log(1 + e);
                }

                [Differentiable]
                public static double Sum(ReadOnlySpan<double> xs)
                {
                    double s = 0;
                    for (int i = 0; i < xs.Length; i++)
                    {
                        double e = Math.Exp(xs[i]);
                        if (xs[i] > 30) { s += xs[i]; } else { s += Math.Log(1 + e); }
                    }

                    return s;
                }
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    P.SoftplusGradient(800, out var dSoftplus);
                    var pulled = 0.0;
                    P.SoftplusPullback(800, 2.0, ref pulled);
                    P.GuardedGradient(30, 0.5, out var dX, out var dY);
                    var dBatch = new double[2];
                    P.SoftplusBatchedPullbackBatch(new double[] { 800, 0 }, new double[] { 1, 1 }, dBatch);
                    var dXs = new double[2];
                    P.SumGradient(new double[] { 800, 0 }, dXs);
                    return new[] { dSoftplus, pulled, dX, dY, dBatch[0], dBatch[1], dXs[0], dXs[1] };
                }
            }
            """);
        AssertClose(result, 1, 2, 0.5, 30, 1, 0.5, 1, 0.5);
    }

    /// <summary>
    /// The same for the operand a <c>Min</c>, <c>Max</c>, <c>Clamp</c> or <c>?:</c> does not select (fuzzer seed 80991:
    /// <c>Min(t·Sinh(1 + t²), e^(sin y))</c> with Sinh overflowed, the result finite, every derivative NaN).
    /// </summary>
    [Fact]
    public void OverflowedPartialOfTheOperandNotSelectedContributesNothing()
    {
        var result = Execution.RunDriver(Prelude + """
            public static partial class P
            {
                [Differentiable]
                public static double Smaller(double x, double y) => Math.Min(x * Math.Sinh(1 + x * x), y * y);

                [Differentiable]
                public static double Larger(double x, double y) => Math.Max(-Math.Exp(x) * y, y);

                [Differentiable]
                public static double Clamped(double x, double y) => Math.Clamp(y, -x * Math.Cosh(x), 3);

                [Differentiable]
                public static double Chosen(double x, double y) => y > 0 ? y * y : Math.Exp(x) * y;

                [Differentiable]
                public static double SmallerSum(ReadOnlySpan<double> xs, double y)
                {
                    double s = 0;
                    for (int i = 0; i < xs.Length; i++) { s += Math.Min(xs[i] * Math.Sinh(1 + xs[i] * xs[i]), y * y); }
                    return s;
                }
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    P.SmallerGradient(30, 2, out var sX, out var sY);
                    P.LargerGradient(800, 2, out var lX, out var lY);
                    P.ClampedGradient(800, 2, out var cX, out var cY);
                    P.ChosenGradient(800, 2, out var hX, out var hY);
                    var dXs = new double[2];
                    P.SmallerSumGradient(new double[] { 30, 0.5 }, 2, dXs, out var dY);
                    return new[] { sX, sY, lX, lY, cX, cY, hX, hY, dXs[0], dY };
                }
            }
            """);
        AssertClose(result, 0, 4, 0, 1, 0, 1, 0, 4, 0, 4);
    }
}
