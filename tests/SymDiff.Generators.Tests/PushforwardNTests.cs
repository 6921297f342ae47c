using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// <c>{F}PushforwardN</c> as generated code: only where it is asked for or a vector function has it, and compiling for
/// parameters named like the member's own locals, for a parameter SymDiff only passes through, and for a checkpointed loop.
/// The values are checked in the consumer tests (<c>PushforwardNTests</c>, the realistic corpus) and by the fuzzer.
/// </summary>
public sealed class PushforwardNTests
{
    [Fact]
    public void OnlyMethodsThatAskAndVectorFunctionsHaveIt()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using SymDiff;

            namespace Demo;

            public static partial class M
            {
                [Differentiable] public static double Plain(double x) => x * x;
                [Differentiable(PushforwardN = true)] public static double Asked(double x) => x * x;
                [Differentiable] public static double Loop(ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) { s += x[i] * x[i]; } return s; }
                [Differentiable] public static void Vector(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < y.Length; i++) { y[i] = x[i] * x[i]; } }
            }
            """);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        var all = string.Join("\n", run.Sources.Values);
        Assert.DoesNotContain("PlainPushforwardN", all, StringComparison.Ordinal);
        Assert.DoesNotContain("LoopPushforwardN", all, StringComparison.Ordinal);
        Assert.Contains("public static double AskedPushforwardN(double x, int directions, global::System.ReadOnlySpan<double> tX, global::System.Span<double> tangents)", all, StringComparison.Ordinal);
        Assert.Contains("public static void VectorPushforwardN(global::System.ReadOnlySpan<double> x, global::System.Span<double> y, int directions, global::System.ReadOnlySpan<double> tX, global::System.Span<double> tY)", all, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("double directions, double tangents, double d, double value, double tape, double mark, double sweepMark, double pair")]
    [InlineData("double tX0, double tX1, double x, double tDirections, double directions2")]
    public void ParametersNamedLikeItsLocalsCompile(string parameters)
    {
        var names = parameters.Split(", ").Select(p => p.Split(' ')[1]).ToList();
        var body = string.Join(" + ", names.Select((n, k) => $"Math.Sin({n}) * {n}"));
        var run = GeneratorHarness.Run($$"""
            using System;
            using SymDiff;

            namespace Demo;

            public static partial class M
            {
                [Differentiable(PushforwardN = true)] public static double Scalar({{parameters}}) => {{body}};

                [Differentiable(PushforwardN = true)]
                public static double Looped({{parameters}}, ReadOnlySpan<double> w)
                {
                    double s = 0;
                    for (int i = 0; i < w.Length; i++) { s += w[i] * ({{body}}); }
                    return s;
                }
            }
            """);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Contains("ScalarPushforwardN", string.Join("\n", run.Sources.Values), StringComparison.Ordinal);
        Assert.Contains("LoopedPushforwardN", string.Join("\n", run.Sources.Values), StringComparison.Ordinal);
    }

    [Fact]
    public void ABodyOfScalarsIsTheIslandItsOtherMembersSweep()
    {
        // Vector forward mode over a body of scalars builds the graph its gradient does: returns in both arms join the
        // result alone, named result (not v), and a parameter's tangent is read from its direction, not a leaf of its own.
        var run = GeneratorHarness.Run("""
            using System;
            using SymDiff;
            public static partial class N
            {
                [Differentiable(PushforwardN = true)]
                public static double Tax(double income, double rate)
                {
                    if (income < 1000.0)
                    {
                        return 0.0;
                    }

                    double over = income - 1000.0;
                    return over > 5000.0 ? rate * over + 1.0 : rate * over;
                }
            }
            """);
        Assert.Empty(run.CompilationDiagnostics);
        var body = run.Member("N.Tax", "TaxPushforwardN");
        Assert.Contains("double result;", body, StringComparison.Ordinal);
        Assert.Contains("double tResult0;", body, StringComparison.Ordinal);
        Assert.Contains("double result;", run.Member("N.Tax", "TaxGradient"), StringComparison.Ordinal);
    }

    [Fact]
    public void PassedThroughParametersAndCheckpointedLoopsCompile()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using SymDiff;

            namespace Demo;

            public static partial class M
            {
                [Differentiable(PushforwardN = true)] public static double Labeled(double x, [NoDerivative] string label, double y) => x * y + Math.Exp(x);

                [Differentiable(PushforwardN = true), Checkpoint]
                public static double Recurrence(double w, [NoDerivative] ReadOnlySpan<double> xs)
                {
                    double h = 0;
                    for (int t = 0; t < xs.Length; t++) { h = Math.Tanh(w * h + xs[t]); }
                    return h;
                }

                [Differentiable(PushforwardN = true)]
                public static float Single(ReadOnlySpan<float> x, float k) { float s = 0; for (int i = 0; i < x.Length; i++) { s += MathF.Sin(k * x[i]); } return s; }
            }
            """);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        var all = string.Join("\n", run.Sources.Values);
        Assert.Contains("LabeledPushforwardN(double x, string label, double y, int directions", all, StringComparison.Ordinal);
        Assert.Contains("public static float SinglePushforwardN(global::System.ReadOnlySpan<float> x, float k, int directions, global::System.ReadOnlySpan<float> tX, global::System.ReadOnlySpan<float> tK, global::System.Span<float> tangents)", all, StringComparison.Ordinal);
    }

    /// <summary>
    /// Found by the fuzzer (seed 997156): a body over scalars whose branch compares a value with itself once the
    /// program inlines a copy (t = x; if (x &gt; t)) declared the locals of the arm that can never run, assigned and
    /// never read (CS0219). Such a branch is folded before the passes, so nothing of its dead arm is declared.
    /// </summary>
    [Theory]
    [InlineData("double t = x; if (x > t) { double u = Math.Sin(x) * x; return u * u + x; } return x * x;")]
    [InlineData("double t = x; double s = 0; if (t < x) { s = Math.Exp(x); } else { s = x * 3; } return s * x;")]
    public void BranchesDecidedByTheirFormDeclareNothingOfTheirDeadArm(string body)
    {
        var run = GeneratorHarness.Run($$"""
            using System;
            using SymDiff;
            public static partial class P
            {
                [Differentiable(PushforwardN = true, Hessian = true)]
                public static double S(double x) { {{body}} }

                [Differentiable(PushforwardN = true)]
                public static double L(ReadOnlySpan<double> v) { double x = v[0]; {{body}} }
            }
            """);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
    }

    /// <summary>
    /// A method that assigns its scalar parameter (<c>x += …</c>): every sweep of four directions, and every direction
    /// left after them, starts from the parameter's value on entry, not from the last sweep's (the second sweep and the
    /// fifth direction read the first sweep's x: wrong tangents and a wrong value, fuzzer seed 37 of the CI budget).
    /// Checked direction by direction against <c>Pushforward</c>, for 1 to 9 directions.
    /// </summary>
    [Fact]
    public void EverySweepStartsFromTheParametersOnEntry()
    {
        var result = Execution.RunDriver("""
            using System;
            using SymDiff;

            public static partial class S
            {
                [Differentiable(PushforwardN = true)]
                public static double Grow(ReadOnlySpan<double> a, double x)
                {
                    for (int i = 0; i < a.Length; i++)
                    {
                        x += a[i] * x;
                    }

                    return x * x;
                }
            }
            """, """
            using System;

            public static class Driver
            {
                public static double[] Run()
                {
                    var errors = new System.Collections.Generic.List<double>();
                    var a = new[] { 0.3, -0.2, 0.5 };
                    for (int directions = 1; directions <= 9; directions++)
                    {
                        var ta = new double[directions * a.Length];
                        var tx = new double[directions];
                        for (int d = 0; d < directions; d++)
                        {
                            for (int i = 0; i < a.Length; i++) ta[d * a.Length + i] = 0.1 * (d + 1) - 0.05 * i;
                            tx[d] = 1 - 0.25 * d;
                        }

                        var tangents = new double[directions];
                        double value = S.GrowPushforwardN(a, 0.7, directions, ta, tx, tangents);
                        errors.Add(value - S.Grow(a, 0.7));
                        for (int d = 0; d < directions; d++)
                        {
                            var (_, one) = S.GrowPushforward(a, 0.7, ta.AsSpan(d * a.Length, a.Length), tx[d]);
                            errors.Add(tangents[d] - one);
                        }
                    }

                    return errors.ToArray();
                }
            }
            """);
        Assert.All(result, e => Assert.True(Math.Abs(e) < 1e-12, $"errors: {string.Join(", ", result)}"));
    }
}
