using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// A nest of loops without calls moves the tape's height in a local from its entry to its exit: the forward sweep
/// reserves room on entry for everything the nest pushes (an upper bound over trip counts known there) and pushes
/// through the tape's storage without a capacity check; the reverse sweep pops through the same locals. Checked by the
/// members' text (no <c>tape.Push</c> or <c>tape.Pop</c> left in a nest) and against central differences, including
/// nests whose inner bound is a copy the nest makes of a parameter (an inlined callee's), nests whose bound is assigned
/// only after the loop that reads it, triangular nests (whose inner trip count is not known on entry: the innermost
/// loop keeps its own storage), constant bounds too large to reserve for, branches taped inside a nest, and a tape that
/// must grow on entry.
/// </summary>
public class TapeNestTests
{
    private const string Programs = """
        using System;
        using SymDiff;

        public static partial class N
        {
            /// <summary>A mixture-like objective: per point and component, centre, scale, a triangular update, a squared norm, a log-sum-exp.</summary>
            [Differentiable]
            public static double Mixture(ReadOnlySpan<double> means, ReadOnlySpan<double> scales, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] int d, [NoDerivative] int k, [NoDerivative] int n)
            {
                Span<double> centered = new double[d];
                Span<double> terms = new double[k];
                double total = 0.0;
                for (int p = 0; p < n; p++)
                {
                    for (int c = 0; c < k; c++)
                    {
                        for (int j = 0; j < d; j++)
                        {
                            centered[j] = (x[p * d + j] - means[c * d + j]) * Math.Exp(scales[c * d + j]);
                        }

                        double lower = 0.0;
                        for (int i = 0; i < d; i++)
                        {
                            double xi = centered[i];
                            for (int j = i + 1; j < d; j++)
                            {
                                lower += xi * centered[j] * 0.1;
                            }
                        }

                        double norm = lower;
                        for (int j = 0; j < d; j++)
                        {
                            norm += centered[j] * centered[j];
                        }

                        terms[c] = norm > 1.0 ? -0.5 * norm : -Math.Sin(norm);
                    }

                    total += LogSumExp(terms, k);
                }

                return total;
            }

            [Differentiable]
            public static double LogSumExp(ReadOnlySpan<double> v, [NoDerivative] int count)
            {
                double max = v[0];
                for (int i = 1; i < count; i++)
                {
                    max = Math.Max(max, v[i]);
                }

                double sum = 0.0;
                for (int i = 0; i < count; i++)
                {
                    sum += Math.Exp(v[i] - max);
                }

                return Math.Log(sum) + max;
            }

            /// <summary>A triangular nest whose inner loop pushes: its trip count depends on the outer counter.</summary>
            [Differentiable]
            public static double Triangle(ReadOnlySpan<double> a, [NoDerivative] int n)
            {
                double s = 0.0;
                for (int i = 0; i < n; i++)
                {
                    for (int j = i; j < n; j++)
                    {
                        s = Math.Sin(s + a[i] * a[j]);
                    }
                }

                return s;
            }

            /// <summary>Constant bounds whose product (2·10^10 pushes) no int holds: the nest reserves nothing of its own, and the code compiles.</summary>
            [Differentiable]
            public static double Huge(ReadOnlySpan<double> a)
            {
                double s = 0.0;
                for (int i = 0; i < 100000; i++)
                {
                    for (int j = 0; j < 100000; j++)
                    {
                        s = Math.Sin(s * a[j % 2]);
                    }
                }

                return s;
            }

            /// <summary>The inner bound is assigned in the nest, but after the loop that reads it: its first pass runs to m as it came in.</summary>
            [Differentiable]
            public static double LateBound(ReadOnlySpan<double> a, [NoDerivative] int m, [NoDerivative] int n)
            {
                double s = 0.0;
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < m; j++)
                    {
                        s = Math.Cos(s * a[j]) + a[i];
                    }

                    m = n;
                }

                return s;
            }
        }
        """;

    [Fact]
    public void ANestWithoutCallsPushesAndPopsThroughLocals()
    {
        var run = GeneratorHarness.Run(Programs);
        Assert.Empty(run.CompilationDiagnostics);
        var mixture = run.File("N.Mixture");
        var pullback = GeneratedSource.MemberBody(mixture, "MixturePullback")!;
        Assert.DoesNotContain("tape.Push(", pullback, StringComparison.Ordinal);
        Assert.DoesNotContain("tape.Pop()", pullback, StringComparison.Ordinal);

        // The point loop only adds up its points (ReductionLoopTests): each point reserves, on its entry, for every value
        // its nest pushes: count = k (the inlined LogSumExp's copy of its parameter) bounds the max loop, known there
        // through k.
        var nestReserve = System.Text.RegularExpressions.Regex.Match(pullback, @"for \(p = 0;[^\n]*\)\s*\{\s*\{\s*var tapeValues\w* = tape\.Reserve\(([^\n]*)\);\s*int tapeTop\w* = tape\.Count;");
        Assert.True(nestReserve.Success, pullback);
        Assert.Contains("(long)d", nestReserve.Groups[1].Value, StringComparison.Ordinal);
        Assert.Contains("(long)k - 1", nestReserve.Groups[1].Value, StringComparison.Ordinal);

        // Constant trip counts too large to reserve for: no nest storage (its reservation was int arithmetic that overflowed,
        // CS0220, before).
        var huge = run.Member("N.Huge", "HugePullback");
        Assert.DoesNotMatch(@"tape\.Reserve\([^\n]*\);\s*int tapeTop\w* = tape\.Count;\s*for \(i = 0;", huge);

        // A triangular nest whose inner loop pushes cannot reserve on entry: its innermost loop keeps its own storage.
        var triangle = run.Member("N.Triangle", "TrianglePullback");
        Assert.DoesNotMatch(@"tape\.Reserve\([^\n]*\);\s*int tapeTop\w* = tape\.Count;\s*for \(i = 0;", triangle);
        Assert.Matches(@"tape\.Reserve\([^\n]*\);\s*int tapeTop\w* = tape\.Count;\s*int nLocal", triangle);
    }

    [Fact]
    public void NestsMatchCentralDifferences()
    {
        var result = Execution.RunDriver(Programs, """
            using System;
            public static class Driver
            {
                public static double[] Run()
                {
                    double worst = 0;
                    var random = new Random(7);
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

                    foreach (var (d, k, n) in new[] { (2, 5, 7), (3, 1, 4), (1, 3, 2), (4, 2, 0) })
                    {
                        var x = Draw(Math.Max(1, n) * d, 3.0);
                        Func<double[], double> f = z => N.Mixture(z.AsSpan(0, k * d), z.AsSpan(k * d), x, d, k, n);
                        Func<double[], double[]> grad = z =>
                        {
                            var (dm, ds) = (new double[k * d], new double[k * d]);
                            N.MixtureGradient(z.AsSpan(0, k * d), z.AsSpan(k * d), x, d, k, n, dm, ds);
                            return [.. dm, .. ds];
                        };
                        Check(f, grad, Draw(2 * k * d, 2.0));
                    }

                    foreach (var n in new[] { 0, 1, 5 })
                    {
                        Check(z => N.Triangle(z, n), z => { var g = new double[z.Length]; N.TriangleGradient(z, n, g); return g; }, Draw(Math.Max(1, n), 1.0));
                    }

                    foreach (var (m, n) in new[] { (1, 3), (4, 2), (0, 3), (3, 0) })
                    {
                        var length = Math.Max(1, Math.Max(m, n));
                        Check(z => N.LateBound(z, m, n), z => { var g = new double[z.Length]; N.LateBoundGradient(z, m, n, g); return g; }, Draw(length, 1.0));
                    }

                    // A nest that pushes far more than a fresh tape holds: the reservation on entry grows it, on a thread
                    // of its own, whose tape starts small.
                    double big = 0;
                    var thread = new System.Threading.Thread(() =>
                    {
                        const int d = 3, k = 4, n = 20000;
                        var x = Draw(n * d, 3.0);
                        var z = Draw(2 * k * d, 2.0);
                        var (dm, ds) = (new double[k * d], new double[k * d]);
                        var value = N.MixtureGradient(z.AsSpan(0, k * d), z.AsSpan(k * d), x, d, k, n, dm, ds);
                        big = Math.Abs(value - N.Mixture(z.AsSpan(0, k * d), z.AsSpan(k * d), x, d, k, n));
                        var plus = (double[])z.Clone();
                        plus[1] += 1e-5;
                        var minus = (double[])z.Clone();
                        minus[1] -= 1e-5;
                        var fd = (N.Mixture(plus.AsSpan(0, k * d), plus.AsSpan(k * d), x, d, k, n) - N.Mixture(minus.AsSpan(0, k * d), minus.AsSpan(k * d), x, d, k, n)) / 2e-5;
                        big = Math.Max(big, Math.Abs(dm[1] - fd) / (1 + Math.Abs(fd)));
                    });
                    thread.Start();
                    thread.Join();
                    return new[] { worst, big };
                }
            }
            """);
        Assert.True(result[0] < 1e-6, $"largest relative error against central differences: {result[0]:E3}");
        Assert.True(result[1] < 1e-5, $"a nest that grows the tape: {result[1]:E3}");
    }
}
