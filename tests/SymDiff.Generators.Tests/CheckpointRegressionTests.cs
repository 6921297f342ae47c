using SymDiff.Generators.Tests.Infrastructure;
using static SymDiff.Generators.Tests.Infrastructure.DerivativeChecks;

namespace SymDiff.Generators.Tests;

/// <summary>
/// Wrong derivatives and values the fuzzer found around <c>[Checkpoint]</c> loops and the loop path (minimized
/// reproducers). Each runs the generated members and compares them with central differences of the primal.
/// </summary>
public sealed class CheckpointRegressionTests
{
    /// <summary>Pairs (generated, expected) flattened by a driver: asserts each generated entry is close to its expected one.</summary>
    private static void AssertPairs(double[] pairs)
    {
        var generated = pairs.Where((_, i) => i % 2 == 0).ToArray();
        var expected = pairs.Where((_, i) => i % 2 == 1).ToArray();
        AssertClose(generated, expected);
    }

    /// <summary>
    /// Fuzz seed 229: a buffer one checkpointed loop reads (its branch condition) and a later loop writes at
    /// <c>b[k - 1]</c> after <c>k++</c>. The reverse sweep of the later loop put the old elements back at the index of
    /// the last iteration (the counter was never stepped back, as nothing the analysis counted read it), so the earlier
    /// loop's re-run saw the later loop's values and took the other branch: derivatives off by a factor of ~1.26.
    /// </summary>
    [Fact]
    public void BufferReadByCheckpointedLoopAndWrittenByALaterOneIsRestoredAtEveryIndex()
    {
        var result = Execution.RunDriver(Prelude + """
            public static partial class P
            {
                [Differentiable, Checkpoint(Every = 2)]
                public static double L0(Span<double> xs0, double s1)
                {
                    double acc0 = xs0[0] * 0.75 + s1;
                    Span<double> b1 = stackalloc double[xs0.Length];
                    for (int i = 0; i < xs0.Length; i++)
                    {
                        if (xs0[1] * b1[i] < xs0[0])
                        {
                            acc0 += Math.Sin(1.25 - acc0);
                        }
                    }

                    int k = 0;
                    while (k < xs0.Length)
                    {
                        k++;
                        b1[k - 1] = Math.Sqrt(1 + xs0[k - 1] * xs0[k - 1]) - acc0;
                    }

                    return Math.Min(xs0[1] - 3.0, xs0[0] + s1) + acc0;
                }
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    double[] x = { -0.5, -1.4, 0.3, 0.9 };
                    double s = 0.5;
                    var g = new double[4];
                    var value = P.L0Gradient(x, s, g, out var dS);
                    var r = new System.Collections.Generic.List<double> { value, P.L0(x, s), dS, Fd.D(t => P.L0(x, t), s) };
                    for (var k = 0; k < 4; k++) { r.Add(g[k]); r.Add(Fd.D(a => P.L0(a, s), x, k)); }
                    return r.ToArray();
                }
            }
            """);
        AssertPairs(result);
    }

    /// <summary>
    /// Fuzz seed 248: at i = 1 the chain rule meets ∛′(0) = ∞. A Jacobian row replays the reverse sweep with a zero
    /// adjoint for every other row's output, and 0·∞ = NaN leaked into every row's column 1. A zero adjoint now
    /// contributes nothing; the diagonal entry [1, 1] stays NaN (∞·(1 − 1), as any chain-rule AD gives at that point).
    /// </summary>
    [Fact]
    public void ZeroAdjointOfAnotherRowContributesNothingWhereAPartialIsInfinite()
    {
        var result = Execution.RunDriver(Prelude + """
            public static partial class P
            {
                [Differentiable]
                public static void V1(ReadOnlySpan<double> xs0, Span<double> ys)
                {
                    for (int i0 = 0; i0 < ys.Length; i0++)
                    {
                        ys[i0] = 0.5 - Math.Cbrt(Math.Tanh(xs0[1] - xs0[i0]));
                    }
                }
            }

            public static class Driver
            {
                private static double Y(double[] x, int row) { var y = new double[3]; P.V1(x, y); return y[row]; }

                public static double[] Run()
                {
                    double[] x = { 0.3, -0.6, 0.9 };
                    var jacobian = new double[9];
                    P.V1Jacobian(x, new double[3], jacobian);
                    var adjoint = new double[3];
                    P.V1Pullback(x, new double[3], new double[] { 1, 0, 2 }, adjoint);
                    var r = new System.Collections.Generic.List<double>();
                    foreach (var row in new[] { 0, 2 })
                    {
                        for (var k = 0; k < 3; k++) { r.Add(jacobian[row * 3 + k]); r.Add(Fd.D(a => Y(a, row), x, k)); }
                    }

                    r.Add(jacobian[3]); r.Add(0);
                    r.Add(jacobian[5]); r.Add(0);
                    for (var k = 0; k < 3; k++) { r.Add(adjoint[k]); r.Add(jacobian[k] + 2 * jacobian[6 + k]); }
                    return r.ToArray();
                }
            }
            """);
        AssertPairs(result);
    }
}
