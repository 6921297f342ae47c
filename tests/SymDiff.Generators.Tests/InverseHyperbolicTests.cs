using SymDiff.Generators.Tests.Infrastructure;
using static SymDiff.Generators.Tests.Infrastructure.DerivativeChecks;

namespace SymDiff.Generators.Tests;

/// <summary>
/// <c>Asinh</c>, <c>Acosh</c> and <c>Atanh</c> (one row each in the operations table, one rule each): asinh′ = 1/√(x² + 1),
/// acosh′ = 1/√(x² − 1) for x &gt; 1, atanh′ = 1/(1 − x²), against central differences on every path: the scalar
/// Gradient, Pullback and Pushforward, a loop over a span, single precision, and a batch kernel (no SIMD form: a
/// scalar loop).
/// </summary>
public sealed class InverseHyperbolicTests
{
    private const string Functions = """
        public static partial class P
        {
            [Differentiable]
            public static double F(double x, double y) => Math.Asinh(x * y) + Math.Acosh(1 + x * x + y) + Math.Atanh(x / (1 + y * y));

            [Differentiable]
            public static double H(ReadOnlySpan<double> v)
            {
                double s = 0;
                for (int i = 0; i < v.Length; i++) { s += double.Asinh(v[i]) * Math.Acosh(1.5 + v[i] * v[i]) + double.Atanh(v[i] / 3); }
                return s;
            }

            [Differentiable]
            public static float G(float x) => MathF.Asinh(3 * x) + MathF.Acosh(2 + x * x) + float.Atanh(x / 2);

            /// <summary>G in double precision, for finite differences a float cannot resolve.</summary>
            public static double GInDouble(double x) => Math.Asinh(3 * x) + Math.Acosh(2 + x * x) + Math.Atanh(x / 2);

            [Differentiable(Batch = true)]
            public static double B(double x, [NoDerivative] double k) => Math.Asinh(k * x) + Math.Acosh(1 + x * x) + Math.Atanh(0.5 * x);
        }

        """;

    [Fact]
    public void ScalarLoopAndFloatDerivativesMatchFiniteDifferences()
    {
        var result = Execution.RunDriver(Prelude + Functions + """
            public static class Driver
            {
                public static double[] Run()
                {
                    double x = 0.7, y = 1.3;
            """ + ChecksOfF + ChecksOfH + """
                    float z = 0.6f;
                    var g = P.GGradient(z, out var dZ);
                    var fdZ = Fd.D(P.GInDouble, z);

                    return [.. errorsOfF, .. errorsOfH, g - P.G(z), dZ, fdZ, fdX, fdY];
                }
            }
            """);

        // The float derivative (computed in float) is within float rounding of the double one; the derivatives
        // themselves are non-zero, so the differences compare something.
        AssertClose(result[..^4], new double[result.Length - 4]);
        var (dZ, fdZ) = (result[^4], result[^3]);
        Assert.True(Math.Abs(dZ - fdZ) <= 1e-5 * Math.Abs(fdZ), $"float derivative {dZ}, double finite difference {fdZ}");
        Assert.All(result[^3..], d => Assert.True(Math.Abs(d) > 0.1, $"derivative {d}"));
    }

    [Fact]
    public void BatchKernelIsTheScalarDerivativePerElement()
    {
        var result = Execution.RunDriver(Prelude + Functions + """
            public static class Driver
            {
                public static double[] Run()
                {
                    double[] x = { 0.8, -1.2, 0.3, 1.5, -0.6 };
                    const double k = 1.7;
                    var values = new double[5];
                    P.BBatch(x, k, values);
                    var upstream = new double[] { 1, -2, 0.5, 3, 1.5 };
                    var dX = new double[5];
                    P.BPullbackBatch(x, k, upstream, dX);
                    var result = new double[2 * x.Length];
                    for (int i = 0; i < x.Length; i++)
                    {
                        result[2 * i] = values[i] - P.B(x[i], k);
                        result[2 * i + 1] = dX[i] - upstream[i] * Fd.D(t => P.B(t, k), x[i]);
                    }

                    return result;
                }
            }
            """);

        AssertClose(result, new double[result.Length]);
    }

    [Fact]
    public void BatchKernelSaysWhyItIsAScalarLoop()
    {
        var run = GeneratorHarness.Run(TestOptions.AllKernels, "using System;\nusing SymDiff;\n" + Functions);
        Assert.Empty(run.Diagnostics);
        Assert.Contains("Asinh has no SIMD form", run.Sources["P.B.Batch.g.cs"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x * Math.Asinh(x)", "asinh(x)")]
    [InlineData("x * Math.Acosh(x)", "acosh(x)")]
    [InlineData("x * Math.Atanh(x)", "atanh(x)")]
    public void DocFormulasNameTheFunction(string body, string function)
    {
        var formula = Assert.Single(FormulaTests.GradientFormulas(FormulaTests.Method("F", "double x", body)));
        Assert.StartsWith("∂F/∂x = " + function, formula, StringComparison.Ordinal);
    }
}
