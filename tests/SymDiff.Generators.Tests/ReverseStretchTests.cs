using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// Reverse mode over stretches (<c>Differentiation/LoopAnalysis.Stretches.cs</c>, <c>AdjointPass.Stretches.cs</c>): a
/// run of assignments, stores and branches of them is one island. Its forward sweep pushes, on entry, only the values it
/// overwrites that are read later (and the transcendentals its sweep reads, as it computes them); its reverse sweep reads
/// the values it left in places its own expressions read, restores the others and pulls every adjoint back in one sweep. A scalar that lives only in the stretch has no adjoint, a
/// branch is a join (no decision taped), an integer update is undone. Checked by the members' text and every gradient,
/// pullback and Jacobian against central differences.
/// </summary>
public class ReverseStretchTests
{
    private const string Programs = """
        using System;
        using SymDiff;

        public static partial class S
        {
            /// <summary>
            /// A filter step: temporaries living only in it, a branch assigning one arm only, an element updated in place,
            /// an exponential its sweep reads, an integer counter stepped in it.
            /// </summary>
            [Differentiable]
            public static double Step(ReadOnlySpan<double> x, double k)
            {
                Span<double> acc = new double[2];
                double state = 0.3;
                double cov = 1;
                int seen = 0;
                for (int t = 0; t < x.Length; t++)
                {
                    double z = k * state + x[t];
                    double gain = cov / (cov + z * z);
                    double held = state;
                    if (z > 0.5)
                    {
                        held = gain * Math.Exp(-z);
                    }

                    seen = seen + 2;
                    acc[t % 2] = acc[t % 2] + held * gain * seen;
                    cov = (1 - gain) * cov + 0.1;
                    state = Math.Tanh(held + 0.1 * gain);
                }

                return state + acc[0] * acc[1] + cov;
            }

            /// <summary>
            /// A saved tanh whose operand is a join computed only for it: the sweep reads the saved value, and the join's
            /// arms are not computed again (they were, into a variable nothing read: CS0219, fuzzer seed 1090135).
            /// </summary>
            [Differentiable]
            public static double SavedJoin(double s2, ReadOnlySpan<double> xs1, ReadOnlySpan<double> xs0)
            {
                double acc0 = xs0[^1];
                for (int i1 = 0; i1 < (i1 < 2 ? xs1.Length : xs1.Length - 1); i1++)
                {
                    acc0 -= Math.Tanh(Math.Exp(Math.Sin(acc0)) >= acc0 ? (xs0[^1] + s2) : acc0);
                    acc0 *= Math.Cos((xs1[0] - xs1[0]) - (i1 > 1 ? 1.0 : 0.25));
                }

                return xs0[0] + acc0;
            }

            /// <summary>
            /// Two saved tanh values, one first made in a branch's condition before the statement that saves it: popped in
            /// the order they were pushed (fuzzer seed 1090768 swapped them).
            /// </summary>
            [Differentiable(Inline = false)]
            public static double SavedInOrder(double s1, ReadOnlySpan<double> xs0)
            {
                double acc0 = Math.Exp(Math.Sin(-1.0 + s1));
                int k7 = 0;
                while (k7 < xs0.Length && (acc0 > 0 ? acc0 : -acc0) < 1e30)
                {
                    k7++;
                    if (xs0[^1] * acc0 >= Math.Cbrt(Math.Tanh(xs0[0]) - 1.5))
                    {
                        acc0 += Math.Sin(acc0);
                    }

                    acc0 -= Math.Tanh((acc0 - xs0[0]) * xs0[1]);
                    acc0 -= Math.Tanh(xs0[0]);
                }

                return acc0 + acc0;
            }

            /// <summary>A root whose slope is infinite at 0, next to a finite output: each Jacobian row seeds the other with 0.</summary>
            [Differentiable]
            public static void Roots(ReadOnlySpan<double> x, Span<double> y)
            {
                for (int i = 0; i < y.Length; i++)
                {
                    double r = Math.Pow(x[i] * x[i], 0.25);
                    double u = x[i] * 3;
                    y[i] = r + u * u;
                }
            }

            /// <summary>A running sum read once after its loop (captured there), then a stretch that reads it.</summary>
            [Differentiable]
            public static double Captured(ReadOnlySpan<double> x, double w)
            {
                double sum = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    sum = sum + x[i] * w;
                }

                double total = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    double scaled = Math.Log(1 + sum * sum) * x[i];
                    total = total + scaled * scaled;
                }

                return total;
            }
        }
        """;

    [Fact]
    public void AStretchIsReversedAsOneIsland()
    {
        var run = GeneratorHarness.Run(Programs);
        Assert.Empty(run.CompilationDiagnostics);
        var pullback = run.Member("S.Step", "StepPullback");

        // z and gain live only in the loop's body: they have no adjoint, and nothing saves them.
        Assert.DoesNotContain("double dZ = 0.0;", pullback, StringComparison.Ordinal);
        Assert.DoesNotContain("double dGain = 0.0;", pullback, StringComparison.Ordinal);

        // The branch is a join: no decision is taped. An iteration pushes the values on entry its sweep reads and the
        // stretch overwrites (state, cov): two values. The tanh its sweep reads is the value it leaves in state, read
        // from there before state is restored, not computed again.
        Assert.DoesNotContain("= 1.0;", pullback.Split("for (tLocal = 0;")[1].Split("tape.Count = tapeTop;")[0], StringComparison.Ordinal);
        Assert.Contains("tape.Reserve(((long)x.Length) * 2 + 1)", pullback, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(pullback, @"Math\.Tanh\("));

        // Its seeds are not guarded: no partial is infinite at a finite value, and nothing it assigns is read in the arm of
        // a branch outside it (its own branch's arms are its sweep's). The root's are, for the Jacobian's rows.
        Assert.DoesNotMatch(@"\bg\d* == 0\.0", pullback);
        Assert.Matches(@"\bg\d* == 0\.0", run.Member("S.Roots", "RootsPullback"));

        // The counter is undone, not saved.
        Assert.Contains("seenLocal -= 2;", pullback, StringComparison.Ordinal);
    }

    /// <summary>
    /// A per-example ILGPU kernel reverses stretches as the C# pullback does: a recurrence's step pushes its state alone
    /// (not its pre-activation, its tanh and the branch's decision too), and its sweep adds into the adjoints every thread
    /// shares with <c>Atomic.Add</c>. What the kernels compute is checked on ILGPU's CPU accelerator in SymDiff.Gpu.Tests
    /// (<c>PerExampleKernelTests</c>, the same recurrence).
    /// </summary>
    [Fact]
    public void APerExampleKernelReversesStretchesToo()
    {
        const string source = """
            using System;
            using SymDiff;

            public static partial class S
            {
                [Differentiable]
                public static float Recurrent(ReadOnlySpan<float> weights, [NoDerivative(PerElement = true)] ReadOnlySpan<float> sequence)
                {
                    float h = 0f;
                    for (int t = 0; t < sequence.Length; t++)
                    {
                        float pre = weights[0] * h + weights[1] * sequence[t] + weights[2];
                        h = pre > 0f ? MathF.Tanh(pre) : 0.5f * pre;
                    }

                    return h * h;
                }
            }
            """;
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), GeneratorHarness.CompileWith(GeneratorHarness.IlgpuWithRuntime, source));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        var file = run.Sources["S.Recurrent.Gpu.g.cs"];
        foreach (var kernel in new[] { "RecurrentGpuBackwardKernel", "RecurrentGpuBackwardAtomicKernel" })
        {
            var body = GeneratedSource.MemberBody(file, kernel)!;
            Assert.Contains("tape.Reserve(((long)sequence.Length) + 1)", body, StringComparison.Ordinal);
            Assert.DoesNotContain("double dPre", body, StringComparison.Ordinal);
            Assert.DoesNotContain("float dPre = 0f;", body, StringComparison.Ordinal);
            Assert.DoesNotContain("= 1.0;", body, StringComparison.Ordinal);
        }

        var atomic = GeneratedSource.MemberBody(file, "RecurrentGpuBackwardAtomicKernel")!;
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(atomic, @"Atomic\.Add\(ref dWeights\[").Count);
        Assert.DoesNotContain("dWeights[0] +=", atomic, StringComparison.Ordinal);
    }

    /// <summary>
    /// A stretch that reads a buffer's element only in an arm (<c>i + 1 &lt; n &amp;&amp; b[i + 1] &gt; …</c>) of a buffer a later loop
    /// writes: its forward sweep pushed the element on entry, out of range in the last iteration (IndexOutOfRangeException,
    /// fuzzer seed 1130015, minimized). The buffer is now saved where the later loop overwrites it, not pushed on entry,
    /// and the reverse sweep reads the element in place, in its arm; the gradient against central differences.
    /// </summary>
    [Fact]
    public void AnElementReadInAnArmOnlyIsNotPushedOnEntry()
    {
        var result = Execution.RunDriver("""
            using System;
            using SymDiff;

            public static partial class S
            {
                [Differentiable]
                public static float Guarded(Span<float> ys, float[,] mt2, ReadOnlySpan<float> xs0)
                {
                    float acc0 = MathF.Exp(-MathF.Min(xs0[0], xs0[1]) * MathF.Min(xs0[0], xs0[1]));
                    Span<float> b1 = stackalloc float[xs0.Length];
                    for (int i6 = 0; i6 < ys.Length; i6++)
                    {
                        ys[i6] = MathF.Sqrt(1f + 0.5f * 0.5f) / (1.0f + acc0 * acc0);
                        if (i6 + 1 < xs0.Length && (b1[i6 + 1] > MathF.Log(1f + 0.75f * 0.75f) ? b1[i6 + 1] : MathF.FusedMultiplyAdd(xs0[1], mt2[0, mt2.GetUpperBound(1)], mt2[1, 0])) > 0.5f)
                        {
                            acc0 += MathF.Atan(ys[i6]);
                        }

                        if (3.0f * mt2[1, 0] <= mt2[1, 0] - acc0) return (mt2[1, 0] + acc0) * MathF.Round(mt2[1, 0]) + acc0;
                        for (int j7 = 0; j7 < xs0.Length; j7++)
                        {
                            b1[j7] += -(acc0 <= 0.25f ? 2.0f : ys[i6]);
                        }
                    }

                    return -(mt2[1, 0] * 0.5f) + acc0;
                }
            }
            """, """
            using System;

            public static class Driver
            {
                public static double[] Run()
                {
                    var errors = new System.Collections.Generic.List<double>();
                    var xs = new float[] { 0.3f, 0.9f };
                    var mt = new float[,] { { 0.2f, 0.8f }, { 0.6f, -0.4f } };
                    var dXs = new float[2];
                    var dMt = new float[4];
                    float value = S.GuardedGradient(new float[3], mt, xs, dMt, dXs);
                    errors.Add(value - S.Guarded(new float[3], mt, xs));
                    for (int i = 0; i < 2; i++)
                    {
                        double Along(double h) { var y = (float[])xs.Clone(); y[i] += (float)h; return S.Guarded(new float[3], mt, y); }
                        errors.Add((dXs[i] - (Along(1e-3) - Along(-1e-3)) / 2e-3) / (1 + Math.Abs(dXs[i])));
                    }

                    return errors.ToArray();
                }
            }
            """);
        Assert.All(result, e => Assert.True(Math.Abs(e) < 1e-2, $"errors: {string.Join(", ", result)}"));
    }

    /// <summary>
    /// Such a stretch is still one: only its array is saved where it is overwritten instead of captured. A chain of
    /// masses by position Verlet (the consumer corpus's <c>VerletChain</c>): the force loop reads <c>x[i + 1]</c> in an
    /// arm, and the update loop overwrites <c>x</c>. A step pushes n values (the x the update overwrites), not 4n as when
    /// the force loop was reversed statement by statement; the gradient against central differences.
    /// </summary>
    [Fact]
    public void AnElementReadInAnArmKeepsTheStretch()
    {
        const string chain = """
            using System;
            using SymDiff;

            public static partial class S
            {
                [Differentiable]
                public static double Chain(double[] positions, double stiffness, [NoDerivative] double dt, [NoDerivative] int steps)
                {
                    int n = positions.Length;
                    double[] x = new double[n];
                    double[] prev = new double[n];
                    double[] force = new double[n];
                    for (int i = 0; i < n; i++)
                    {
                        x[i] = positions[i];
                        prev[i] = positions[i];
                    }

                    for (int s = 0; s < steps; s++)
                    {
                        for (int i = 0; i < n; i++)
                        {
                            double left = i == 0 ? 0.0 : x[i - 1];
                            force[i] = -stiffness * (x[i] - left - 1.0);
                            if (i < n - 1)
                            {
                                force[i] += stiffness * (x[i + 1] - x[i] - 1.0);
                            }
                        }

                        for (int i = 0; i < n; i++)
                        {
                            double current = x[i];
                            x[i] = 2 * current - prev[i] + force[i] * dt * dt;
                            prev[i] = current;
                        }
                    }

                    return x[^1];
                }
            }
            """;
        var run = GeneratorHarness.Run(chain);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Contains("tape.Reserve(global::System.Math.Max(0, ((long)steps)) * global::System.Math.Max(0, ((long)n)) + 1)", run.Member("S.Chain", "ChainPullback"), StringComparison.Ordinal);

        var result = Execution.RunDriver(chain, """
            using System;

            public static class Driver
            {
                public static double[] Run()
                {
                    double[] positions = { 1.1, 1.9, 3.2 };
                    var dPositions = new double[3];
                    var value = S.ChainGradient(positions, 4.0, 0.05, 20, dPositions, out var dStiffness);
                    var errors = new double[5];
                    errors[0] = value - S.Chain(positions, 4.0, 0.05, 20);
                    for (int i = 0; i < 3; i++)
                    {
                        double Along(double h) { var p = (double[])positions.Clone(); p[i] += h; return S.Chain(p, 4.0, 0.05, 20); }
                        errors[1 + i] = dPositions[i] - (Along(1e-6) - Along(-1e-6)) / 2e-6;
                    }

                    errors[4] = dStiffness - (S.Chain(positions, 4.0 + 1e-6, 0.05, 20) - S.Chain(positions, 4.0 - 1e-6, 0.05, 20)) / 2e-6;
                    return errors;
                }
            }
            """);
        Assert.All(result, e => Assert.True(Math.Abs(e) < 1e-6, $"errors: {string.Join(", ", result)}"));
    }

    [Fact]
    public void DerivativesMatchCentralDifferences()
    {
        var result = Execution.RunDriver(Programs, """
            using System;
            public static class Driver
            {
                static double D(Func<double, double> f, double x)
                {
                    var h = 1e-6 * Math.Max(1.0, Math.Abs(x));
                    return (f(x + h) - f(x - h)) / (2 * h);
                }

                static double Rel(double a, double b) => (a - b) / (1 + Math.Abs(b));

                public static double[] Run()
                {
                    var errors = new System.Collections.Generic.List<double>();
                    var random = new Random(7);
                    for (int n = 1; n <= 6; n++)
                    {
                        var x = new double[n];
                        for (int i = 0; i < n; i++) x[i] = 2 * random.NextDouble() - 0.4;
                        double k = 0.8;

                        var dx = new double[n];
                        double dk = 0;
                        var value = S.StepPullback(x, k, 1.5, dx, ref dk);
                        errors.Add(value - S.Step(x, k));
                        for (int i = 0; i < n; i++)
                        {
                            double Coordinate(double h) { var y = (double[])x.Clone(); y[i] += h; return 1.5 * S.Step(y, k); }
                            errors.Add(Rel(dx[i], D(Coordinate, 0.0)));
                        }

                        errors.Add(Rel(dk, D(v => 1.5 * S.Step(x, v), k)));

                        var gx = new double[n];
                        double gw = 0;
                        S.CapturedPullback(x, 0.6, 1.0, gx, ref gw);
                        for (int i = 0; i < n; i++)
                        {
                            double Coordinate(double h) { var y = (double[])x.Clone(); y[i] += h; return S.Captured(y, 0.6); }
                            errors.Add(Rel(gx[i], D(Coordinate, 0.0)));
                        }

                        errors.Add(Rel(gw, D(v => S.Captured(x, v), 0.6)));
                    }

                    var xs1 = new[] { 0.3, -0.2, 0.9, 0.4 };
                    var xs0 = new[] { 0.5, 1.1 };
                    var d1 = new double[4];
                    var d0 = new double[2];
                    double ds = 0;
                    S.SavedJoinPullback(0.7, xs1, xs0, 1.0, ref ds, d1, d0);
                    errors.Add(Rel(ds, D(v => S.SavedJoin(v, xs1, xs0), 0.7)));
                    for (int i = 0; i < 2; i++)
                    {
                        double Coordinate(double h) { var y = (double[])xs0.Clone(); y[i] += h; return S.SavedJoin(0.7, xs1, y); }
                        errors.Add(Rel(d0[i], D(Coordinate, 0.0)));
                    }

                    foreach (var point in new[] { new[] { 0.4, -0.7, 1.3 }, new[] { -1.2, 0.6 } })
                    {
                        var dAt = new double[point.Length];
                        double d1s = 0;
                        S.SavedInOrderPullback(0.3, point, 1.0, ref d1s, dAt);
                        errors.Add(Rel(d1s, D(v => S.SavedInOrder(v, point), 0.3)));
                        for (int i = 0; i < point.Length; i++)
                        {
                            double Coordinate(double h) { var y = (double[])point.Clone(); y[i] += h; return S.SavedInOrder(0.3, y); }
                            errors.Add(Rel(dAt[i], D(Coordinate, 0.0)));
                        }
                    }

                    // Rows of a Jacobian at 0, where the root's slope is infinite: the other rows stay finite (0, not NaN).
                    var at = new double[] { 0.0, 0.7, -0.4 };
                    var jacobian = new double[9];
                    S.RootsJacobian(at, new double[3], jacobian);
                    for (int row = 1; row < 3; row++)
                    {
                        for (int column = 0; column < 3; column++)
                        {
                            double Y(double h) { var y = new double[3]; var p = (double[])at.Clone(); p[column] += h; S.Roots(p, y); return y[row]; }
                            errors.Add(Rel(jacobian[row * 3 + column], D(Y, 0.0)));
                        }
                    }

                    errors.Add(jacobian[1]);
                    errors.Add(jacobian[2]);
                    return errors.ToArray();
                }
            }
            """);
        Assert.All(result, e => Assert.True(Math.Abs(e) < 1e-6, $"errors: {string.Join(", ", result)}"));
    }
}
