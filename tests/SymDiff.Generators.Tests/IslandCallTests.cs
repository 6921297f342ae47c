using System.Text.RegularExpressions;
using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// A program without loops over fixed elements that calls differentiable methods of scalars is still one island: each
/// call is made once, where the program makes it, with its partial derivatives (the callee's fused <c>Gradient</c>, or its custom pullback with seed
/// 1, or its custom pushforward with tangent 1), as a body of scalars makes it, and every member (pullback,
/// reverse-mode Jacobian, pushforward, vector forward mode) sweeps over those values with no tape; the gradient of one
/// with a scalar result is its own sweep with a seed of 1. A callee marked
/// <c>[Checkpoint]</c> asks to be recomputed in reverse mode, so a program calling it keeps its per-statement sweeps.
/// Checked against central differences in both arms of a branch that holds a call.
/// </summary>
public class IslandCallTests
{
    private const string Programs = """
        using System;
        using SymDiff;
        public static partial class Q
        {
            [Differentiable(Inline = false)]
            public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

            [Differentiable(Inline = false)]
            public static double Scaled(double x, [NoDerivative] double k) => k * Math.Sin(x);

            [Differentiable, Checkpoint]
            public static double Heavy(double x) => Math.Exp(x) * x;

            public static double Cube(double x) => x * x * x;

            [DerivativeOf(nameof(Cube))]
            public static double CubePullback(double x, double seed, ref double dX)
            {
                dX += seed * 3 * x * x;
                return Cube(x);
            }

            public static double LogCosh(double x) => Math.Log(Math.Cosh(x));

            [DerivativeOf(nameof(LogCosh))]
            public static (double Value, double Tangent) LogCoshPushforward(double x, double tX) => (LogCosh(x), Math.Tanh(x) * tX);

            [Differentiable(PushforwardN = true)]
            public static void Camera(ReadOnlySpan<double> p, double f, Span<double> e)
            {
                double u = Softplus(p[0]) * f;
                double v = Scaled(p[1], 2.0) + Softplus(p[0]);
                if (u > v)
                {
                    e[0] = u * Cube(p[1]);
                }
                else
                {
                    e[0] = v + LogCosh(u);
                }

                e[1] = u * v;
            }

            [Differentiable]
            public static double Scored(ReadOnlySpan<double> p, double f)
            {
                double u = Softplus(p[0]) * f;
                return u > 1.0 ? u * Cube(p[1]) : u + Scaled(p[1], 0.5);
            }

            [Differentiable]
            public static double Kept(ReadOnlySpan<double> x, Span<double> y)
            {
                double h = Heavy(x[0]);
                y[0] = h;
                return Softplus(x[1] * h);
            }
        }
        """;

    [Fact]
    public void CallsOfScalarsAreNodesOfTheIslandMadeOnce()
    {
        var run = GeneratorHarness.Run(Programs);
        Assert.Empty(run.CompilationDiagnostics);
        foreach (var member in new[] { "CameraPullback", "CameraJacobianReverse", "CameraPushforward", "CameraPushforwardN" })
        {
            var body = run.Member("Q.Camera", member);
            Assert.DoesNotContain("tape.Push", body, StringComparison.Ordinal);
            Assert.DoesNotContain("tape.Values", body, StringComparison.Ordinal);

            // One call per call in the source (Softplus twice), each with its partials: no callee runs again in a reverse sweep.
            Assert.Equal(2, Regex.Matches(body, @"SoftplusGradient\(").Count);
            Assert.Single(Regex.Matches(body, @"ScaledGradient\("));
            Assert.DoesNotContain("SoftplusPullback(", body, StringComparison.Ordinal);
            Assert.DoesNotContain("SoftplusPushforward(", body, StringComparison.Ordinal);
            Assert.Single(Regex.Matches(body, @"CubePullback\([^;]*, 1\.0, ref "));
            Assert.Single(Regex.Matches(body, @"LogCoshPushforward\([^;]*, 1\.0\)"));
        }

        // Vector forward mode over the island names its values after the locals they are (the member declares no local
        // of the method, so their names are free): u, not u2.
        // Its tangents are named by direction as the parameters' are (tF0 … tF3): u's tU0 … tU3, not tU, tU2, tU3, tU4.
        var cameraN = run.Member("Q.Camera", "CameraPushforwardN");
        Assert.Matches(@"double u = \w+ \* f;", cameraN);
        foreach (var lane in new[] { 0, 1, 2, 3 })
        {
            Assert.Contains($"double tU{lane} = f * (dSoftplus_dX * tP{lane}[0]) + v * tF{lane};", cameraN, StringComparison.Ordinal);
        }

        // The gradient of an island with a scalar result is its own sweep with a seed of 1, not a call of the pullback.
        var scored = run.Member("Q.Scored", "ScoredGradient");
        Assert.DoesNotContain("ScoredPullback(", scored, StringComparison.Ordinal);
        Assert.DoesNotContain("tape", scored, StringComparison.Ordinal);
        Assert.DoesNotContain("seed", scored, StringComparison.Ordinal);
        Assert.Contains("GeneratedChecks.SameLength(dP.Length", scored, StringComparison.Ordinal);

        // A scalar's adjoint is stored once, after the sweep, as a body of scalars stores it (not cleared, then added to).
        Assert.DoesNotContain("dF = 0.0;", scored, StringComparison.Ordinal);
        Assert.DoesNotContain("dF +=", scored, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(scored, @"\bdF = "));

        // A [Checkpoint] callee is recomputed in reverse mode: the program keeps its tape and calls its pullback.
        var kept = run.Member("Q.Kept", "KeptPullback");
        Assert.Contains("HeavyPullback(", kept, StringComparison.Ordinal);
    }

    [Fact]
    public void IslandsWithCallsMatchCentralDifferencesInBothArms()
    {
        var result = Execution.RunDriver(Programs + DerivativeChecks.SpanFunctionChecks + """
            public static class Driver
            {
                public static double[] Run()
                {
                    // (0.9, 0.8, 1.3) takes the first arm, (-1.2, 1.5, 0.4) the second.
                    foreach (var (p0, p1, f) in new[] { (0.9, 0.8, 1.3), (-1.2, 1.5, 0.4), (0.3, -0.4, 2.0), (1.1, 0.2, -0.7) })
                    {
                        double[] z = { p0, p1, f };
                        Func<double[], double[]> camera = w => Vf.Outputs(2, e => Q.Camera(w[..2], w[2], e));

                        var jacobian = new double[6];
                        var e = new double[2];
                        Q.CameraJacobianReverse(new[] { p0, p1 }, f, e, jacobian);
                        Vf.Same(e, camera(z));
                        var dP = new double[2];
                        double dF = 0.25;
                        Q.CameraPullback(new[] { p0, p1 }, f, new double[2], new[] { 0.7, -1.3 }, dP, ref dF);
                        Vf.Check(camera, z, jacobian, new[] { 0.7, -1.3 }, new[] { dP[0], dP[1], dF - 0.25 });

                        double[] t = { 0.3, -0.7, 1.1 };
                        var te = new double[2];
                        Q.CameraPushforward(new[] { p0, p1 }, f, e, t[..2], t[2], te);
                        Vf.Along(camera, z, t, te, e);

                        // Vector forward mode: five directions, each as Pushforward's alone.
                        var (nP, nF, nE) = (new double[10], new double[5], new double[10]);
                        for (int i = 0; i < 10; i++) { nP[i] = Math.Sin(i + p0); }
                        for (int i = 0; i < 5; i++) { nF[i] = Math.Cos(i * f); }
                        Q.CameraPushforwardN(new[] { p0, p1 }, f, e, 5, nP, nF, nE);
                        Vf.Same(e, camera(z));
                        for (int d = 0; d < 5; d++)
                        {
                            var one = new double[2];
                            Q.CameraPushforward(new[] { p0, p1 }, f, new double[2], nP[(2 * d)..(2 * d + 2)], nF[d], one);
                            Vf.Same(nE[(2 * d)..(2 * d + 2)], one);
                        }

                        // Scored's gradient: its value, and its derivatives overwrite what the adjoints held.
                        var (dScored, dFScored) = (new[] { 9.0, 9.0 }, 0.0);
                        Vf.Same(new[] { Q.ScoredGradient(new[] { p0, p1 }, f, dScored, out dFScored) }, new[] { Q.Scored(new[] { p0, p1 }, f) });
                        Vf.Check(w => new[] { Q.Scored(w[..2], w[2]) }, z, null, new[] { 1.0 }, new[] { dScored[0], dScored[1], dFScored });
                        try
                        {
                            Q.ScoredGradient(new[] { p0, p1 }, f, new double[1], out _);
                            Vf.Worst = double.PositiveInfinity; // an adjoint of the wrong length must be rejected
                        }
                        catch (ArgumentException)
                        {
                        }

                        var dX = new double[2];
                        Q.KeptPullback(new[] { p0, p1 }, new double[1], 1.5, dX);
                        Vf.Check(w => new[] { Q.Kept(w, new double[1]) }, new[] { p0, p1 }, null, new[] { 1.5 }, dX);
                    }

                    return new[] { Vf.Worst };
                }
            }
            """);

        Assert.True(result[0] < 1e-6, $"largest relative error against central differences: {result[0]:E3}");
    }
}
