using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// Forward mode over stretches (<c>Differentiation/TangentPass.Stretches.cs</c>): a run of assignments, stores and
/// branches of them is one island, its temporaries shared across statements, its branches phis, what only it reads kept
/// as values of its graph (not declared); the stretches that cannot be one (an array written at two indices, a swap
/// through a temporary) keep an island per statement. Checked by the members' text and, for every one, the tangent
/// against central differences (Pushforward, and PushforwardN along every direction).
/// </summary>
public class ForwardStretchTests
{
    private const string Programs = """
        using System;
        using SymDiff;

        public static partial class S
        {
            /// <summary>A step whose temporaries live only in it, a branch assigning one arm only, an element updated in place.</summary>
            [Differentiable(PushforwardN = true)]
            public static double Fused(ReadOnlySpan<double> x, double k)
            {
                Span<double> acc = new double[2];
                double state = 0.3;
                for (int t = 0; t < x.Length; t++)
                {
                    double z = k * state + x[t];
                    double gain = z / (1 + z * z);
                    double held = state;
                    if (z > 0.5)
                    {
                        held = gain * Math.Exp(-z);
                    }

                    acc[t % 2] = acc[t % 2] + held * gain;
                    state = Math.Tanh(held + 0.1 * gain);
                }

                return state + acc[0] * acc[1];
            }

            /// <summary>
            /// A condition on constants once the stretch's values are known (<c>0.25 &lt; -0.25</c>, as an inlined
            /// callee's parameter gives): the arm it takes, not an <c>if</c> C# calls unreachable (CS0162, fuzzer seed 1080361).
            /// </summary>
            [Differentiable]
            public static double ConstantBranch(ReadOnlySpan<double> x, double w)
            {
                double s = 0;
                for (int t = 0; t < x.Length; t++)
                {
                    double c = 0.25;
                    double u = x[t] * w;
                    if (c < -c)
                    {
                        u = c * w;
                    }

                    s += u * u;
                }

                return s;
            }

            /// <summary>
            /// A condition C# decides through a conversion (<c>1.5 * (double)2 &lt; 1.5</c> once n is known), as an inlined
            /// callee's int parameter bound to a constant gives: the arm it takes (fuzzer seed 1100513, CS0162).
            /// </summary>
            [Differentiable]
            public static double ConvertedConstant(ReadOnlySpan<double> x, double w)
            {
                double s = 0;
                for (int t = 0; t < x.Length; t++)
                {
                    int n = 2;
                    double u = x[t] * w;
                    if (1.5 * n < 1.5)
                    {
                        u = u * u;
                    }

                    s += u * w;
                }

                return s;
            }

            /// <summary>
            /// A condition C# decides in integer arithmetic (<c>7 / 2 &gt; 3</c>: 3 &gt; 3, false, once n is known): the arm it
            /// takes, folded as C# folds it (a quotient of 3.5 would take the other arm and give a wrong tangent; printed
            /// as written, CS0162).
            /// </summary>
            [Differentiable]
            public static double IntegerQuotient(ReadOnlySpan<double> x, double w)
            {
                double s = 0;
                for (int t = 0; t < x.Length; t++)
                {
                    int n = 7;
                    double u = x[t] * w;
                    if (n / 2 > 3)
                    {
                        u = u * u;
                    }

                    s += u * w;
                }

                return s;
            }

            /// <summary>Two elements of one array at different indices, which may be the same element: statement by statement.</summary>
            [Differentiable]
            public static double Apart(ReadOnlySpan<double> x, [NoDerivative] int i, [NoDerivative] int j)
            {
                Span<double> b = new double[3];
                double s = 0;
                for (int t = 0; t < 2; t++)
                {
                    b[i] = x[t] * x[t];
                    b[j] = b[i] + x[t];
                    s += b[j] * b[i];
                }

                return s;
            }

            /// <summary>A swap through a temporary: the last store's value is what an earlier store overwrote.</summary>
            [Differentiable]
            public static double Swap(double a, double b)
            {
                double s = 0;
                for (int t = 0; t < 3; t++)
                {
                    double keep = a;
                    a = b;
                    b = keep;
                    s += a * Math.Sin(b) * (t + 1);
                }

                return s;
            }
        }
        """;

    [Fact]
    public void AStretchIsOneIsland()
    {
        var run = GeneratorHarness.Run(Programs);
        Assert.Empty(run.CompilationDiagnostics);
        var pushforward = run.Member("S.Fused", "FusedPushforward");
        // z, gain and held live only in the loop's body: values of its graph, not variables of the member.
        Assert.DoesNotContain("double gain = 0.0;", pushforward, StringComparison.Ordinal);
        Assert.DoesNotContain("double tGain = 0.0;", pushforward, StringComparison.Ordinal);
        Assert.DoesNotContain("double held = 0.0;", pushforward, StringComparison.Ordinal);
        // The branch is a join of the arms' values: one arm assigns held, the other keeps the value before it.
        Assert.Matches(@"double held\d*;\s+double tHeld\d*;", pushforward);
        // Its arrays at two indices keep the per-statement islands (the arrays' elements assigned one by one).
        Assert.Matches(@"b\[i\w*\] = x\[", run.Member("S.Apart", "ApartPushforward"));
    }

    [Fact]
    public void TangentsMatchCentralDifferences()
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

                public static double[] Run()
                {
                    var errors = new System.Collections.Generic.List<double>();
                    var random = new Random(5);
                    for (int n = 1; n <= 5; n++)
                    {
                        var x = new double[n];
                        var tx = new double[n];
                        for (int i = 0; i < n; i++) { x[i] = 2 * random.NextDouble() - 0.6; tx[i] = random.NextDouble() - 0.5; }
                        double k = 0.8, tk = 0.3;
                        var (value, tangent) = S.FusedPushforward(x, k, tx, tk);
                        errors.Add(value - S.Fused(x, k));
                        double Along(double h) { var y = (double[])x.Clone(); for (int i = 0; i < n; i++) y[i] += h * tx[i]; return S.Fused(y, k + h * tk); }
                        errors.Add((tangent - D(Along, 0.0)) / (1 + Math.Abs(tangent)));

                        // PushforwardN along each coordinate direction: the gradient.
                        var directions = new double[(n + 1) * n];
                        var directionsK = new double[n + 1];
                        for (int d = 0; d < n; d++) directions[d * n + d] = 1;
                        directionsK[n] = 1;
                        var tangents = new double[n + 1];
                        S.FusedPushforwardN(x, k, n + 1, directions, directionsK, tangents);
                        for (int d = 0; d < n; d++)
                        {
                            double Coordinate(double h) { var y = (double[])x.Clone(); y[d] += h; return S.Fused(y, k); }
                            errors.Add((tangents[d] - D(Coordinate, 0.0)) / (1 + Math.Abs(tangents[d])));
                        }

                        errors.Add((tangents[n] - D(v => S.Fused(x, v), k)) / (1 + Math.Abs(tangents[n])));
                    }

                    var a = new double[] { 0.4, -0.9 };
                    var ta = new double[] { 0.7, 0.2 };
                    foreach (var (i, j) in new[] { (0, 1), (1, 1), (2, 0) })
                    {
                        var (v, t) = S.ApartPushforward(a, i, j, ta);
                        errors.Add(v - S.Apart(a, i, j));
                        errors.Add(t - D(h => S.Apart(new[] { a[0] + h * ta[0], a[1] + h * ta[1] }, i, j), 0.0));
                    }

                    var (cv, ct) = S.ConstantBranchPushforward(new[] { 0.4, -1.1 }, 0.7, new[] { 0.3, 0.8 }, -0.6);
                    errors.Add(cv - S.ConstantBranch(new[] { 0.4, -1.1 }, 0.7));
                    errors.Add(ct - D(h => S.ConstantBranch(new[] { 0.4 + 0.3 * h, -1.1 + 0.8 * h }, 0.7 - 0.6 * h), 0.0));

                    var (kv, kt) = S.ConvertedConstantPushforward(new[] { 0.4, -1.1 }, 0.7, new[] { 0.3, 0.8 }, -0.6);
                    errors.Add(kv - S.ConvertedConstant(new[] { 0.4, -1.1 }, 0.7));
                    errors.Add(kt - D(h => S.ConvertedConstant(new[] { 0.4 + 0.3 * h, -1.1 + 0.8 * h }, 0.7 - 0.6 * h), 0.0));

                    var (qv, qt) = S.IntegerQuotientPushforward(new[] { 0.4, -1.1 }, 0.7, new[] { 0.3, 0.8 }, -0.6);
                    errors.Add(qv - S.IntegerQuotient(new[] { 0.4, -1.1 }, 0.7));
                    errors.Add(qt - D(h => S.IntegerQuotient(new[] { 0.4 + 0.3 * h, -1.1 + 0.8 * h }, 0.7 - 0.6 * h), 0.0));

                    var (sv, st) = S.SwapPushforward(0.3, -1.2, 0.5, 0.9);
                    errors.Add(sv - S.Swap(0.3, -1.2));
                    errors.Add(st - D(h => S.Swap(0.3 + 0.5 * h, -1.2 + 0.9 * h), 0.0));
                    return errors.ToArray();
                }
            }
            """);
        Assert.All(result, e => Assert.True(Math.Abs(e) < 1e-6, $"errors: {string.Join(", ", result)}"));
    }
}
