using SymDiff.Generators.Tests.Infrastructure;
using static SymDiff.Generators.Tests.Infrastructure.DerivativeChecks;

namespace SymDiff.Generators.Tests;

/// <summary>
/// Split-mode calls (<c>Differentiation/RecordedCalls.cs</c>): reverse mode runs a scalar callee's pullback once, in the
/// forward sweep with seed 1, pushes the partials, and the reverse sweep multiplies them by the call's adjoint instead of
/// running the callee again.
/// </summary>
public sealed class RecordedCallTests
{
    private const string Callees = """
        public static partial class P
        {
            [Differentiable(Inline = false)]
            public static double G(double a, [NoDerivative] double k, double b, int n) => Math.Sin(a * b) * k + Math.Exp(b) / (1 + n * a * a);

        """ + CustomPullbackCallee + """

            [Differentiable(Inline = false)]
            public static double Root(double x) => Math.Sqrt(x);
        """;

    [Fact]
    public void TheReverseSweepReadsThePartialsTheForwardSweepPushed()
    {
        var pullback = PullbackOfH(Prelude + Callees + """
                [Differentiable]
                public static double H(ReadOnlySpan<double> v)
                {
                    double s = 0;
                    for (int i = 0; i < v.Length; i++) { s += G(v[i] * s, 2.0, v[i], i); }
                    return s;
                }
            }
            """);
        Assert.Contains("double pG_A = 0, pG_B = 0;", pullback);
        Assert.Contains("global::P.GPullback(v[iLocal] * sLocal, 2.0, v[iLocal], iLocal, 1.0, ref pG_A, ref pG_B);", pullback);
        Assert.Contains("tape.Push(pG_A);", pullback);
        Assert.Contains("double dG_dA = g * pG_A;", pullback);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(pullback, @"GPullback\("));
    }

    /// <summary>
    /// An argument that is active but whose derivative cancels (<c>v[0] − v[0]</c>) takes nothing from the call: its
    /// partial is neither pushed nor popped, and no empty <c>if (g != 0)</c> is left for it; the other argument's is.
    /// </summary>
    [Fact]
    public void ArgumentsWhoseDerivativeCancelsRecordNoPartial()
    {
        var source = WithChecksOfH("""
                [Differentiable]
                public static double H(ReadOnlySpan<double> v)
                {
                    double s = 0;
                    for (int i = 0; i < v.Length; i++) { s += Cu(v[0] - v[0], v[i] * s) + Cu(v[1] - v[1], 2.0); }
                    return s;
                }
            """);
        var pullback = PullbackOfH(source);
        Assert.DoesNotContain("Push(pCu_X", pullback);
        Assert.Contains("Push(pCu_Y", pullback);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(pullback, @"tape\.Push\(pCu_"));
        Assert.DoesNotMatch(@"if \(g != 0\)\s*\{\s*\}", pullback);
        AssertClose(Execution.RunDriver(source), new double[4]);
    }

    /// <summary>
    /// The reverse sweep of a recorded call reads its arguments' own partials, not the arguments: a local passed as
    /// <c>a + s</c> and overwritten every iteration is not saved, one passed as <c>a * s</c> is (its partials read it),
    /// and the gradient is right either way.
    /// </summary>
    [Fact]
    public void ArgumentsWhosePartialsDoNotReadThemAreNotSaved()
    {
        string Source(string argument) => WithChecksOfH($$"""
                [Differentiable]
                public static double H(ReadOnlySpan<double> v)
                {
                    double s = 0.5;
                    for (int i = 0; i < v.Length; i++) { double a = v[i] * v[i]; s += G({{argument}}, 2.0, v[i], i); }
                    return s;
                }
            """);
        string Pullback(string argument) => PullbackOfH(Source(argument));
        Assert.DoesNotContain("Push(a", Pullback("a + s"));
        Assert.Contains("Push(a", Pullback("a * s"));
        AssertClose(Execution.RunDriver(Source("a + s")), new double[4]);
        AssertClose(Execution.RunDriver(Source("a * s")), new double[4]);
    }

    /// <summary>
    /// <c>[Checkpoint]</c> on a callee asks for recomputation over storage: its calls keep the pullback in the reverse
    /// sweep; so do callees over spans. Both still give the right gradient.
    /// </summary>
    [Fact]
    public void CheckpointedAndSpanCalleesAreRecomputed()
    {
        var source = WithChecksOfH("""
                [Differentiable(Inline = false), Checkpoint]
                public static double Power(double x, int n)
                {
                    double p = 1;
                    for (int k = 0; k < n; k++) { p = p * x + 0.1 * Math.Sin(p); }
                    return p;
                }

                [Differentiable(Inline = false)]
                public static double Dot(ReadOnlySpan<double> a, double b) => a[0] * b + a[1];

                [Differentiable]
                public static double H(ReadOnlySpan<double> v)
                {
                    double s = 0.3;
                    for (int i = 0; i < v.Length; i++) { s += Power(v[i] * s, 3) + Dot(v, s); }
                    return s;
                }
            """);
        var pullback = PullbackOfH(source);
        Assert.Contains("global::P.PowerPullback(v[iLocal] * sLocal, 3, g, ref dPower_dX);", pullback);
        Assert.Contains("global::P.DotPullback(v, sLocal, g, dV, ref dDot_dB);", pullback);
        Assert.DoesNotContain("tape.Push(pPower", pullback);
        AssertClose(Execution.RunDriver(source), new double[4]);
    }

    [Fact]
    public void GradientsThroughRecordedCallsMatchCentralDifferences()
    {
        var result = Execution.RunDriver(Prelude + Callees + """
                [Differentiable]
                public static double H(ReadOnlySpan<double> v)
                {
                    double s = 0.5;
                    for (int i = 0; i < v.Length; i++)
                    {
                        double t = G(v[i] * s, 1.5, s - v[i], i) + Cu(v[i], s);
                        if (t > 1) { s = s * 0.5 + G(t, 0.5, v[i], 2); } else { s += Cu(t, 3.0) * v[i]; }
                    }

                    return s * s + Cu(s, s);
                }

                [Differentiable]
                public static double F(double x, double y)
                {
                    double s = 0;
                    for (int i = 0; i < 3; i++) { s += G(x * s + i, 0.5 * i, y, i) * Cu(s, x); }
                    return s + G(s, 2.0, x, 1);
                }
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    double x = 0.3, y = -0.8;
            """ + ChecksOfF + ChecksOfH + """
                    return [.. errorsOfF, .. errorsOfH];
                }
            }
            """);
        AssertClose(result, new double[11]);
    }

    /// <summary>A call whose adjoint is 0 adds nothing, even where its partial is infinite (√ at 0: 0·∞ would be NaN).</summary>
    [Fact]
    public void AZeroAdjointMeetsAnInfinitePartialWithoutNaN()
    {
        var result = Execution.RunDriver(Prelude + Callees + """
                [Differentiable]
                public static double H(ReadOnlySpan<double> v)
                {
                    double s = 0;
                    for (int i = 0; i < v.Length; i++) { double r = Root(v[i] * v[i] - 1); s += v[i] + 0 * r; }
                    return s;
                }
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    double[] v = { 1.0, -1.0 };
                    var dV = new double[2];
                    var h = P.HGradient(v, dV);
                    return [h, dV[0], dV[1]];
                }
            }
            """);
        AssertClose(result, 0, 1, 1);
    }

    /// <summary>
    /// A program of the callees and <paramref name="members"/> of class P (which define <c>H</c>, closing the class), with a
    /// driver returning <see cref="ChecksOfH"/>'s errors.
    /// </summary>
    private static string WithChecksOfH(string members) => Prelude + Callees + members + """
        }

        public static class Driver
        {
            public static double[] Run()
            {
        """ + ChecksOfH + """
                return errorsOfH;
            }
        }
        """;

    /// <summary>The generated <c>HPullback</c> of <paramref name="source"/>.</summary>
    private static string PullbackOfH(string source) =>
        Member(GeneratorHarness.Run(source).Sources.Single(s => s.Key.EndsWith("P.H.g.cs", StringComparison.Ordinal)).Value, "static double HPullback(");

    /// <summary>
    /// A vector function whose calls are all recorded has its Jacobian from one recording (each row a reverse sweep over
    /// it), and agrees with forward mode and central differences.
    /// </summary>
    [Fact]
    public void JacobiansThroughRecordedCallsReplayOneRecording()
    {
        var source = Prelude + Callees + """
                [Differentiable]
                public static void V(ReadOnlySpan<double> x, Span<double> y)
                {
                    double s = 1;
                    for (int i = 0; i < y.Length; i++) { s = G(s, 2.0, x[i % x.Length], i) + Cu(s, x[0]); y[i] = s * x[i % x.Length]; }
                }
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    double[] x = { 0.4, -0.7, 0.2 };
                    var reverse = new double[4 * 3];
                    var forward = new double[4 * 3];
                    P.VJacobianReverse(x, new double[4], reverse);
                    P.VJacobianForward(x, new double[4], forward);
                    var errors = new global::System.Collections.Generic.List<double>();
                    for (int r = 0; r < 4; r++)
                    {
                        for (int c = 0; c < 3; c++)
                        {
                            var fd = Fd.D(a => { var y = new double[4]; P.V(a, y); return y[r]; }, x, c);
                            errors.Add(reverse[r * 3 + c] - fd);
                            errors.Add(forward[r * 3 + c] - fd);
                        }
                    }

                    return errors.ToArray();
                }
            }
            """;
        var run = GeneratorHarness.Run(source);
        var text = run.Sources.Single(s => s.Key.EndsWith("P.V.g.cs", StringComparison.Ordinal)).Value;
        Assert.Contains("The body runs once, recorded; each row is one reverse sweep over that recording.", text);
        AssertClose(Execution.RunDriver(source), new double[24]);
    }

    private static string Member(string text, string signature)
    {
        var start = text.IndexOf(signature, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no member {signature}");
        var end = text.IndexOf("\n    }\n", start, StringComparison.Ordinal);
        return text[start..end];
    }
}
