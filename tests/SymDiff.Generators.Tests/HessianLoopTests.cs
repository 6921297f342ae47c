using SymDiff.Generators.Tests.Infrastructure;
using static SymDiff.Generators.Tests.Infrastructure.DerivativeChecks;

namespace SymDiff.Generators.Tests;

/// <summary>
/// <c>[Differentiable(Hessian = true)]</c> on methods with loops and spans: H·t by reverse mode over the tangent program
/// and the dense Hessian (span inputs one row per element), against central differences of the generated gradient,
/// through branches, <c>?:</c>, a static readonly table, a local buffer, a call whose argument is constant, calls of methods with second
/// derivatives of their own (scalar and span callees, an inactive span argument, <c>y = g(y)</c>, a method over scalars
/// that calls others in branches), a while loop that counts down, a reassigned parameter, <c>break</c>,
/// a checkpointed recurrence and single precision; symmetric, and H·t equal to the dense Hessian times t.
/// </summary>
public sealed class HessianLoopTests
{
    private const string Functions = """
        public static partial class P
        {
            private static readonly double[] Bias = { 0.1, -0.2, 0.3 };

            [Differentiable(Hessian = true)]
            public static double Energy(ReadOnlySpan<double> w, double s, [NoDerivative] ReadOnlySpan<double> x)
            {
                double e = 0;
                for (int i = 0; i < w.Length; i++)
                {
                    double z = w[i] * x[i] + s + Bias[i % Bias.Length];
                    if (z > 0)
                    {
                        e += Math.Log(1 + z * z) * s;
                    }
                    else
                    {
                        e += Math.Tanh(z) * w[i];
                    }

                    e += Math.Sin(w[i]) * (i > 0 ? w[i - 1] : s);
                }

                return e * e / (1 + s * s);
            }

            [Differentiable(Hessian = true)]
            public static double Smooth(ReadOnlySpan<double> v)
            {
                var u = new double[v.Length];
                for (int i = 0; i < v.Length; i++)
                {
                    u[i] = Math.Exp(0.3 * v[i]) * v[i];
                }

                double s = 0;
                for (int i = 0; i < v.Length; i++)
                {
                    s += u[i] * u[(i + 1) % v.Length] + Math.Sqrt(1 + u[i] * u[i]) * Sq(0.5 * i);
                    if (s > 40)
                    {
                        break;
                    }
                }

                return s;
            }

            [Differentiable]
            public static double Sq(double x) => x * x;

            [Differentiable(Hessian = true)]
            public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

            [Differentiable(Hessian = true)]
            public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
            {
                double s = 0;
                for (int i = 0; i < a.Length; i++)
                {
                    s += a[i] * b[i];
                }

                return s;
            }

            [Differentiable(Hessian = true)]
            public static double Blend(double x, double y, [NoDerivative] double c)
            {
                double s = Sigmoid(x * y) * c;
                if (x > y)
                {
                    s += Math.Sin(Sigmoid(x + c)) * y;
                }
                else
                {
                    s -= Sigmoid(y) * Sigmoid(y);
                }

                return s + x * Sigmoid(s);
            }

            /// <summary>x·x &gt; x·x prints as false (fuzzer seed 994276): its branch must not print as 'if (false)' (CS0162).</summary>
            [Differentiable(Hessian = true)]
            public static double Folded([NoDerivative] double c, double x)
            {
                double t = c;
                if (c * c > t * t)
                {
                    return x;
                }

                return Sigmoid(x) * x + c;
            }

            [Differentiable(Hessian = true)]
            public static double Network(ReadOnlySpan<double> w, double b, [NoDerivative] ReadOnlySpan<double> x)
            {
                double z = Dot(w, x) + b;
                double s = 0;
                for (int i = 0; i < w.Length; i++)
                {
                    s += Sigmoid(w[i] * z) * w[i];
                }

                double y = Sigmoid(s);
                y = Sigmoid(y * b + y);
                return y * y + Dot(w, w);
            }

            [Differentiable(Hessian = true)]
            public static double Power(double x, double y, int n)
            {
                double p = 1;
                while (n-- > 0)
                {
                    p = p * x + Math.Sin(p * y);
                }

                x = x * p;
                return x + y * y * p;
            }

            [Differentiable(Hessian = true)]
            [Checkpoint(Every = 2)]
            public static double Recurrence(ReadOnlySpan<double> a, double h0)
            {
                double h = h0;
                for (int t = 0; t < a.Length; t++)
                {
                    h = Math.Tanh(a[t] * h + 0.5 * a[t]);
                }

                return h * h;
            }

            [Differentiable(Hessian = true)]
            public static float Soft(ReadOnlySpan<float> a, float b)
            {
                float s = 0f;
                foreach (var v in a)
                {
                    s += MathF.Log(1f + MathF.Exp(v * b)) * v;
                }

                return s;
            }

            public static double SoftInDouble(double[] a, double b)
            {
                double s = 0;
                foreach (var v in a)
                {
                    s += Math.Log(1 + Math.Exp(v * b)) * v;
                }

                return s;
            }
        }

        """;

    /// <summary>
    /// <c>Check</c> compares, at a point u of n inputs and a direction t: H·t with central differences of the gradient
    /// along t; the dense Hessian's columns with central differences of the gradient; its symmetry; H·t with the dense
    /// Hessian times t; both values with the primal. Errors are relative to the size of the entries.
    /// Shared by the drivers of other Hessian tests.
    /// </summary>
    internal const string HessianCheck = """
            public delegate double Hvp(double[] u, double[] t, double[] hvp);

            public delegate double Dense(double[] u, double[] hessian);

            static void Check(List<double> errors, Func<double[], double[]> gradient, Func<double[], double> f, Hvp hvp, Dense dense, double[] u, double[] t)
            {
                var n = u.Length;
                double[] Shift(double[] d, int k, double h) { var c = (double[])u.Clone(); for (var i = 0; i < n; i++) { c[i] += h * (k < 0 ? d[i] : i == k ? 1 : 0); } return c; }
                const double step = 1e-5;
                var product = new double[n];
                var value = hvp(u, t, product);
                var hessian = new double[n * n];
                var denseValue = dense(u, hessian);
                var scale = 1.0;
                foreach (var e in hessian) { scale = Math.Max(scale, Math.Abs(e)); }
                errors.Add(value - f(u));
                errors.Add(denseValue - f(u));
                var plus = gradient(Shift(t, -1, step));
                var minus = gradient(Shift(t, -1, -step));
                for (var i = 0; i < n; i++)
                {
                    errors.Add((product[i] - (plus[i] - minus[i]) / (2 * step)) / scale);
                    var ht = 0.0;
                    for (var j = 0; j < n; j++) { ht += hessian[i * n + j] * t[j]; }
                    errors.Add((product[i] - ht) / scale);
                }

                for (var j = 0; j < n; j++)
                {
                    var gp = gradient(Shift(t, j, step));
                    var gm = gradient(Shift(t, j, -step));
                    for (var i = 0; i < n; i++)
                    {
                        errors.Add((hessian[i * n + j] - (gp[i] - gm[i]) / (2 * step)) / scale);
                        errors.Add(hessian[i * n + j] - hessian[j * n + i]);
                    }
                }
            }
        """;

    /// <summary>The driver: every method of <see cref="Functions"/> through <c>Check</c>, and the members' own contracts.</summary>
    private const string Checks = """
        public static class Driver
        {
        """ + HessianCheck + """
            public static double[] Run()
            {
                var errors = new List<double>();
                double[] x = [0.7, -1.3, 0.4];
                foreach (var start in new[] { new[] { 0.5, -0.2, 0.9, 0.3 }, new[] { -0.8, 1.1, -0.3, -0.6 } })
                {
                    Check(errors,
                        u => { var d = new double[3]; P.EnergyGradient(u.AsSpan(0, 3), u[3], x, d, out var ds); return [.. d, ds]; },
                        u => P.Energy(u.AsSpan(0, 3), u[3], x),
                        (u, t, r) => { var v = P.EnergyHessianVectorProduct(u.AsSpan(0, 3), u[3], x, t.AsSpan(0, 3), t[3], r.AsSpan(0, 3), out var rs); r[3] = rs; return v; },
                        (u, h) => P.EnergyHessian(u.AsSpan(0, 3), u[3], x, h),
                        start, [0.3, -1.1, 0.6, 0.8]);
                }

                Check(errors,
                    u => { var d = new double[3]; P.NetworkGradient(u.AsSpan(0, 3), u[3], x, d, out var db); return [.. d, db]; },
                    u => P.Network(u.AsSpan(0, 3), u[3], x),
                    (u, t, r) => { var v = P.NetworkHessianVectorProduct(u.AsSpan(0, 3), u[3], x, t.AsSpan(0, 3), t[3], r.AsSpan(0, 3), out var rb); r[3] = rb; return v; },
                    (u, h) => P.NetworkHessian(u.AsSpan(0, 3), u[3], x, h),
                    [0.2, -0.5, 0.8, 0.3], [0.6, 1.0, -0.4, 0.5]);
                foreach (var start in new[] { new[] { 0.9, 0.4 }, new[] { -0.3, 0.8 } })
                {
                    Check(errors,
                        u => { P.BlendGradient(u[0], u[1], 0.6, out var dx, out var dy); return [dx, dy]; },
                        u => P.Blend(u[0], u[1], 0.6),
                        (u, t, r) => P.BlendHessianVectorProduct(u[0], u[1], 0.6, t[0], t[1], out r[0], out r[1]),
                        (u, h) => P.BlendHessian(u[0], u[1], 0.6, h),
                        start, [0.7, -1.2]);
                }

                Check(errors,
                    u => { P.FoldedGradient(0.3, u[0], out var d); return [d]; },
                    u => P.Folded(0.3, u[0]),
                    (u, t, r) => P.FoldedHessianVectorProduct(0.3, u[0], t[0], out r[0]),
                    (u, h) => P.FoldedHessian(0.3, u[0], h),
                    [0.8], [1.1]);
                Check(errors,
                    u => { P.SigmoidGradient(u[0], out var d); return [d]; },
                    u => P.Sigmoid(u[0]),
                    (u, t, r) => P.SigmoidHessianVectorProduct(u[0], t[0], out r[0]),
                    (u, h) => P.SigmoidHessian(u[0], h),
                    [0.7], [1.3]);
                Check(errors,
                    u => { var d = new double[u.Length]; P.SmoothGradient(u, d); return d; },
                    u => P.Smooth(u),
                    (u, t, r) => P.SmoothHessianVectorProduct(u, t, r),
                    (u, h) => P.SmoothHessian(u, h),
                    [0.4, -0.7, 1.2, 0.1, -0.3], [1, 0.5, -0.5, 0.25, 2]);
                Check(errors,
                    u => { P.PowerGradient(u[0], u[1], 4, out var dx, out var dy); return [dx, dy]; },
                    u => P.Power(u[0], u[1], 4),
                    (u, t, r) => P.PowerHessianVectorProduct(u[0], u[1], 4, t[0], t[1], out r[0], out r[1]),
                    (u, h) => P.PowerHessian(u[0], u[1], 4, h),
                    [0.9, 0.6], [0.4, -1.5]);
                Check(errors,
                    u => { var d = new double[4]; P.RecurrenceGradient(u.AsSpan(0, 4), u[4], d, out var dh); return [.. d, dh]; },
                    u => P.Recurrence(u.AsSpan(0, 4), u[4]),
                    (u, t, r) => { var v = P.RecurrenceHessianVectorProduct(u.AsSpan(0, 4), u[4], t.AsSpan(0, 4), t[4], r.AsSpan(0, 4), out var rh); r[4] = rh; return v; },
                    (u, h) => P.RecurrenceHessian(u.AsSpan(0, 4), u[4], h),
                    [0.3, -0.9, 0.6, 1.2, 0.2], [1, -0.5, 0.4, 0.3, -1]);

                // PushforwardPullback accumulates seed·(H·t) into the inputs' adjoints and seed·∇F into the tangents', for a loop
                // method and for one over scalars.
                {
                    double ax = 0.25, ay = 0.25, atx = 0.25, aty = 0.25;
                    var power = P.PowerPushforwardPullback(0.9, 0.6, 4, 0.4, -1.5, 2.0, ref ax, ref ay, ref atx, ref aty);
                    P.PowerHessianVectorProduct(0.9, 0.6, 4, 0.4, -1.5, out var hx, out var hy);
                    P.PowerGradient(0.9, 0.6, 4, out var gx, out var gy);
                    errors.AddRange([power - P.Power(0.9, 0.6, 4), ax - 0.25 - 2 * hx, ay - 0.25 - 2 * hy, atx - 0.25 - 2 * gx, aty - 0.25 - 2 * gy]);
                    double e = 0.5, f = 0.5;
                    var s = P.SigmoidPushforwardPullback(0.7, 1.3, -3.0, ref e, ref f);
                    P.SigmoidHessianVectorProduct(0.7, 1.3, out var hs);
                    P.SigmoidGradient(0.7, out var gs);
                    errors.AddRange([s - P.Sigmoid(0.7), e - 0.5 + 3 * hs, f - 0.5 + 3 * gs]);
                }

                // Single precision: the dense Hessian against second differences of a double twin.
                float[] a = [0.4f, -0.6f, 0.9f];
                const float b = 0.7f;
                var g = new float[16];
                var value = P.SoftHessian(a, b, g);
                errors.Add((value - P.SoftInDouble([0.4, -0.6, 0.9], 0.7)) / 100);
                double Second(int i, int j)
                {
                    var h = 1e-4;
                    double F(double di, double dj)
                    {
                        double[] u = [a[0], a[1], a[2], b];
                        u[i] += di;
                        u[j] += dj;
                        return P.SoftInDouble(u[..3], u[3]);
                    }

                    return (F(h, h) - F(h, -h) - F(-h, h) + F(-h, -h)) / (4 * h * h);
                }

                for (var i = 0; i < 4; i++)
                {
                    for (var j = 0; j < 4; j++)
                    {
                        errors.Add((g[i * 4 + j] - Second(i, j)) / 100);
                    }
                }

                return errors.ToArray();
            }
        }
        """;

    [Fact]
    public void HessianVectorProductAndDenseHessianOfLoopMethodsMatchFiniteDifferences()
    {
        var result = Execution.RunDriver("using System.Collections.Generic;\n" + Prelude + Functions + Checks);
        for (var i = 0; i < result.Length; i++)
        {
            Assert.True(Math.Abs(result[i]) <= 2e-5, $"entry {i}: {result[i]}\nall: {string.Join(", ", result)}");
        }
    }

    /// <summary>
    /// The dense Hessian over scalar inputs alone knows its order: the H·eⱼ calls and the mirrored pairs are written out
    /// (no loop, no tape), whatever the body has (Power loops, Blend calls); the values are checked above.
    /// </summary>
    [Fact]
    public void DenseHessianOverScalarsIsWrittenOut()
    {
        var run = GeneratorHarness.Run(Prelude + Functions);
        Assert.Empty(run.CompilationDiagnostics);
        foreach (var (name, call) in new[] { ("Power", "PowerHessianVectorProduct(x, y, n, 0.0, 1.0, out hessian[1], out hessian[3]);"), ("Blend", "BlendHessianVectorProduct(x, y, c, 0.0, 1.0, out hessian[1], out hessian[3]);") })
        {
            var body = GeneratedSource.MemberBody(run.File($"P.{name}"), name + "Hessian")!;
            Assert.Contains(call, body, StringComparison.Ordinal);
            Assert.DoesNotContain("tape", body, StringComparison.Ordinal);
            Assert.DoesNotContain("for (", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DenseHessianOfSpanInputsSaysWhatLengthItNeeds()
    {
        var result = Execution.RunDriver(Prelude + Functions + """
            public static class Driver
            {
                public static double[] Run()
                {
                    try { P.EnergyHessian(new double[3], 1, new double[3], new double[15]); return [0]; }
                    catch (ArgumentException e) { return [e.ParamName == "hessian" && e.Message.Contains("hessian has 15 elements but the Hessian over (w, s) has 4×4 = 16") ? 1 : 0]; }
                }
            }
            """);
        Assert.Equal([1.0], result);
    }

    [Fact]
    public void SpanTangentsMustHaveTheirParametersLength()
    {
        var result = Execution.RunDriver(Prelude + Functions + """
            public static class Driver
            {
                public static double[] Run()
                {
                    try { P.SmoothHessianVectorProduct(new double[3], new double[2], new double[3]); return [0]; }
                    catch (ArgumentException e) { return [e.Message.Contains("tV") ? 1 : 0]; }
                }
            }
            """);
        Assert.Equal([1.0], result);
    }

    [Fact]
    public void HessianMembersOfALoopMatchTheBaseline()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using SymDiff;

            namespace Demo;

            public static partial class Curvature
            {
                [Differentiable(Hessian = true)]
                public static double Chain(ReadOnlySpan<double> x, double k)
                {
                    double s = 0;
                    for (int i = 1; i < x.Length; i++)
                    {
                        double d = x[i] - x[i - 1];
                        s += k * d * d + Math.Exp(-x[i]);
                    }

                    return s;
                }
            }
            """);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Snapshot.Verify("HessianOfChain", run.Sources);
    }
}
