using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// A program without loops over fixed elements (every element read or written at a constant index: a camera model, a
/// rotation, a residual block) is differentiated whole, as one island, the way a body of scalars is: its pullback and
/// its reverse-mode Jacobian run the values once and then one fused reverse sweep (per row), with no tape, nothing
/// saved and nothing restored. Checked against central differences in each arm of its branches, with outputs written
/// in one arm only, written twice, read back, and read as they came in.
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
        foreach (var name in new[] { "P.Rotate", "P.OneArm", "P.Scale", "P.WithOutput" })
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

        // Swap's store into e[0] reads the e[1] it came with, which an island would have stored over: it keeps the tape.
        var swap = run.Sources.Single(s => s.Key.StartsWith("P.Swap.", StringComparison.Ordinal)).Value;
        Assert.Contains("tape", Body(swap, "SwapPullback")!, StringComparison.Ordinal);

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
