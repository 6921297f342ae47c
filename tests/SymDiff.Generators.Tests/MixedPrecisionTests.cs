using SymDiff.Generators.Tests.Infrastructure;
using static SymDiff.Generators.Tests.Infrastructure.DerivativeChecks;

namespace SymDiff.Generators.Tests;

/// <summary>
/// Methods whose differentiable parameters have another precision than their result (a <c>float</c> parameter of a
/// <c>double</c> method, a <c>double</c> span of a <c>float</c> one), and calls of such methods: every first- and
/// second-order member against central differences of a <c>double</c> twin, on a body of scalars, a body with loops and
/// a vector function. A parameter's derivative has the parameter's type (rounded to it); H·t's products and the dense
/// Hessian have the result's, as a body of scalars that calls nothing gives them.
/// </summary>
public sealed class MixedPrecisionTests
{
    private const string Functions = """
        public static partial class P
        {
            [Differentiable(Hessian = true, PushforwardN = true)]
            public static double Mix(float x, double y) => x * x * y + Math.Sin(x);

            // Found writing these tests: the call's partial along x was declared double where MixGradient gives a float
            // (CS1503), and its adjoint, a double, stored into dC without a conversion (CS0266).
            [Differentiable(Hessian = true, PushforwardN = true)]
            public static double Outer(double a, float c) => Mix(c, a) * a + c;

            [Differentiable(Hessian = true, PushforwardN = true)]
            public static double Loop(ReadOnlySpan<float> w, double b)
            {
                double s = 0;
                for (int i = 0; i < w.Length; i++)
                {
                    s += Math.Sin(w[i] * b) * w[i] + Mix(w[i], b);
                }

                return s;
            }

            [Differentiable(Hessian = true)]
            public static float Narrow(ReadOnlySpan<double> w, float b)
            {
                float s = 0;
                for (int i = 0; i < w.Length; i++)
                {
                    s += (float)(Math.Exp(w[i] * 0.3) * w[i]) * b;
                }

                return s * s;
            }

            // Found by the fuzzer (seed 1380003): a body of scalars whose result is float and parameter double stored H·t
            // along x, a double, into its float product (CS0266).
            [Differentiable(Hessian = true)]
            public static float Single(double x, float y) => MathF.Cos(y - MathF.Exp(2 * MathF.Sin((float)x)));

            public static double SingleD(double x, double y) => Math.Cos(y - Math.Exp(2 * Math.Sin(x)));

            // Found by the fuzzer (seed 1380106): forward mode multiplied the call's float partial by the double tangent of
            // the argument and stored the double product into a float tangent (CS0266).
            [Differentiable(PushforwardN = true)]
            public static float Caller(float a, float b) => MathF.Sin(Single(a, b)) * a;

            public static double CallerD(double a, double b) => Math.Sin(SingleD(a, b)) * a;

            [Differentiable]
            public static void Vector(ReadOnlySpan<double> v, float c, Span<double> y)
            {
                for (int i = 0; i < y.Length; i++)
                {
                    y[i] = Mix(c, v[i]) * v[i];
                }
            }

            public static double MixD(double x, double y) => x * x * y + Math.Sin(x);

            public static double OuterD(double a, double c) => MixD(c, a) * a + c;

            public static double LoopD(double[] w, double b)
            {
                double s = 0;
                for (int i = 0; i < w.Length; i++)
                {
                    s += Math.Sin(w[i] * b) * w[i] + MixD(w[i], b);
                }

                return s;
            }

            public static double NarrowD(double[] w, double b)
            {
                double s = 0;
                for (int i = 0; i < w.Length; i++)
                {
                    s += Math.Exp(w[i] * 0.3) * w[i] * b;
                }

                return s * s;
            }
        }
        """;

    private const string Checks = """
        public static class Driver
        {
            static readonly System.Collections.Generic.List<double> Errors = new();

            // Relative to the size of what is compared: float parameters' derivatives are rounded to float.
            static void Near(double got, double expected) => Errors.Add((got - expected) / Math.Max(1, Math.Abs(expected)));

            static double Second(Func<double[], double> f, double[] z, int i, int j)
            {
                var h = 1e-4;
                double F(double di, double dj)
                {
                    var u = (double[])z.Clone();
                    u[i] += di;
                    u[j] += dj;
                    return f(u);
                }

                return (F(h, h) - F(h, -h) - F(-h, h) + F(-h, -h)) / (4 * h * h);
            }

            static void Hessian(Func<double[], double> f, double[] z, double[] dense)
            {
                for (var i = 0; i < z.Length; i++)
                {
                    for (var j = 0; j < z.Length; j++)
                    {
                        Near(dense[i * z.Length + j], Second(f, z, i, j));
                    }
                }
            }

            public static double[] Run()
            {
                // A body of scalars that calls nothing: its own island.
                {
                    Func<double[], double> f = z => P.MixD(z[0], z[1]);
                    double[] z = [0.375, -1.25];
                    Near(P.MixGradient(0.375f, -1.25, out float dx, out double dy), P.MixD(0.375, -1.25));
                    Near(dx, Fd.D(f, z, 0));
                    Near(dy, Fd.D(f, z, 1));
                    var hessian = new double[4];
                    P.MixHessian(0.375f, -1.25, hessian);
                    Hessian(f, z, hessian);
                }

                // A body of scalars calling a method with a float parameter: first order, vector forward mode, second order.
                {
                    Func<double[], double> f = z => P.OuterD(z[0], z[1]);
                    double[] z = [0.75, -0.5];
                    Near(P.OuterGradient(0.75, -0.5f, out double da, out float dc), P.OuterD(0.75, -0.5));
                    Near(da, Fd.D(f, z, 0));
                    Near(dc, Fd.D(f, z, 1));
                    double pa = 0.5;
                    float pc = 0.5f;
                    P.OuterPullback(0.75, -0.5f, 2.0, ref pa, ref pc);
                    Near(pa, 0.5 + 2 * Fd.D(f, z, 0));
                    Near(pc, 0.5 + 2 * Fd.D(f, z, 1));
                    var (value, tangent) = P.OuterPushforward(0.75, -0.5f, 1.5, -2f);
                    Near(value, P.OuterD(0.75, -0.5));
                    Near(tangent, 1.5 * Fd.D(f, z, 0) - 2 * Fd.D(f, z, 1));
                    var tangents = new double[2];
                    P.OuterPushforwardN(0.75, -0.5f, 2, [1.0, 0.0], [0f, 1f], tangents);
                    Near(tangents[0], Fd.D(f, z, 0));
                    Near(tangents[1], Fd.D(f, z, 1));
                    var hessian = new double[4];
                    P.OuterHessian(0.75, -0.5f, hessian);
                    Hessian(f, z, hessian);
                    P.OuterHessianVectorProduct(0.75, -0.5f, 1.5, -2f, out double ha, out double hc);
                    Near(ha, 1.5 * hessian[0] - 2 * hessian[1]);
                    Near(hc, 1.5 * hessian[2] - 2 * hessian[3]);
                }

                // A double method over a float span, with loops and calls.
                {
                    float[] w = [0.25f, -0.75f, 1.5f];
                    const double b = 0.625;
                    Func<double[], double> f = z => P.LoopD(z[..3], z[3]);
                    double[] z = [0.25, -0.75, 1.5, b];
                    var dw = new float[3];
                    Near(P.LoopGradient(w, b, dw, out var db), P.LoopD(z[..3], b));
                    for (var k = 0; k < 3; k++)
                    {
                        Near(dw[k], Fd.D(f, z, k));
                    }

                    Near(db, Fd.D(f, z, 3));
                    var hessian = new double[16];
                    Near(P.LoopHessian(w, b, hessian), P.LoopD(z[..3], b));
                    Hessian(f, z, hessian);
                    double[] t = [1, -0.5, 2, 0.25];
                    var products = new double[3];
                    P.LoopHessianVectorProduct(w, b, [1f, -0.5f, 2f], 0.25, products, out var hb);
                    for (var i = 0; i < 4; i++)
                    {
                        var row = 0.0;
                        for (var j = 0; j < 4; j++)
                        {
                            row += hessian[i * 4 + j] * t[j];
                        }

                        Near(i < 3 ? products[i] : hb, row);
                    }
                }

                // A float method over a double span: products and matrix of the result's type, float.
                {
                    double[] w = [0.5, -0.25];
                    const float b = 0.75f;
                    Func<double[], double> f = z => P.NarrowD(z[..2], z[2]);
                    double[] z = [0.5, -0.25, 0.75];
                    var hessian = new float[9];
                    P.NarrowHessian(w, b, hessian);
                    for (var i = 0; i < 3; i++)
                    {
                        for (var j = 0; j < 3; j++)
                        {
                            Errors.Add((hessian[i * 3 + j] - Second(f, z, i, j)) / 100);
                        }
                    }

                    var products = new float[2];
                    P.NarrowHessianVectorProduct(w, b, [1.0, 0.0], 0f, products, out float hb);
                    Near(products[0], hessian[0]);
                    Near(hb, hessian[6]);
                }

                // A float body of scalars with a double parameter: its island's H·t, products of the result's type.
                {
                    var hessian = new float[4];
                    P.SingleHessian(0.25, 0.5f, hessian);
                    Func<double[], double> f = z => P.SingleD(z[0], z[1]);
                    for (var i = 0; i < 2; i++)
                    {
                        for (var j = 0; j < 2; j++)
                        {
                            Errors.Add((hessian[i * 2 + j] - Second(f, [0.25, 0.5], i, j)) / 100);
                        }
                    }
                }

                // A float method passing a float to a double parameter: forward and reverse mode, in float.
                {
                    Func<double[], double> f = z => P.CallerD(z[0], z[1]);
                    double[] z = [0.25, 0.5];
                    var (value, tangent) = P.CallerPushforward(0.25f, 0.5f, 1f, -2f);
                    Errors.Add((value - P.CallerD(0.25, 0.5)) / 100);
                    Errors.Add((tangent - (Fd.D(f, z, 0) - 2 * Fd.D(f, z, 1))) / 100);
                    P.CallerGradient(0.25f, 0.5f, out float ga, out float gb);
                    Errors.Add((ga - Fd.D(f, z, 0)) / 100);
                    Errors.Add((gb - Fd.D(f, z, 1)) / 100);
                    var tangents = new float[2];
                    P.CallerPushforwardN(0.25f, 0.5f, 2, [1f, 0f], [0f, 1f], tangents);
                    Errors.Add((tangents[0] - ga) / 100);
                    Errors.Add((tangents[1] - gb) / 100);
                }

                // A vector function calling a method with a float parameter: its Jacobian and pullback.
                {
                    double[] v = [0.5, -1.5];
                    const float c = 0.25f;
                    var jacobian = new double[6];
                    P.VectorJacobian(v, c, new double[2], jacobian);
                    for (var r = 0; r < 2; r++)
                    {
                        Func<double[], double> f = z => P.MixD(z[2], z[r]) * z[r];
                        double[] z = [0.5, -1.5, 0.25];
                        for (var k = 0; k < 3; k++)
                        {
                            Near(jacobian[r * 3 + k], Fd.D(f, z, k));
                        }
                    }
                }

                return Errors.ToArray();
            }
        }
        """;

    [Fact]
    public void EveryMemberOfMixedPrecisionMethodsMatchesFiniteDifferences()
    {
        var result = Execution.RunDriver(Prelude + Functions + Checks);
        for (var i = 0; i < result.Length; i++)
        {
            Assert.True(Math.Abs(result[i]) <= 1e-5, $"entry {i}: {result[i]}\nall: {string.Join(", ", result)}");
        }
    }

    [Fact]
    public void MixedPrecisionMembersCompileWithoutWarnings()
    {
        var run = GeneratorHarness.Run(Prelude + Functions);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
    }

    /// <summary>
    /// H·t's products are rows of the Hessian, of the result's type, whatever the parameter's: the same signature for a body of
    /// scalars (its island) and one with loops or calls (reverse mode over the tangent program).
    /// </summary>
    [Theory]
    [InlineData("Mix", "public static double MixHessianVectorProduct(float x, double y, float tX, double tY, out double hvpX, out double hvpY)")]
    [InlineData("Outer", "public static double OuterHessianVectorProduct(double a, float c, double tA, float tC, out double hvpA, out double hvpC)")]
    [InlineData("Loop", "public static double LoopHessianVectorProduct(global::System.ReadOnlySpan<float> w, double b, global::System.ReadOnlySpan<float> tW, double tB, global::System.Span<double> hvpW, out double hvpB)")]
    [InlineData("Single", "public static float SingleHessianVectorProduct(double x, float y, double tX, float tY, out float hvpX, out float hvpY)")]
    [InlineData("Narrow", "public static float NarrowHessianVectorProduct(global::System.ReadOnlySpan<double> w, float b, global::System.ReadOnlySpan<double> tW, float tB, global::System.Span<float> hvpW, out float hvpB)")]
    public void HessianVectorProductsHaveTheResultsType(string method, string signature)
    {
        var run = GeneratorHarness.Run(Prelude + Functions);
        Assert.Contains(signature, run.File($"P.{method}"), StringComparison.Ordinal);
    }
}
