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
}
