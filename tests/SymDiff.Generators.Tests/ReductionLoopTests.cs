using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// A loop of the body whose iterations share nothing but a running sum runs its reverse sweep in the forward sweep,
/// iteration by iteration, seeded with 1, into accumulators; the reverse sweep adds the sum's adjoint times them
/// (<c>Differentiation/ReductionLoops.cs</c>). Checked by the members' text (which loops qualify, and that those that do
/// are not reversed again) and against central differences: per-point terms with buffers written whole in each
/// iteration, branches inside, scalar and buffer inputs set before the loop, float, a sum the result reads nonlinearly,
/// and the loops that must keep the ordinary reverse sweep (a value carried from one iteration to the next, a buffer
/// read before it is written whole, a value read after the loop, a span output).
/// </summary>
public class ReductionLoopTests
{
    private const string Programs = """
        using System;
        using SymDiff;

        public static partial class R
        {
            /// <summary>Per point: a centred buffer written whole, a triangular update, a branch, a log-sum-exp over a buffer written whole.</summary>
            [Differentiable(Hessian = true)]
            public static double Points(ReadOnlySpan<double> means, double scale, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] int d, [NoDerivative] int k, [NoDerivative] int n)
            {
                Span<double> centered = new double[d];
                Span<double> terms = new double[k];
                Span<double> shifted = new double[k * d];
                for (int j = 0; j < k * d; j++)
                {
                    shifted[j] = means[j] * scale;
                }

                double total = 0.0;
                for (int p = 0; p < n; p++)
                {
                    for (int c = 0; c < k; c++)
                    {
                        for (int j = 0; j < d; j++)
                        {
                            centered[j] = x[p * d + j] - shifted[c * d + j];
                        }

                        double norm = 0.0;
                        for (int i = 0; i < d; i++)
                        {
                            double xi = centered[i];
                            for (int j = i; j < d; j++)
                            {
                                norm += xi * centered[j] * (i == j ? 1.0 : 0.2);
                            }
                        }

                        terms[c] = norm > 1.0 ? -0.5 * norm * scale : -Math.Sin(norm);
                    }

                    double max = terms[0];
                    for (int c = 1; c < k; c++)
                    {
                        max = Math.Max(max, terms[c]);
                    }

                    double sum = 0.0;
                    for (int c = 0; c < k; c++)
                    {
                        sum += Math.Exp(terms[c] - max);
                    }

                    total += Math.Log(sum) + max;
                }

                return total * total * 0.01 + Math.Sin(total);
            }

            /// <summary>The same in float.</summary>
            [Differentiable]
            public static float PointsFloat(ReadOnlySpan<float> a, float w, [NoDerivative] int n)
            {
                Span<float> b = new float[2];
                float s = 0f;
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < b.Length; j++)
                    {
                        b[j] = a[(i + j) % a.Length] * w;
                    }

                    s = s + MathF.Tanh(b[0] * b[1]) + w * b[0];
                }

                return s * w;
            }

            /// <summary>Carried: each iteration reads the previous one's value.</summary>
            [Differentiable]
            public static double Carried(ReadOnlySpan<double> a)
            {
                double prev = 0.0;
                double total = 0.0;
                for (int i = 0; i < a.Length; i++)
                {
                    prev = Math.Sin(a[i] + prev * 0.5);
                    total += prev * prev;
                }

                return total;
            }

            /// <summary>A buffer read before it is written whole in the iteration.</summary>
            [Differentiable]
            public static double StaleBuffer(ReadOnlySpan<double> a)
            {
                Span<double> b = new double[2];
                double total = 0.0;
                for (int i = 0; i < a.Length; i++)
                {
                    total += b[0] * a[i];
                    for (int j = 0; j < b.Length; j++)
                    {
                        b[j] = Math.Cos(a[i] * (j + 1));
                    }
                }

                return total;
            }

            /// <summary>A value of the loop read after it.</summary>
            [Differentiable]
            public static double ReadAfter(ReadOnlySpan<double> a)
            {
                double t = 0.0;
                double total = 0.0;
                for (int i = 0; i < a.Length; i++)
                {
                    t = Math.Exp(a[i] * 0.3);
                    total += t * a[i];
                }

                return total + t;
            }

            /// <summary>An addition without a derivative: nothing to move (the iterations' seed would be unused, CS0219: fuzzer seed 1042172).</summary>
            [Differentiable]
            public static double Inactive(ReadOnlySpan<double> a)
            {
                double acc = a[0];
                for (int i = 0; i < a.Length; i++)
                {
                    double[] q = new double[2];
                    acc += Math.Sin(q[0] + q[1]);
                }

                return acc * a[0];
            }

            /// <summary>
            /// A sum the reverse sweep restores (a loop before reads it in a partial derivative while updating it): the
            /// iterations' reverse sweeps would put it back after every addition (fuzzer seed 1050584: a wrong value and
            /// gradient before), so the loop keeps the ordinary sweep.
            /// </summary>
            [Differentiable]
            public static double SavedSum(ReadOnlySpan<double> a, double s)
            {
                double acc = Math.Log(1 + a[0] * a[0]);
                for (int j = 0; j < 3; j++)
                {
                    acc += (0.5 + j) * Math.Sin(acc * 0.75);
                }

                for (int i = 0; i < a.Length; i++)
                {
                    double[] q = new double[2];
                    q[1] += Math.Cbrt(1 + s * s) * a[i];
                    acc += Math.Sin(q[0] + q[1]);
                }

                return Squash(Math.Max(1.5, acc)) + acc;
            }

            [Differentiable(Inline = false)]
            public static double Squash(double x) => Math.Log(1 + x * x * x * x);

            /// <summary>
            /// A buffer a call reads before the loop, written in the loop: the callee's pullback re-runs it on the buffer as the
            /// call saw it, so the loop's stores into it are restored (fuzzer seed 1090240: the store was taken for a restore
            /// nothing reads, as a call's span argument did not count as a read).
            /// </summary>
            [Differentiable]
            public static double ReadByACallBefore(double[] x, double w)
            {
                Span<double> b = new double[x.Length];
                b[0] = w;
                double acc = Peek(b, w);
                for (int i = 0; i < x.Length; i++)
                {
                    double t = 0;
                    for (int j = 0; j < 2; j++)
                    {
                        t += x[i] * (j + w);
                    }

                    acc += Math.Sin(t * w);
                    b[i] = x[i] * 2;
                }

                return acc;
            }

            [Differentiable(Inline = false)]
            public static double Peek(ReadOnlySpan<double> b, double w) => w * Math.Sin(b[0] + w * b[b.Length - 1]);

            /// <summary>
            /// Values from an earlier iteration that nothing reads again (the buffer's elements, the maximum: not saved)
            /// and an index the statement before the loop reads in its reverse sweep (saved in every iteration, so it is
            /// back to its value before the loop when that reverse sweep runs).
            /// </summary>
            [Differentiable]
            public static double EarlierValues(ReadOnlySpan<double> v, double w)
            {
                Span<double> terms = new double[v.Length];
                int at = v.Length - 1;
                double total = v[at] * w * w;
                for (int p = 0; p < 3; p++)
                {
                    for (int c = 0; c < v.Length; c++)
                    {
                        terms[c] = v[c] * (p + 1) * w;
                    }

                    double max = terms[0];
                    for (int c = 1; c < v.Length; c++)
                    {
                        max = Math.Max(max, terms[c]);
                    }

                    at = p % v.Length;
                    total += Math.Exp(terms[at] - max) * v[at];
                }

                return total;
            }

            /// <summary>A span output written in the loop.</summary>
            [Differentiable]
            public static double WithOutput(ReadOnlySpan<double> a, Span<double> y)
            {
                double total = 0.0;
                for (int i = 0; i < a.Length; i++)
                {
                    y[i] = a[i] * a[i];
                    total += Math.Sin(a[i]);
                }

                return total;
            }
        }
        """;

    private static string Pullback(GeneratorRun run, string method) =>
        run.Member($"R.{method}", $"{method}Pullback");

    [Fact]
    public void OnlyLoopsWhoseIterationsShareNothingButTheSumAreReversedInPlace()
    {
        var run = GeneratorHarness.Run(Programs);
        Assert.Empty(run.CompilationDiagnostics);
        var points = Pullback(run, "Points");
        Assert.Contains("Iterations add up total and share nothing else", points, StringComparison.Ordinal);
        Assert.Contains("dShiftedPerTotal", points, StringComparison.Ordinal);
        Assert.Contains("dScalePerTotal", points, StringComparison.Ordinal);
        // The point loop runs forwards only: its reverse sweep is the accumulators times the sum's adjoint.
        Assert.DoesNotContain("for (p = global::System.Math.Max(0, n) - 1", points, StringComparison.Ordinal);
        Assert.Matches(@"dShifted\[\w+\] \+= dTotal \* dShiftedPerTotal\[\w+\];", points);
        Assert.Contains("Iterations add up s and share", Pullback(run, "PointsFloat"), StringComparison.Ordinal);
        foreach (var kept in new[] { "Carried", "StaleBuffer", "ReadAfter", "WithOutput", "Inactive", "SavedSum" })
        {
            Assert.DoesNotContain("Iterations add up", Pullback(run, kept), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// In an iteration reversed right after it runs, an assignment saves the value it overwrites only when what ran before
    /// it reads that value: not the buffer's elements or the maximum, which come from an earlier iteration
    /// (<c>ReductionLoops.DeadRestores</c>); still the index the statement before the loop reads.
    /// </summary>
    [Fact]
    public void ValuesFromAnEarlierIterationAreNotSaved()
    {
        var run = GeneratorHarness.Run(Programs);
        Assert.Empty(run.CompilationDiagnostics);
        var pullback = Pullback(run, "EarlierValues");
        Assert.Contains("Iterations add up total and share nothing else", pullback, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(Push\(|\+\+\] = )terms\[", pullback);
        Assert.DoesNotMatch(@"(Push\(|\+\+\] = )max;", pullback);
        Assert.DoesNotMatch(@"terms\[\w+\] = tapeValues|max = tapeValues|terms\[\w+\] = tape\.Pop|max = tape\.Pop", pullback);
        Assert.Matches(@"(Push\(|\+\+\] = )at\)?;", pullback);
    }

    /// <summary>Every body split into parts (as half of the fuzzer's programs are): the parts of the reverse sweep run inside the forward sweep are kept (CS0103 before, fuzzer seed 1040007).</summary>
    [Fact]
    public void SplitIntoPartsItCompiles()
    {
        using var split = Emit.DerivativePrinter.SplitWith(Emit.DerivativePrinter.SplitSizes.Everything);
        var run = GeneratorHarness.Run(Programs);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Contains("Iterations add up total", run.File("R.Points"), StringComparison.Ordinal);
    }

    [Fact]
    public void ReductionsMatchCentralDifferences()
    {
        var result = Execution.RunDriver(Programs, """
            using System;
            public static class Driver
            {
                public static double[] Run()
                {
                    double worst = 0, worstFloat = 0;
                    var random = new Random(11);
                    double[] Draw(int length, double scale) { var v = new double[length]; for (int i = 0; i < length; i++) v[i] = scale * (random.NextDouble() - 0.5); return v; }
                    void Check(Func<double[], double> f, Func<double[], double[]> gradient, double[] z)
                    {
                        var g = gradient(z);
                        for (int i = 0; i < z.Length; i++)
                        {
                            var (plus, minus) = ((double[])z.Clone(), (double[])z.Clone());
                            plus[i] += 1e-6;
                            minus[i] -= 1e-6;
                            var fd = (f(plus) - f(minus)) / 2e-6;
                            worst = Math.Max(worst, Math.Abs(g[i] - fd) / (1 + Math.Abs(fd)));
                        }
                    }

                    foreach (var (d, k, n) in new[] { (2, 5, 7), (3, 1, 4), (1, 3, 2), (4, 2, 0), (9, 3, 5) })
                    {
                        var x = Draw(Math.Max(1, n) * d, 3.0);
                        Func<double[], double> f = z => R.Points(z.AsSpan(0, k * d), z[k * d], x, d, k, n);
                        Func<double[], double[]> grad = z =>
                        {
                            var dm = new double[k * d];
                            R.PointsGradient(z.AsSpan(0, k * d), z[k * d], x, d, k, n, dm, out var ds);
                            return [.. dm, ds];
                        };
                        var at = Draw(k * d + 1, 2.0);
                        at[k * d] = 0.8;
                        Check(f, grad, at);

                        // H·t against differences of the gradient.
                        var t = Draw(k * d + 1, 1.0);
                        var hvp = new double[k * d];
                        R.PointsHessianVectorProduct(at.AsSpan(0, k * d), at[k * d], x, d, k, n, t.AsSpan(0, k * d), t[k * d], hvp, out var hvpScale);
                        var (zp, zm) = ((double[])at.Clone(), (double[])at.Clone());
                        for (int i = 0; i < at.Length; i++) { zp[i] += 1e-6 * t[i]; zm[i] -= 1e-6 * t[i]; }
                        var (gp, gm) = (grad(zp), grad(zm));
                        double[] h = [.. hvp, hvpScale];
                        for (int i = 0; i < h.Length; i++)
                        {
                            var fd = (gp[i] - gm[i]) / 2e-6;
                            worst = Math.Max(worst, Math.Abs(h[i] - fd) / (1 + Math.Abs(fd)));
                        }
                    }

                    foreach (var length in new[] { 1, 2, 6 })
                    {
                        Check(z => R.Carried(z), z => { var g = new double[z.Length]; R.CarriedGradient(z, g); return g; }, Draw(length, 2.0));
                        Check(z => R.StaleBuffer(z), z => { var g = new double[z.Length]; R.StaleBufferGradient(z, g); return g; }, Draw(length, 2.0));
                        Check(z => R.ReadAfter(z), z => { var g = new double[z.Length]; R.ReadAfterGradient(z, g); return g; }, Draw(length, 2.0));
                        Check(z => R.ReadByACallBefore(z[1..], z[0]), z =>
                        {
                            var g = new double[z.Length - 1];
                            R.ReadByACallBeforeGradient(z[1..], z[0], g, out var dw);
                            return [dw, .. g];
                        }, Draw(length + 1, 2.0));
                        Check(z => R.EarlierValues(z.AsSpan(1), z[0]), z =>
                        {
                            var g = new double[z.Length - 1];
                            var value = R.EarlierValuesGradient(z.AsSpan(1), z[0], g, out var dw);
                            worst = Math.Max(worst, Math.Abs(value - R.EarlierValues(z.AsSpan(1), z[0])));
                            return [dw, .. g];
                        }, Draw(length + 1, 2.0));
                        Check(z => R.SavedSum(z.AsSpan(1), z[0]), z =>
                        {
                            var g = new double[z.Length - 1];
                            var value = R.SavedSumGradient(z.AsSpan(1), z[0], g, out var ds);
                            worst = Math.Max(worst, Math.Abs(value - R.SavedSum(z.AsSpan(1), z[0])));
                            return [ds, .. g];
                        }, Draw(length + 1, 2.0));
                    }

                    foreach (var n in new[] { 0, 1, 4 })
                    {
                        var a = new float[] { 0.3f, -0.7f, 1.1f };
                        const float w = 0.9f;
                        var da = new float[a.Length];
                        R.PointsFloatGradient(a, w, n, da, out var dw);
                        for (int i = 0; i <= a.Length; i++)
                        {
                            double F(double step) { var b = (float[])a.Clone(); var ww = w; if (i < a.Length) b[i] += (float)step; else ww += (float)step; return R.PointsFloat(b, ww, n); }
                            var fd = (F(1e-2) - F(-1e-2)) / 2e-2;
                            var g = i < a.Length ? da[i] : dw;
                            worstFloat = Math.Max(worstFloat, Math.Abs(g - fd) / (1 + Math.Abs(fd)));
                        }
                    }

                    return new[] { worst, worstFloat };
                }
            }
            """);
        Assert.True(result[0] < 1e-5, $"largest relative error against central differences: {result[0]:E3}");
        Assert.True(result[1] < 1e-2, $"float: {result[1]:E3}");
    }
}
