using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// Reverse mode over stretches (<c>Differentiation/LoopAnalysis.Stretches.cs</c>, <c>AdjointPass.Stretches.cs</c>): a
/// run of assignments, stores and branches of them is one island. Its forward sweep pushes, on entry, only the values it
/// overwrites that are read later (and the transcendentals its sweep reads, as it computes them); its reverse sweep
/// restores them and pulls every adjoint back in one sweep. A scalar that lives only in the stretch has no adjoint, a
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

    private static string Member(GeneratorRun run, string method, string member) =>
        GeneratedSource.MemberBody(run.Sources.Single(s => s.Key.StartsWith($"S.{method}.", StringComparison.Ordinal)).Value, member)!;

    [Fact]
    public void AStretchIsReversedAsOneIsland()
    {
        var run = GeneratorHarness.Run(Programs);
        Assert.Empty(run.CompilationDiagnostics);
        var pullback = Member(run, "Step", "StepPullback");

        // z and gain live only in the loop's body: they have no adjoint, and nothing saves them.
        Assert.DoesNotContain("double dZ = 0.0;", pullback, StringComparison.Ordinal);
        Assert.DoesNotContain("double dGain = 0.0;", pullback, StringComparison.Ordinal);

        // The branch is a join: no decision is taped. An iteration pushes the values on entry its sweep reads and the
        // stretch overwrites (state, cov) and the tanh its sweep reads, computed once in the forward sweep: three values.
        Assert.DoesNotContain("= 1.0;", pullback.Split("for (tLocal = 0;")[1].Split("tape.Count = tapeTop;")[0], StringComparison.Ordinal);
        Assert.Contains("tape.Reserve(((long)x.Length) * 3 + 1)", pullback, StringComparison.Ordinal);

        // Its seeds are not guarded: no partial is infinite at a finite value, and nothing it assigns is read in the arm of
        // a branch outside it (its own branch's arms are its sweep's). The root's are, for the Jacobian's rows.
        Assert.DoesNotMatch(@"\bg\d* == 0\.0", pullback);
        Assert.Matches(@"\bg\d* == 0\.0", Member(run, "Roots", "RootsPullback"));

        // The counter is undone, not saved.
        Assert.Contains("seenLocal -= 2;", pullback, StringComparison.Ordinal);
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
