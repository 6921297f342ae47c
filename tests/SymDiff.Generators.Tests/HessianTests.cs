using Microsoft.CodeAnalysis;
using SymDiff.Generators.Tests.Infrastructure;
using static SymDiff.Generators.Tests.Infrastructure.DerivativeChecks;

namespace SymDiff.Generators.Tests;

/// <summary>
/// <c>[Differentiable(Hessian = true)]</c>: <c>{F}HessianVectorProduct</c> (forward over reverse) and <c>{F}Hessian</c>
/// (dense, symmetric) against central differences of the generated gradient, through branches, singular partials
/// (√, log, pow), a broadcast <c>[NoDerivative]</c> parameter and single precision; SD0029 where they cannot be
/// generated (calls with differentiable arguments, span outputs); nothing for methods that do not ask. Loop methods:
/// <see cref="HessianLoopTests"/>.
/// </summary>
public sealed class HessianTests
{
    private const string Functions = """
        public static partial class P
        {
            [Differentiable(Hessian = true)]
            public static double F(double x, double y, [NoDerivative] double c)
            {
                double s = x * x * y + Math.Sin(x * y) + Math.Exp(c * y);
                if (x > y)
                {
                    s += Math.Sqrt(1 + x * x) * Math.Log(2 + y * y);
                }
                else
                {
                    s -= Math.Pow(1.5 + y * y, 1.5) / (1 + x * x);
                }

                return s * Math.Tanh(y) + Math.Atan2(x, 2 + y * y);
            }

            [Differentiable(Hessian = true)]
            public static float G(float a, float b) => MathF.Exp(a * b) + a * a * a / (1f + b * b);

            public static double GInDouble(double a, double b) => Math.Exp(a * b) + a * a * a / (1 + b * b);
        }

        """;

    /// <summary>Entry (i, j) of the Hessian of F at (x, y) by central differences of the generated gradient.</summary>
    private const string Checks = """
        public static class Driver
        {
            static double[] FdHessian(double x, double y, double c)
            {
                double[] G(double a, double b) { P.FGradient(a, b, c, out var ga, out var gb); return [ga, gb]; }
                var h = 1e-5;
                var (px, mx, py, my) = (G(x + h, y), G(x - h, y), G(x, y + h), G(x, y - h));
                return [(px[0] - mx[0]) / (2 * h), (px[1] - mx[1]) / (2 * h), (py[0] - my[0]) / (2 * h), (py[1] - my[1]) / (2 * h)];
            }

            public static double[] Run()
            {
                var result = new System.Collections.Generic.List<double>();
                foreach (var (x, y) in new[] { (0.9, 0.4), (-0.3, 0.8) })
                {
                    const double c = 0.7;
                    var fd = FdHessian(x, y, c);
                    var value = P.FHessianVectorProduct(x, y, c, 0.3, -1.2, out var hx, out var hy);
                    var hessian = new double[4];
                    var dense = P.FHessian(x, y, c, hessian);
                    result.AddRange([value - P.F(x, y, c), dense - P.F(x, y, c)]);
                    result.AddRange([hx - (0.3 * fd[0] - 1.2 * fd[2]), hy - (0.3 * fd[1] - 1.2 * fd[3])]);
                    result.AddRange([hessian[0] - fd[0], hessian[1] - (fd[1] + fd[2]) / 2, hessian[2] - (fd[1] + fd[2]) / 2, hessian[3] - fd[3]]);
                    result.Add(hessian[1] - hessian[2]);
                }

                // Single precision, against differences of a double twin's value.
                const float a = 0.6f, b = -0.4f;
                var g = new float[4];
                P.GHessian(a, b, g);
                double Second(int i, int j)
                {
                    var h = 1e-4;
                    double F(double da, double db) => P.GInDouble(a + da, b + db);
                    double[] e = [i == 0 ? h : 0, i == 1 ? h : 0];
                    double[] f = [j == 0 ? h : 0, j == 1 ? h : 0];
                    return (F(e[0] + f[0], e[1] + f[1]) - F(e[0] - f[0], e[1] - f[1]) - F(-e[0] + f[0], -e[1] + f[1]) + F(-e[0] - f[0], -e[1] - f[1])) / (4 * h * h);
                }

                result.AddRange([(g[0] - Second(0, 0)) / 100, (g[1] - Second(0, 1)) / 100, (g[3] - Second(1, 1)) / 100]);
                result.AddRange([hessianNonZero(x: 0.9, y: 0.4)]);
                return result.ToArray();
            }

            static double hessianNonZero(double x, double y)
            {
                var hessian = new double[4];
                P.FHessian(x, y, 0.7, hessian);
                return Math.Abs(hessian[0]) > 0.1 && Math.Abs(hessian[1]) > 0.1 && Math.Abs(hessian[3]) > 0.1 ? 0 : 1;
            }
        }
        """;

    [Fact]
    public void HessianVectorProductAndDenseHessianMatchFiniteDifferences()
    {
        var result = Execution.RunDriver(Prelude + Functions + Checks);
        for (var i = 0; i < result.Length; i++)
        {
            Assert.True(Math.Abs(result[i]) <= 2e-5, $"entry {i}: {result[i]}\nall: {string.Join(", ", result)}");
        }
    }

    /// <summary>
    /// A float parameter of a double method: its adjoints have its type (computed in double, rounded once when stored),
    /// in <c>PushforwardPullback</c> as in the first-order members, while H·t's products are rows of the Hessian, which
    /// has the result's type. The values against the analytic Hessian of sin(x)·y². (With loops or calls such a method
    /// gets SD0029: its dense Hessian passed the matrix's entries where the parameter's type was wanted, CS1503.)
    /// </summary>
    [Fact]
    public void SecondDerivativesOfAFloatParameterHaveItsType()
    {
        const string Mixed = """
            public static partial class M
            {
                [Differentiable(Hessian = true)]
                public static double F(float x, double y) => Math.Sin(x) * y * y;
            }
            """;
        var run = GeneratorHarness.Run(Prelude + Mixed);
        Assert.Empty(run.CompilationDiagnostics);
        var source = run.File("M.F");
        Assert.Contains("FHessianVectorProduct(float x, double y, float tX, double tY, out double hvpX, out double hvpY)", source, StringComparison.Ordinal);
        Assert.Contains("FPushforwardPullback(float x, double y, float tX, double tY, double seed, ref float dX, ref double dY, ref float dTX, ref double dTY)", source, StringComparison.Ordinal);
        Assert.Contains("FGradient(float x, double y, out float dX, out double dY)", source, StringComparison.Ordinal);

        var result = Execution.RunDriver(Prelude + Mixed + """
            public static class Driver
            {
                public static double[] Run()
                {
                    const float x = 0.7f;
                    const double y = -1.3, tx = 0.4, ty = 0.9;
                    double fxx = -Math.Sin(x) * y * y, fxy = 2 * Math.Cos(x) * y, fyy = 2 * Math.Sin(x);
                    M.FHessianVectorProduct(x, y, (float)tx, ty, out double hx, out double hy);
                    var hessian = new double[4];
                    M.FHessian(x, y, hessian);
                    float dX = 0, dTX = 0;
                    double dY = 0, dTY = 0;
                    M.FPushforwardPullback(x, y, (float)tx, ty, 1.0, ref dX, ref dY, ref dTX, ref dTY);
                    return new[]
                    {
                        hx - (fxx * (float)tx + fxy * ty), hy - (fxy * (float)tx + fyy * ty),
                        hessian[0] - fxx, hessian[1] - fxy, hessian[2] - fxy, hessian[3] - fyy,
                        dX - hx, dY - hy, dTX - Math.Cos(x) * y * y, dTY - 2 * Math.Sin(x) * y,
                    };
                }
            }
            """);
        for (var i = 0; i < result.Length; i++)
        {
            Assert.True(Math.Abs(result[i]) <= 1e-6, $"entry {i}: {result[i]}\nall: {string.Join(", ", result)}");
        }
    }

    [Fact]
    public void DenseHessianSaysWhatLengthItNeeds()
    {
        var result = Execution.RunDriver(Prelude + Functions + """
            public static class Driver
            {
                public static double[] Run()
                {
                    try { P.FHessian(1, 2, 3, new double[3]); return [0]; }
                    catch (ArgumentException e) { return [e.ParamName == "hessian" && e.Message.Contains("hessian has 3 elements but the Hessian over (x, y) has 2×2 = 4") ? 1 : 0]; }
                }
            }
            """);
        Assert.Equal([1.0], result);
    }

    [Theory]
    [InlineData("public static double L(double x) => Sq(x) * x; [Differentiable] public static double Sq(double x) => x * x;", "it calls Sq")]
    [InlineData("public static double L(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { s += Sq(v[i]); } return s; } [Differentiable(Inline = false)] public static double Sq(double x) => x * x;", "it calls Sq with a differentiable argument")]
    [InlineData("public static void L(ReadOnlySpan<double> v, Span<double> y) { for (int i = 0; i < v.Length; i++) { y[i] = v[i] * v[i]; } }", "returns its result in a span")]
    public void MethodsWhoseHessianIsNotGeneratedGetSD0029OnTheirName(string method, string why)
    {
        var source = $$"""
            using System;
            using SymDiff;
            public static partial class P
            {
                [Differentiable(Hessian = true)]
                {{method}}
            }
            """;
        var run = GeneratorHarness.Run(source);
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("SD0029", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("L", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Contains(why, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(run.Sources.Values, s => s.Contains("LHessian", StringComparison.Ordinal));
        Assert.Empty(run.CompilationDiagnostics);
    }

    /// <summary>A callee that asks for second derivatives but gets none takes its callers' with it, each told why on its own name.</summary>
    [Fact]
    public void ACalleeWithoutSecondDerivativesTakesItsCallersWithIt()
    {
        var source = InnerCalledInALoop("Hessian = true, Inline = false");
        var run = GeneratorHarness.Run(source);
        Assert.Equal(2, run.Diagnostics.Count);
        Assert.All(run.Diagnostics, d => Assert.Equal("SD0029", d.Id));
        var inner = run.Diagnostics.Single(d => source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length) == "Inner");
        var outer = run.Diagnostics.Single(d => source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length) == "Outer");
        Assert.Contains("it calls Sq", inner.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("it calls Inner, which gets no second derivatives itself", outer.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(run.Sources.Values, s => s.Contains("HessianVectorProduct", StringComparison.Ordinal));
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void ACallerThatInlinesItsCalleesGetsSecondDerivativesTheCalleesDoNot()
    {
        // Outer has loops, so it inlines Inner and Sq (InlinedCallees) and differentiates their bodies twice itself.
        var run = GeneratorHarness.Run(InnerCalledInALoop("Hessian = true"));
        Assert.Equal("SD0029", Assert.Single(run.Diagnostics).Id);
        Assert.Contains("OuterHessianVectorProduct", run.Sources.Single(s => s.Key.EndsWith(".Outer.g.cs", StringComparison.Ordinal)).Value, StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics);
    }

    /// <summary>Outer, with loops and second derivatives, calls Inner (attributed <paramref name="innerAttribute"/>), which calls Sq (first derivatives only).</summary>
    private static string InnerCalledInALoop(string innerAttribute) => $$"""
        using System;
        using SymDiff;
        public static partial class P
        {
            [Differentiable({{innerAttribute}})]
            public static double Inner(double x) => Sq(x) * x;

            [Differentiable]
            public static double Sq(double x) => x * x;

            [Differentiable(Hessian = true)]
            public static double Outer(ReadOnlySpan<double> v)
            {
                double s = 0;
                for (int i = 0; i < v.Length; i++)
                {
                    s += Inner(v[i]);
                }

                return s;
            }
        }
        """;

    [Fact]
    public void MethodsThatDoNotAskGetNoHessian()
    {
        var run = GeneratorHarness.Run("using System; using SymDiff; public static partial class P { [Differentiable] public static double F(double x) => x * x * x; }");
        Assert.Empty(run.Diagnostics);
        Assert.DoesNotContain(run.Sources.Values, s => s.Contains("Hessian", StringComparison.Ordinal));
    }

    [Fact]
    public void HessianMembersMatchTheBaseline()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using SymDiff;

            namespace Demo;

            public static partial class Curvature
            {
                [Differentiable(Hessian = true)]
                public static double Rosenbrock(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
            }
            """);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Snapshot.Verify("HessianOfRosenbrock", run.Sources);
    }
}
