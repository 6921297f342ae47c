using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// A program without loops over fixed elements (every element read or written at a constant index: a camera model, a
/// rotation, a residual block) is differentiated whole, as one island, the way a body of scalars is: its pullback and
/// its reverse-mode Jacobian run the values once and then one fused reverse sweep (per row), with no tape, nothing
/// saved and nothing restored. Checked against central differences in each arm of its branches, with outputs written
/// twice, read back, and read as they came in, inputs read at indices computed from a parameter, and elements read or
/// written only under a guard that keeps them in range.
/// </summary>
public class IslandTests
{
    private const string Programs = """
        using System;
        using SymDiff;
        public static partial class P
        {
            private static readonly double[] Table = { 0.5, 1.5 };

            [Differentiable]
            public static void Rotate(ReadOnlySpan<double> r, double k, Span<double> e)
            {
                double theta2 = r[0] * r[0] + r[1] * r[1];
                double c;
                double s;
                if (theta2 > 0.5)
                {
                    double theta = Math.Sqrt(theta2);
                    c = Math.Cos(theta);
                    s = Math.Sin(theta) / theta;
                }
                else
                {
                    c = 1.0 - 0.5 * theta2;
                    s = 1.0 - theta2 / 6.0;
                }

                e[0] = c * k + s * r[1];
                e[1] = s * r[0] * k - c;
            }

            [Differentiable]
            public static void OneArm(ReadOnlySpan<double> p, Span<double> e)
            {
                e[0] = p[0] * p[1];
                if (p[1] > 0.0)
                {
                    e[1] = Math.Sin(p[0]) * p[1];
                    e[0] = e[0] + e[1] * e[1];
                }

                e[2] = e[2] * 0.5 + Table[1] * p[0];
            }

            [Differentiable]
            public static void Gather(ReadOnlySpan<double> points, [NoDerivative] int j, double s, Span<double> e)
            {
                double x = points[3 * j];
                double y = points[3 * j + 1];
                e[0] = s * x * points[1] + y;
                e[1] = Math.Sin(y) * points[3 * j + 2];
            }

            [Differentiable]
            public static double Guarded(ReadOnlySpan<double> x, [NoDerivative] int k)
            {
                double s = x[0] * x[1];
                if (k < x.Length)
                {
                    s = s + x[k] * x[k];
                }

                if (x.Length > 2)
                {
                    s = s * x[2];
                }

                return s;
            }

            [Differentiable]
            public static void GuardedOutput(ReadOnlySpan<double> x, Span<double> y)
            {
                y[0] = x[0] * x[1];
                if (y.Length > 2)
                {
                    y[2] = x[1];
                }
            }

            [Differentiable]
            public static void Scale(ReadOnlySpan<double> p, Span<double> e)
            {
                e[0] = e[0] * p[0];
                e[1] = e[1] + p[1] * p[0];
            }

            [Differentiable]
            public static void Swap(ReadOnlySpan<double> p, Span<double> e)
            {
                double t = e[1];
                e[1] = p[0] * p[1];
                e[0] = t * p[0];
            }

            [Differentiable]
            public static double WithOutput(ReadOnlySpan<double> p, [NoDerivative] int n, Span<double> e)
            {
                double s = p[0] * n;
                e[0] = Math.Exp(s) * p[1];
                double r = s > 1.0 ? s * p[1] : e[0] + p[1];
                return r;
            }
        }
        """;

    [Fact]
    public void AProgramWithoutLoopsOverFixedElementsIsOneIslandWithNoTape()
    {
        var run = GeneratorHarness.Run(Programs);
        Assert.Empty(run.CompilationDiagnostics);
        foreach (var name in new[] { "P.Rotate", "P.Gather", "P.Guarded", "P.Scale", "P.WithOutput" })
        {
            var source = run.Sources.Single(s => s.Key.StartsWith(name + ".", StringComparison.Ordinal)).Value;
            var member = name.Substring(2);
            foreach (var generated in new[] { member + "Pullback", member + "JacobianReverse" })
            {
                if (Body(source, generated) is { } body)
                {
                    Assert.DoesNotContain("tape", body, StringComparison.Ordinal);
                }
            }
        }

        // Swap's store into e[0] reads the e[1] it came with, which an island would have stored over; an output element
        // written in one arm only would be stored where the primal may not write it: both keep the tape.
        foreach (var name in new[] { "Swap", "OneArm", "GuardedOutput" })
        {
            var source = run.Sources.Single(s => s.Key.StartsWith($"P.{name}.", StringComparison.Ordinal)).Value;
            Assert.Contains("tape", Body(source, name + "Pullback")!, StringComparison.Ordinal);
        }

        // An element read only inside a branch may be out of range when it is not taken: its adjoint is added where it is not 0.
        var guarded = run.Sources.Single(s => s.Key.StartsWith("P.Guarded.", StringComparison.Ordinal)).Value;
        Assert.Matches(@"if \(\w+ != 0\.0\)\s*\{\s*dX\[k\] \+=", Body(guarded, "GuardedPullback")!);

        var rotate = run.Sources.Single(s => s.Key.StartsWith("P.Rotate.", StringComparison.Ordinal)).Value;
        Assert.Contains("The body runs once, with no tape; each row is one reverse sweep over its values.", rotate, StringComparison.Ordinal);

        // The values are computed once, in one region: each row's sweep reads them; its entries go to their columns.
        Assert.Contains("jacobian.Clear();", Body(rotate, "RotateJacobianReverse")!, StringComparison.Ordinal);
        Assert.Contains("jacobian[columns + r.Length] =", Body(rotate, "RotateJacobianReverse")!, StringComparison.Ordinal);
    }

    [Fact]
    public void IslandsMatchCentralDifferencesInEachArm()
    {
        var result = Execution.RunDriver(Programs + """
            public static class Driver
            {
                public static double[] Run()
                {
                    double worst = 0;
                    foreach (var (p0, p1, k) in new[] { (0.9, 0.8, 1.3), (0.3, 0.4, -0.7), (-1.2, -0.5, 2.0), (0.2, -0.6, 0.9) })
                    {
                        // Rotate: the reverse-mode Jacobian and a pullback against central differences (columns r0, r1, k).
                        var jacobian = new double[6];
                        P.RotateJacobianReverse(new[] { p0, p1 }, k, new double[2], jacobian);
                        double[] seed = { 0.7, -1.3 };
                        var dP = new double[2];
                        double dK = 0.25;
                        P.RotatePullback(new[] { p0, p1 }, k, new double[2], seed, dP, ref dK);
                        for (int c = 0; c < 3; c++)
                        {
                            var (plus, minus) = (Rotate(p0, p1, k, c, 1e-6), Rotate(p0, p1, k, c, -1e-6));
                            double pulled = 0;
                            for (int r = 0; r < 2; r++)
                            {
                                double fd = (plus[r] - minus[r]) / 2e-6;
                                worst = Math.Max(worst, Math.Abs(jacobian[r * 3 + c] - fd) / (1 + Math.Abs(fd)));
                                pulled += seed[r] * fd;
                            }

                            double got = c < 2 ? dP[c] : dK - 0.25;
                            worst = Math.Max(worst, Math.Abs(got - pulled) / (1 + Math.Abs(pulled)));
                        }

                        // OneArm: outputs written in one arm, written twice, read back, and read as they came in.
                        var oneArm = new double[6];
                        var e = new double[] { 0.1, 0.2, 0.3 };
                        P.OneArmJacobianReverse(new[] { p0, p1 }, e, oneArm);
                        var values = new double[] { 0.1, 0.2, 0.3 };
                        P.OneArm(new[] { p0, p1 }, values);
                        for (int r = 0; r < 3; r++)
                        {
                            worst = Math.Max(worst, Math.Abs(e[r] - values[r]));
                        }

                        for (int c = 0; c < 2; c++)
                        {
                            var (plus, minus) = (OneArm(p0, p1, c, 1e-6), OneArm(p0, p1, c, -1e-6));
                            for (int r = 0; r < 3; r++)
                            {
                                double fd = (plus[r] - minus[r]) / 2e-6;
                                worst = Math.Max(worst, Math.Abs(oneArm[r * 2 + c] - fd) / (1 + Math.Abs(fd)));
                            }
                        }

                        // Guarded and GuardedOutput with the guarded elements out of range: the primal never reads or writes them.
                        foreach (var (x, k2) in new[] { (new[] { p0, p1 }, 5), (new[] { p0, p1, k }, 1), (new[] { p0, p1, k }, 7) })
                        {
                            var dX = new double[x.Length];
                            var guardedValue = P.GuardedGradient(x, k2, dX);
                            worst = Math.Max(worst, Math.Abs(guardedValue - P.Guarded(x, k2)));
                            for (int c = 0; c < x.Length; c++)
                            {
                                var (a, b) = ((double[])x.Clone(), (double[])x.Clone());
                                a[c] += 1e-6;
                                b[c] -= 1e-6;
                                double fd = (P.Guarded(a, k2) - P.Guarded(b, k2)) / 2e-6;
                                worst = Math.Max(worst, Math.Abs(dX[c] - fd) / (1 + Math.Abs(fd)));
                            }
                        }

                        var outputs2 = new double[2];
                        var guardedJacobian = new double[4];
                        P.GuardedOutputJacobianReverse(new[] { p0, p1 }, outputs2, guardedJacobian);
                        worst = Math.Max(worst, Math.Abs(guardedJacobian[0] - p1) + Math.Abs(guardedJacobian[1] - p0) + Math.Abs(guardedJacobian[2]) + Math.Abs(guardedJacobian[3]));

                        // Gather reads elements at indices computed from j: at j = 0, points[3 * j + 1] is points[1].
                        for (int at = 0; at < 2; at++)
                        {
                            double[] points = { p0, p1, k, p1 * k, 0.3, p0 - 0.2 };
                            var gathered = new double[14];
                            P.GatherJacobianReverse(points, at, 0.7, new double[2], gathered);
                            var dPoints = new double[6];
                            double dS = 0;
                            P.GatherPullback(points, at, 0.7, new double[2], new[] { 0.5, -1.5 }, dPoints, ref dS);
                            for (int c = 0; c < 7; c++)
                            {
                                var (a, b) = ((double[])points.Clone(), (double[])points.Clone());
                                var (sa, sb) = (0.7, 0.7);
                                if (c < 6) { a[c] += 1e-6; b[c] -= 1e-6; } else { sa += 1e-6; sb -= 1e-6; }
                                var (ya, yb) = (new double[2], new double[2]);
                                P.Gather(a, at, sa, ya);
                                P.Gather(b, at, sb, yb);
                                double along = 0;
                                for (int r = 0; r < 2; r++)
                                {
                                    double fd = (ya[r] - yb[r]) / 2e-6;
                                    worst = Math.Max(worst, Math.Abs(gathered[r * 7 + c] - fd) / (1 + Math.Abs(fd)));
                                    along += (r == 0 ? 0.5 : -1.5) * fd;
                                }

                                double got = c < 6 ? dPoints[c] : dS;
                                worst = Math.Max(worst, Math.Abs(got - along) / (1 + Math.Abs(along)));
                            }
                        }

                        // Scale and Swap read the outputs' incoming values (2, 3): their derivatives too, before they are stored over.
                        foreach (var (name, jacobianOf, function) in new (string, Action<double[], double[], double[]>, Action<double[], double[]>)[]
                        {
                            ("Scale", (q, y, j) => P.ScaleJacobianReverse(q, y, j), (q, y) => P.Scale(q, y)),
                            ("Swap", (q, y, j) => P.SwapJacobianReverse(q, y, j), (q, y) => P.Swap(q, y)),
                        })
                        {
                            var entries = new double[4];
                            var y = new double[] { 2.0, 3.0 };
                            jacobianOf(new[] { p0, p1 }, y, entries);
                            var expected = new double[] { 2.0, 3.0 };
                            function(new[] { p0, p1 }, expected);
                            worst = Math.Max(worst, Math.Abs(y[0] - expected[0]) + Math.Abs(y[1] - expected[1]));
                            var dScale = new double[2];
                            var pulled = new double[] { 2.0, 3.0 };
                            if (name == "Scale")
                            {
                                P.ScalePullback(new[] { p0, p1 }, pulled, new[] { 0.5, -1.5 }, dScale);
                            }

                            for (int c = 0; c < 2; c++)
                            {
                                var (a, b) = (new[] { p0, p1 }, new[] { p0, p1 });
                                a[c] += 1e-6;
                                b[c] -= 1e-6;
                                var (ya, yb) = (new double[] { 2.0, 3.0 }, new double[] { 2.0, 3.0 });
                                function(a, ya);
                                function(b, yb);
                                double along = 0;
                                for (int r = 0; r < 2; r++)
                                {
                                    double fd = (ya[r] - yb[r]) / 2e-6;
                                    worst = Math.Max(worst, Math.Abs(entries[r * 2 + c] - fd) / (1 + Math.Abs(fd)));
                                    along += (r == 0 ? 0.5 : -1.5) * fd;
                                }

                                if (name == "Scale")
                                {
                                    worst = Math.Max(worst, Math.Abs(dScale[c] - along) / (1 + Math.Abs(along)));
                                }
                            }
                        }

                        // WithOutput: a scalar result (seeded) next to an output, an int read as a number.
                        var dW = new double[2];
                        var outputs = new double[1];
                        double value = P.WithOutputPullback(new[] { p0, p1 }, 2, outputs, 1.5, dW);
                        worst = Math.Max(worst, Math.Abs(value - P.WithOutput(new[] { p0, p1 }, 2, new double[1])));
                        for (int c = 0; c < 2; c++)
                        {
                            var (a, b) = (new[] { p0, p1 }, new[] { p0, p1 });
                            a[c] += 1e-6;
                            b[c] -= 1e-6;
                            double fd = 1.5 * (P.WithOutput(a, 2, new double[1]) - P.WithOutput(b, 2, new double[1])) / 2e-6;
                            worst = Math.Max(worst, Math.Abs(dW[c] - fd) / (1 + Math.Abs(fd)));
                        }
                    }

                    return new[] { worst };
                }

                private static double[] Rotate(double p0, double p1, double k, int column, double h)
                {
                    var q = new[] { p0, p1 };
                    if (column < 2) q[column] += h; else k += h;
                    var e = new double[2];
                    P.Rotate(q, k, e);
                    return e;
                }

                private static double[] OneArm(double p0, double p1, int column, double h)
                {
                    var q = new[] { p0, p1 };
                    q[column] += h;
                    var e = new double[] { 0.1, 0.2, 0.3 };
                    P.OneArm(q, e);
                    return e;
                }
            }
            """);

        Assert.True(result[0] < 1e-6, $"largest relative error against central differences: {result[0]:E3}");
    }

    /// <summary>The body of generated member <paramref name="member"/> (from its signature to the next member), or null when there is none.</summary>
    private static string? Body(string source, string member)
    {
        var signature = System.Text.RegularExpressions.Regex.Match(source, $@" static \w+ {member}\(");
        if (!signature.Success)
        {
            return null;
        }

        var start = signature.Index;
        var end = source.IndexOf("\n    /// <summary>", start, StringComparison.Ordinal);
        return end < 0 ? source.Substring(start) : source.Substring(start, end - start);
    }
}
