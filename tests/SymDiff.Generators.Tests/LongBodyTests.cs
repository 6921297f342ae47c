using System.Reflection;
using System.Text;
using SymDiff.Generators.Tests.Infrastructure;
using static SymDiff.Generators.Tests.Infrastructure.DerivativeChecks;

namespace SymDiff.Generators.Tests;

/// <summary>
/// Long straight-line bodies: .NET compiles a method of more than 60 KB of IL without optimization, so the printer moves
/// stretches of a long derivative body into private parts. Every generated member and part stays far below that size
/// (measured on the compiled IL), and the split members are still right: gradient, pushforward, vector pushforward,
/// H·t and the dense Hessian of a scalar method, the gradient of a long loop body (split inside the loop), and both
/// Jacobians of a vector function, against finite differences, through branches, a local buffer, loops and calls
/// between the stretches.
/// </summary>
public sealed class LongBodyTests
{
    /// <summary>The largest IL any generated member may have: half the size where the JIT stops optimizing.</summary>
    private const int MostIl = 30_000;

    private static readonly string Functions = Source();

    private static string Source()
    {
        var body = new StringBuilder();
        for (var i = 0; i < 400; i++)
        {
            var (a, b, c) = (i % 4, i % 3, (i + 1) % 3);
            body.AppendLine((i % 10) switch
            {
                6 => $"buf[{b}] = buf[{c}] * 0.9 + s * x[{a}] * 0.01;",
                7 => $"if (s > {0.1 * (i % 7) - 0.3:0.0}) {{ s -= 0.01 * k * s; }} else {{ s += 0.02 * buf[{b}]; }}",
                8 => $"s = Helper(s, x[{a}]);",
                9 when i % 100 == 99 => "for (int j = 0; j < x.Length; j++) { s += 0.001 * x[j] * s; }",
                9 => "s = s * 0.998 + Math.Cos(s * k) * 0.002;",
                _ => $"s = s * 0.999 + Math.Sin(x[{a}] * s) * k;",
            });
        }

        var step = new StringBuilder();
        for (var i = 0; i < 300; i++)
        {
            step.AppendLine(i % 25 == 24
                ? $"if (h > {0.05 * (i % 3):0.00}) {{ h = h * 0.97 + 0.01 * x[{i % 4}]; }}"
                : $"h = h * 0.995 + Math.Tanh(x[{i % 4}] * h + k) * 0.01;");
        }

        var spread = new StringBuilder();
        for (var i = 0; i < 300; i++)
        {
            spread.AppendLine($"y[{i % 3}] = y[{i % 3}] * 0.99 + Math.Sin(x[{i % 4}] * y[{(i + 1) % 3}] + {0.01 * (i % 5):0.00}) * 0.05;");
        }

        return $$"""
            public static partial class P
            {
                [Differentiable(Hessian = true)]
                public static double Helper(double s, double a) => s * 0.99 + 0.01 * Math.Tanh(a * s);

                [Differentiable(Hessian = true, PushforwardN = true)]
                public static double Long(ReadOnlySpan<double> x, double k)
                {
                    var buf = new double[3];
                    double s = 0.5;
            {{body}}
                    return s + buf[0] * buf[1];
                }

                [Differentiable]
                public static double Recur(ReadOnlySpan<double> x, double k)
                {
                    double h = 0.2;
                    for (int t = 0; t < 3; t++)
                    {
            {{step}}
                    }

                    return h;
                }

                [Differentiable]
                public static void Spread(ReadOnlySpan<double> x, Span<double> y)
                {
                    y[0] = x[0];
                    y[1] = x[1];
                    y[2] = x[2] * x[3];
            {{spread}}
                }
            }
            """;
    }

    private const string Checks = """
        public static class Driver
        {
        """ + HessianLoopTests.HessianCheck + """
            public static double[] Run()
            {
                var errors = new List<double>();
                double[] u = [0.3, -0.6, 0.9, 0.2, 0.05];
                double[] t = [0.5, 1.0, -0.4, 0.3, -2.0];
                Check(errors,
                    v => { var d = new double[4]; P.LongGradient(v.AsSpan(0, 4), v[4], d, out var dk); return [.. d, dk]; },
                    v => P.Long(v.AsSpan(0, 4), v[4]),
                    (v, w, r) => { var value = P.LongHessianVectorProduct(v.AsSpan(0, 4), v[4], w.AsSpan(0, 4), w[4], r.AsSpan(0, 4), out var rk); r[4] = rk; return value; },
                    (v, h) => P.LongHessian(v.AsSpan(0, 4), v[4], h),
                    u, t);

                // The gradient against central differences of the primal; the pushforward and five directions at once against it.
                var gradient = new double[4];
                P.LongGradient(u.AsSpan(0, 4), u[4], gradient, out var gk);
                double[] g = [.. gradient, gk];
                for (var i = 0; i < 5; i++)
                {
                    errors.Add(g[i] - Fd.D(v => P.Long(v.AsSpan(0, 4), v[4]), u, i));
                }

                var (value, tangent) = P.LongPushforward(u.AsSpan(0, 4), u[4], t.AsSpan(0, 4), t[4]);
                errors.Add(value - P.Long(u.AsSpan(0, 4), u[4]));
                errors.Add(tangent - Enumerable.Range(0, 5).Sum(i => g[i] * t[i]));
                var tX = new double[20];
                var tK = new double[5];
                for (var d = 0; d < 5; d++)
                {
                    for (var i = 0; i < 4; i++) { tX[d * 4 + i] = Math.Cos(d + 1.3 * i); }
                    tK[d] = Math.Sin(2.0 * d);
                }

                var tangents = new double[5];
                P.LongPushforwardN(u.AsSpan(0, 4), u[4], 5, tX, tK, tangents);
                for (var d = 0; d < 5; d++)
                {
                    errors.Add(tangents[d] - (P.LongPushforward(u.AsSpan(0, 4), u[4], tX.AsSpan(d * 4, 4), tK[d]).Tangent));
                }

                // A long loop body: the gradient against central differences.
                var dRecur = new double[4];
                P.RecurGradient(u.AsSpan(0, 4), u[4], dRecur, out var dRecurK);
                double[] recur = [.. dRecur, dRecurK];
                for (var i = 0; i < 5; i++)
                {
                    errors.Add(recur[i] - Fd.D(v => P.Recur(v.AsSpan(0, 4), v[4]), u, i));
                }

                // The vector function: both Jacobians against central differences.
                double[] x = [0.4, -0.3, 0.8, 0.6];
                var reverse = new double[12];
                var forward = new double[12];
                P.SpreadJacobianReverse(x, new double[3], reverse);
                P.SpreadJacobianForward(x, new double[3], forward);
                for (var row = 0; row < 3; row++)
                {
                    for (var column = 0; column < 4; column++)
                    {
                        var fd = Fd.D(v => { var y = new double[3]; P.Spread(v, y); return y[row]; }, x, column);
                        errors.Add(reverse[row * 4 + column] - fd);
                        errors.Add(forward[row * 4 + column] - fd);
                    }
                }

                return errors.ToArray();
            }
        }
        """;

    /// <summary>
    /// The shape of split members, on a short body split as finely as a long one would be: declarations with a constant
    /// value moved up, the tape's storage declared in the member and a loop's push through it in a part, what a part
    /// assigns copied in and out, spans passed as they are written or read, the parts after the members.
    /// </summary>
    [Fact]
    public void SplitMembersMatchTheBaseline()
    {
        GeneratorRun run;
        using (Emit.DerivativePrinter.SplitWith(new Emit.DerivativePrinter.SplitSizes(0, 150, 0, 0)))
        {
            run = GeneratorHarness.Run("""
                using System;
                using SymDiff;

                namespace Demo;

                public static partial class Split
                {
                    [Differentiable]
                    public static double Steps(ReadOnlySpan<double> x, double k)
                    {
                        var buf = new double[2];
                        double s = k * x[0];
                        buf[0] = Math.Sin(s);
                        for (int i = 1; i < x.Length; i++)
                        {
                            s = s * x[i] + buf[0];
                        }

                        if (s > 1)
                        {
                            s = Math.Sqrt(s);
                        }

                        buf[1] = s * buf[0];
                        return buf[1] + k * s;
                    }
                }
                """);
        }

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Snapshot.Verify("SplitMembers", run.Sources);
    }

    /// <summary>
    /// The lists in a loop's body are split only above <see cref="Emit.DerivativePrinter.SplitSizes.LoopBodyAbove"/>:
    /// under it, a long list around the loop is split, but the loop's statements stay in the loop, where a part would be
    /// a call (and a copy of what it assigns, in and out) per iteration; so do those of the reverse sweep a reduction
    /// loop runs inside each iteration. Above it, the body is split like any list.
    /// </summary>
    [Theory]
    [InlineData(int.MaxValue, false)]
    [InlineData(0, true)]
    public void LoopBodiesAreSplitOnlyAboveTheirOwnSize(int loopBodyAbove, bool partInLoop)
    {
        GeneratorRun run;
        using (Emit.DerivativePrinter.SplitWith(new Emit.DerivativePrinter.SplitSizes(0, 150, 0, loopBodyAbove)))
        {
            run = GeneratorHarness.Run("""
                using System;
                using SymDiff;

                namespace Demo;

                public static partial class Split
                {
                    [Differentiable]
                    public static double Walk(ReadOnlySpan<double> x, double k)
                    {
                        double s = k * x[0];
                        s = Math.Sin(s) + k;
                        for (int i = 1; i < x.Length; i++)
                        {
                            double a = Math.Sin(s * x[i]);
                            double b = Math.Cos(a * k + s);
                            double c = Math.Exp(0.1 * a * b);
                            s = s * 0.5 + a * b * c;
                        }

                        s = Math.Tanh(s) * k;
                        return s * s;
                    }

                    [Differentiable]
                    public static double Total(ReadOnlySpan<double> x, double k, [NoDerivative] int n)
                    {
                        double s = 0;
                        for (int p = 0; p < n; p++)
                        {
                            double a = 0;
                            for (int j = 0; j < x.Length; j++)
                            {
                                a += Math.Sin(k * x[j] + p);
                            }

                            double b = Math.Exp(0.1 * a);
                            s += a * b;
                        }

                        return s * k;
                    }
                }
                """);
        }

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        var walk = run.Sources.Single(s => s.Key.EndsWith("Walk.g.cs", StringComparison.Ordinal)).Value;
        var total = run.Sources.Single(s => s.Key.EndsWith("Total.g.cs", StringComparison.Ordinal)).Value;
        Assert.Contains("WalkPullbackPart", walk, StringComparison.Ordinal);
        Assert.Contains("TotalPullbackPart", total, StringComparison.Ordinal);

        // Total's loop runs each iteration's reverse sweep inside it (a reduction loop): that embedded sweep's lists are
        // in the loop too.
        Assert.Contains("each runs its reverse sweep right after it", total, StringComparison.Ordinal);
        var lines = (walk + "\n" + total).Split('\n');

        // Every loop's body, from its header to the brace that closes it at the header's indentation.
        var bodies = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("for (", StringComparison.Ordinal))
            {
                var close = lines[i][..(lines[i].Length - lines[i].TrimStart().Length)] + "}";
                var end = Array.FindIndex(lines, i + 1, l => l.TrimEnd() == close);
                bodies.Add(string.Join("\n", lines[(i + 1)..end]));
            }
        }

        Assert.True(bodies.Count >= 3, "Walk's forward and reverse loops, Total's loop");
        Assert.Equal(partInLoop, bodies.Any(b => b.Contains("Part", StringComparison.Ordinal)));
    }

    /// <summary>
    /// Overloads split into parts of their own: parts are named after the member and the hash of the method's parameter
    /// types, since two overloads' parts can take the same parameters (fuzzer seed 1000871: CS0111 and CS0121 before).
    /// </summary>
    [Fact]
    public void OverloadsHavePartsOfTheirOwn()
    {
        using var split = Emit.DerivativePrinter.SplitWith(Emit.DerivativePrinter.SplitSizes.Everything);
        var result = Execution.RunDriver("using System.Collections.Generic;\n" + Prelude + """
            public static partial class P
            {
                [Differentiable]
                public static double Curve(ReadOnlySpan<double> x, double k)
                {
                    double s = k;
                    for (int i = 0; i < x.Length; i++)
                    {
                        s += x[i] * s;
                    }

                    return s * k;
                }

                [Differentiable]
                public static double Curve(ReadOnlySpan<double> x, [NoDerivative] double k, [NoDerivative] int scale)
                {
                    double s = k;
                    for (int i = 0; i < x.Length; i++)
                    {
                        s += x[i] * s;
                    }

                    return s * k * scale;
                }
            }

            public static class Driver
            {
                public static double[] Run()
                {
                    double[] x = [0.3, -0.2, 0.5];
                    var (d, e) = (new double[3], new double[3]);
                    P.CurveGradient(x, 0.7, d, out var dk);
                    P.CurveGradient(x, 0.7, 2, e);
                    var errors = new List<double>();
                    for (var i = 0; i < 3; i++)
                    {
                        errors.Add(d[i] - Fd.D(v => P.Curve(v, 0.7), x, i));
                        errors.Add(e[i] - 2 * d[i]);
                    }

                    errors.Add(dk - Fd.D(k => P.Curve(x, k), 0.7));
                    return errors.ToArray();
                }
            }
            """);
        Assert.All(result, e => Assert.True(Math.Abs(e) <= 1e-6, string.Join(", ", result)));
    }

    [Fact]
    public void LongBodiesAreSplitIntoPartsTheJitOptimizes()
    {
        var loaded = Execution.Load("using System.Collections.Generic;\nusing System.Linq;\n" + Prelude + Functions + Checks);
        try
        {
            var generated = string.Join("\n", loaded.Run.Sources.Values);
            foreach (var member in new[] { "LongPullback", "LongPushforward", "LongPushforwardN", "LongHessianVectorProductPullback", "LongPushforwardPullback", "SpreadPullback", "SpreadJacobianReverse", "RecurPullback", "RecurPushforward" })
            {
                Assert.Contains($"private static void {member}Part1_", generated, StringComparison.Ordinal);
            }

            var type = loaded.Assembly.GetType("P")!;
            var sizes = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => m.Name is not ("Long" or "Spread" or "Recur"))
                .Select(m => (m.Name, Il: m.GetMethodBody()?.GetILAsByteArray()?.Length ?? 0))
                .ToList();
            Assert.Contains(sizes, s => s.Name.StartsWith("LongPullbackPart2_", StringComparison.Ordinal));
            var largest = sizes.MaxBy(s => s.Il);
            Assert.True(largest.Il <= MostIl, $"{largest.Name} has {largest.Il} bytes of IL");

            var errors = loaded.Call("Driver", "Run");
            for (var i = 0; i < errors.Length; i++)
            {
                Assert.True(Math.Abs(errors[i]) <= 2e-5, $"entry {i}: {errors[i]}\nall: {string.Join(", ", errors)}");
            }
        }
        finally
        {
            loaded.Context.Unload();
        }
    }
}
