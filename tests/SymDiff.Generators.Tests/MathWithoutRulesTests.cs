using SymDiff.Generators.Tests.Infrastructure;
using static SymDiff.Generators.Tests.Infrastructure.DerivativeChecks;

namespace SymDiff.Generators.Tests;

/// <summary>
/// .NET math functions SymDiff has no rule for (<c>Math.CopySign</c>, <c>double.Exp10</c>, <c>Math.Round(x, digits)</c>) are
/// calls like any other: made as written where no derivative flows through them, and differentiated through a
/// <c>[DerivativeOf(typeof(Math), …)]</c> derivative the user supplies.
/// </summary>
public sealed class MathWithoutRulesTests
{
    [Fact]
    public void ABclFunctionGetsItsDerivativeFromDerivativeOf()
    {
        var result = Execution.RunDriver(Prelude + """
            public static partial class P
            {
                [DerivativeOf(typeof(Math), nameof(Math.CopySign))]
                public static double CopySignPullback(double x, double y, double seed, ref double dX, ref double dY) { dX += Math.Sign(x) == Math.Sign(y) ? seed : -seed; return Math.CopySign(x, y); }

                [DerivativeOf(typeof(double), nameof(double.Exp10))]
                public static (double Value, double Tangent) Exp10Pushforward(double x, double tX) => (double.Exp10(x), double.Exp10(x) * Math.Log(10) * tX);

                [Differentiable] public static double F(double x, double y) => Math.CopySign(x * y, x) + double.Exp10(x) * y;

                [Differentiable]
                public static double L(ReadOnlySpan<double> v)
                {
                    double s = 0;
                    foreach (var e in v) { s += Math.CopySign(e, 1.0) * e; }
                    return s;
                }
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    double x = 0.8, y = -1.7;
                    var value = P.FGradient(x, y, out var dX, out var dY);
                    var (_, tangent) = P.FPushforward(x, y, 1, 0);
                    double[] v = { 0.5, -2 };
                    var dV = new double[2];
                    P.LGradient(v, dV);
                    var fdX = Fd.D(a => P.F(a, y), x);
                    var fdY = Fd.D(b => P.F(x, b), y);
                    return new[] { value - P.F(x, y), dX - fdX, dY - fdY, tangent - fdX, dV[0] - Fd.D(a => P.L(a), v, 0), dV[1] - Fd.D(a => P.L(a), v, 1), fdX, fdY };
                }
            }
            """);
        AssertClose(result[..^2], new double[result.Length - 2]);
        Assert.All(result[^2..], d => Assert.True(Math.Abs(d) > 0.1, $"derivative {d}"));
    }

    [Fact]
    public void ABclFunctionOfDataOnlyIsCalledAsWritten()
    {
        // No derivative flows through Math.Round(k, 2) or double.Exp10(k): they need none, and are not rejected.
        var result = Execution.RunDriver(Prelude + """
            public static partial class P
            {
                [Differentiable] public static double F(double x, [NoDerivative] double k) => x * Math.Round(k, 2) + double.Exp10(k);
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    var value = P.FGradient(3, 1.234, out var dX);
                    return new[] { value, dX };
                }
            }
            """);
        AssertClose(result, 3 * 1.23 + Math.Pow(10, 1.234), 1.23);
    }
}
