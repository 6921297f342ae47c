using Microsoft.CodeAnalysis;
using SymDiff.Generators.Tests.Infrastructure;
using static SymDiff.Generators.Tests.Infrastructure.DerivativeChecks;

namespace SymDiff.Generators.Tests;

/// <summary>
/// Second derivatives through calls of methods with a custom <c>[DerivativeOf]</c> derivative: SymDiff differentiates
/// the user's derivative (a pullback run with seed 1 gives the partials, a pushforward's tangent expression is the
/// tangent). H·t and the dense Hessian against central differences of the generated gradient, for a method over
/// scalars and a loop, custom pullbacks of one and two parameters, one with a branch, a pushforward, <c>y = g(y)</c>;
/// SD0029 naming the call and why where the derivative cannot be differentiated again.
/// </summary>
public sealed class HessianCustomDerivativeTests
{
    private const string Functions = """
        public static partial class P
        {
            public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

            [DerivativeOf(nameof(Softplus))]
            public static double SoftplusPullback(double x, double seed, ref double dX)
            {
                dX += seed / (1 + Math.Exp(-x));
                return Softplus(x);
            }

            public static double LogCosh(double x) => Math.Log(Math.Cosh(x));

            [DerivativeOf(nameof(LogCosh))]
            public static (double Value, double Tangent) LogCoshPushforward(double x, double tX) => (LogCosh(x), Math.Tanh(x) * tX);

            public static double Mul(double a, [NoDerivative] double k, double b) => a * b * k;

            [DerivativeOf(nameof(Mul))]
            public static double MulPullback(double a, double k, double b, double seed, ref double dA, ref double dB)
            {
                dA += seed * b * k;
                dB += seed * a * k;
                return a * b * k;
            }

            /// <summary>A smooth ramp whose pullback branches: its second derivative is 2 on one side, 2·e^(x−1)… on the other.</summary>
            public static double Ramp(double x) => x < 1 ? x * x : Math.Exp(x - 1) + x - 1;

            [DerivativeOf(nameof(Ramp))]
            public static double RampPullback(double x, double seed, ref double dX)
            {
                if (x < 1)
                {
                    dX += seed * 2 * x;
                }
                else
                {
                    dX += seed * (Math.Exp(x - 1) + 1);
                }

                return Ramp(x);
            }

            [Differentiable(Hessian = true)]
            public static double Scalar(double x, double y) => Softplus(x * y) + 3 * LogCosh(x - y) + Mul(x, 0.5, Math.Sin(y)) * x + Ramp(x + y);

            [Differentiable(Hessian = true)]
            public static double Loop(ReadOnlySpan<double> w, double b)
            {
                double s = 0;
                for (int i = 0; i < w.Length; i++)
                {
                    double z = Softplus(w[i] * b + 0.1 * i);
                    z = Ramp(z);
                    s += z * LogCosh(w[i]) + Mul(w[i], 2.0, z);
                }

                return s;
            }
        }

        """;

    [Fact]
    public void HessiansThroughCustomDerivativesMatchFiniteDifferences()
    {
        var result = Execution.RunDriver("using System.Collections.Generic;\n" + Prelude + Functions + """
            public static class Driver
            {
            """ + HessianLoopTests.HessianCheck + """
                public static double[] Run()
                {
                    var errors = new List<double>();
                    foreach (var start in new[] { new[] { 0.7, -0.4 }, new[] { 0.9, 0.6 } })
                    {
                        Check(errors,
                            u => { P.ScalarGradient(u[0], u[1], out var dx, out var dy); return [dx, dy]; },
                            u => P.Scalar(u[0], u[1]),
                            (u, t, r) => P.ScalarHessianVectorProduct(u[0], u[1], t[0], t[1], out r[0], out r[1]),
                            (u, h) => P.ScalarHessian(u[0], u[1], h),
                            start, [0.8, -1.1]);
                    }

                    Check(errors,
                        u => { var d = new double[3]; P.LoopGradient(u.AsSpan(0, 3), u[3], d, out var db); return [.. d, db]; },
                        u => P.Loop(u.AsSpan(0, 3), u[3]),
                        (u, t, r) => { var v = P.LoopHessianVectorProduct(u.AsSpan(0, 3), u[3], t.AsSpan(0, 3), t[3], r.AsSpan(0, 3), out var rb); r[3] = rb; return v; },
                        (u, h) => P.LoopHessian(u.AsSpan(0, 3), u[3], h),
                        [0.3, -0.2, 0.5, 0.4], [1.0, -0.5, 0.25, 0.7]);
                    return errors.ToArray();
                }
            }
            """);
        for (var i = 0; i < result.Length; i++)
        {
            Assert.True(Math.Abs(result[i]) <= 2e-5, $"entry {i}: {result[i]}\nall: {string.Join(", ", result)}");
        }
    }

    [Theory]
    [InlineData(
        "public static double G(double x) { double s = 0; for (int i = 1; i <= 3; i++) { s += x / i; } return s; } [DerivativeOf(nameof(G))] public static double GPullback(double x, double seed, ref double dX) { for (int i = 1; i <= 3; i++) { dX += seed / i; } return G(x); }",
        "its custom derivative GPullback has a loop")]
    [InlineData(
        "public static double G(double x) => x * x; [DerivativeOf(nameof(G))] public static double GPullback(double x, double seed, ref double dX) { dX += seed * Twice(x); return G(x); } [Differentiable] public static double Twice(double x) => 2 * x;",
        "its custom derivative GPullback calls another method where it computes the derivative")]
    [InlineData(
        "public static double G(double x) => x * x; [DerivativeOf(nameof(G))] public static (double Value, double Tangent) GPushforward(double x, double tX) { var d = 2 * x; return (G(x), d * tX); }",
        "its custom derivative GPushforward is not one returned tuple (Value, Tangent)")]
    [InlineData(
        "public static double G(double x) => x * x; [DerivativeOf(nameof(G))] public static double GPullback(double x, double seed, ref double dX) { dX += seed * 2 * x; Console.WriteLine(x); return G(x); }",
        "its custom derivative GPullback cannot be differentiated")]
    [InlineData(
        "private static readonly double Scale = 3; public static double G(double x) => Scale * x * x; [DerivativeOf(nameof(G))] public static double GPullback(double x, double seed, ref double dX) { dX += seed * Scale * 2 * x; return G(x); }",
        "its custom derivative GPullback reads static data (Scale)")]
    public void CustomDerivativesThatCannotBeDifferentiatedAgainGetSD0029(string callee, string why)
    {
        var source = $$"""
            using System;
            using SymDiff;
            public static partial class P
            {
                [Differentiable(Hessian = true)]
                public static double L(double x) => G(x) * x;

                {{callee}}
            }
            """;
        var run = GeneratorHarness.Run(source);
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("SD0029", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("L", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Contains("it calls G, and " + why, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(run.Sources.Values, s => s.Contains("LHessian", StringComparison.Ordinal));
        Assert.Empty(run.CompilationDiagnostics);
    }

    /// <summary>A method that does not ask for Hessians never looks at its callees' custom derivatives: nothing changes for it.</summary>
    [Fact]
    public void MethodsThatDoNotAskAreUnaffected()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using SymDiff;
            public static partial class P
            {
                public static double G(double x) { double s = 0; for (int i = 1; i <= 3; i++) { s += x / i; } return s; }

                [DerivativeOf(nameof(G))]
                public static double GPullback(double x, double seed, ref double dX) { for (int i = 1; i <= 3; i++) { dX += seed / i; } return G(x); }

                [Differentiable]
                public static double L(double x) => G(x) * x;
            }
            """);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Contains(run.Sources.Values, s => s.Contains("LGradient", StringComparison.Ordinal));
    }
}
