using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// A local given its value once in each arm of an <c>if</c> is assigned once per run, so it overwrites nothing and the
/// forward sweep pushes nothing for it: the reverse sweep reads the value it ends with (ADBench BA's projected point,
/// <c>xc0..xc2</c>, had been pushed in both arms, popped back, and its quotients recomputed from the popped copies).
/// A local assigned twice along one run still is saved. Each program ends in a loop, so it takes the per-statement
/// sweeps: a program without loops over fixed elements is one island and saves nothing (<see cref="IslandTests"/>).
/// </summary>
public class ExclusiveAssignmentTests
{
    private const string Projection = """
        using System;
        using SymDiff;
        public static partial class P
        {
            [Differentiable]
            public static void Project(ReadOnlySpan<double> p, double k, Span<double> e)
            {
                double s = p[0] * p[0] + p[1] * p[1];
                double x;
                double y;
                if (s > 1.0)
                {
                    double r = Math.Sqrt(s);
                    x = p[0] / r;
                    y = Math.Sin(p[1]) * k;
                }
                else
                {
                    x = p[0] * k;
                    y = p[1] + s;
                }

                e[0] = x / y;
                e[1] = x * Math.Exp(y);
                for (int i = 2; i < e.Length; i++)
                {
                    e[i] = 0.0;
                }
            }

            [Differentiable]
            public static void Twice(ReadOnlySpan<double> p, Span<double> e)
            {
                double x = p[0] * p[1];
                if (p[0] > 0.0)
                {
                    x = x * x;
                }

                e[0] = x * p[1];
                e[1] = x + p[0];
                for (int i = 2; i < e.Length; i++)
                {
                    e[i] = 0.0;
                }
            }
        }
        """;

    [Fact]
    public void ALocalAssignedOnceInEachArmIsNeitherPushedNorPopped()
    {
        var run = GeneratorHarness.Run(Projection);
        Assert.Empty(run.CompilationDiagnostics);
        var source = run.Sources.Single(s => s.Key.StartsWith("P.Project", StringComparison.Ordinal)).Value;

        foreach (var local in new[] { "x", "y" })
        {
            Assert.DoesNotContain($"tape.Push({local});", source, StringComparison.Ordinal);
            Assert.DoesNotContain($"{local} = tape.Pop();", source, StringComparison.Ordinal);
        }

        // The quotient's partials read x and y where they are, not popped copies.
        Assert.Contains("double v = x / y;", source, StringComparison.Ordinal);
    }

    [Fact]
    public void ALocalAssignedTwiceAlongOneRunIsStillSaved()
    {
        // x = x * x reads the x it overwrites: its adjoint needs the old value back.
        var run = GeneratorHarness.Run(Projection);
        var source = run.Sources.Single(s => s.Key.StartsWith("P.Twice", StringComparison.Ordinal)).Value;
        Assert.Contains("tape.Push(x);", source, StringComparison.Ordinal);
    }

    [Fact]
    public void JacobiansMatchFiniteDifferencesInBothArms()
    {
        // Reverse mode (2 rows < 3 columns: one recording, a sweep per row), forward mode, and the Twice method's
        // saved value, each against central differences, at points taking each arm.
        var result = Execution.RunDriver(Projection + """
            public static class Driver
            {
                public static double[] Run()
                {
                    double worst = 0;
                    foreach (var (p0, p1, k) in new[] { (0.9, 0.8, 1.3), (0.3, 0.4, -0.7), (-1.2, 0.5, 2.0), (0.2, -0.6, 0.9) })
                    {
                        var p = new[] { p0, p1 };
                        var e = new double[2];
                        var reverse = new double[6];
                        var forward = new double[6];
                        P.ProjectJacobianReverse(p, k, e, reverse);
                        P.ProjectJacobianForward(p, k, e, forward);
                        for (int c = 0; c < 3; c++)
                        {
                            var plus = Eval(p, k, c, 1e-6);
                            var minus = Eval(p, k, c, -1e-6);
                            for (int r = 0; r < 2; r++)
                            {
                                double fd = (plus[r] - minus[r]) / 2e-6;
                                worst = Math.Max(worst, Math.Abs(reverse[r * 3 + c] - fd) / (1 + Math.Abs(fd)));
                                worst = Math.Max(worst, Math.Abs(forward[r * 3 + c] - fd) / (1 + Math.Abs(fd)));
                            }
                        }

                        var twice = new double[4];
                        P.TwiceJacobian(p, new double[2], twice);
                        for (int c = 0; c < 2; c++)
                        {
                            var a = (double[])p.Clone();
                            var b = (double[])p.Clone();
                            a[c] += 1e-6;
                            b[c] -= 1e-6;
                            var ea = new double[2];
                            var eb = new double[2];
                            P.Twice(a, ea);
                            P.Twice(b, eb);
                            for (int r = 0; r < 2; r++)
                            {
                                double fd = (ea[r] - eb[r]) / 2e-6;
                                worst = Math.Max(worst, Math.Abs(twice[r * 2 + c] - fd) / (1 + Math.Abs(fd)));
                            }
                        }
                    }

                    return new[] { worst };
                }

                private static double[] Eval(double[] p, double k, int column, double h)
                {
                    var q = (double[])p.Clone();
                    if (column < 2) q[column] += h; else k += h;
                    var e = new double[2];
                    P.Project(q, k, e);
                    return e;
                }
            }
            """);

        Assert.True(result[0] < 1e-6, $"largest relative error against central differences: {result[0]:E3}");
    }
}
