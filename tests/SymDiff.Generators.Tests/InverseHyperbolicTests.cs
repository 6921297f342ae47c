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

    /// <summary>
    /// Arguments past √(max value): x² overflows, so 1/√(x² ∓ 1) is 0 where the derivative of acosh(eˣ) and asinh(eˣ)
    /// is 1 (an upstream as large as the argument meets a partial as small as its inverse; fuzzer seed 404484, where
    /// the argument was sinh(211)²). Every path, double and float.
    /// </summary>
    [Fact]
    public void ArgumentsWhoseSquareOverflowsKeepTheirDerivative()
    {
        var result = Execution.RunDriver(Prelude + """
            public static partial class Q
            {
                [Differentiable(Batch = true)]
                public static double A(double x) => Math.Acosh(Math.Exp(x)) + Math.Asinh(Math.Exp(x)) + Math.Asinh(-Math.Exp(x));

                [Differentiable]
                public static double L(ReadOnlySpan<double> v)
                {
                    double s = 0;
                    for (int i = 0; i < v.Length; i++) { s += Math.Acosh(Math.Exp(v[i])) + Math.Asinh(Math.Exp(v[i])); }
                    return s;
                }

                [Differentiable(Batch = true)]
                public static float F(float x) => MathF.Acosh(MathF.Exp(x)) + MathF.Asinh(MathF.Exp(x));
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    const double x = 400;
                    Q.AGradient(x, out var gA);
                    var tA = Q.APushforward(x, 1.0).Tangent;
                    var dA = new double[3];
                    Q.APullbackBatch(new double[] { x, x, 1.5 }, new double[] { 1, 1, 1 }, dA);
                    var dL = new double[2];
                    Q.LGradient(new double[] { x, x + 300 }, dL);
                    const float z = 50f;
                    Q.FGradient(z, out var gF);
                    var dF = new float[2];
                    Q.FPullbackBatch(new float[] { z, 0.5f }, new float[] { 1, 1 }, dF);
                    var a15 = Math.Exp(1.5);
                    var fdF = Math.Exp(0.5) / Math.Sqrt(Math.Exp(1.0) - 1) + Math.Exp(0.5) / Math.Sqrt(Math.Exp(1.0) + 1);
                    return [gA, tA, dA[0], dA[1], dA[2] - (a15 / Math.Sqrt(a15 * a15 - 1)), dL[0], dL[1], gF, dF[0], dF[1] - fdF];
                }
            }
            """);

        // acosh(eˣ)′ → 1 and asinh(±eˣ)′ → ±1 as x grows: A′ = 1, L′ = 2 per element, F′ = 2.
        AssertClose(result, [1, 1, 1, 1, 0, 2, 2, 2, 2, 0]);
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
