using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// Generated code must compile without a single warning at the highest warning level (the compiler's "warning waves",
/// which <c>AnalysisLevel latest</c> turns on), because consumers build with <c>TreatWarningsAsErrors</c>. Generated
/// files are marked <c>// &lt;auto-generated/&gt;</c>, which silences analyzers (IDE*, CA*) but not the compiler, so
/// the compiler's warnings are the ones to check. Warnings in the user's own code (an unused local, a constant
/// condition) are the user's and are ignored.
/// </summary>
public sealed class GeneratedCodeWarningsTests
{
    private const int HighestWarningLevel = 9999;

    private static readonly string[] Corpus =
    [
        // Scalar methods: expressions, locals, branches, conditionals, math functions, float and double.
        "[Differentiable] public static double Square(double x) => x * x;",
        "[Differentiable] public static double Locals(double x, double y) { var t = x * y; t += Math.Sin(x); t *= t; return t / (1 + y * y); }",
        "[Differentiable] public static double Branches(double x, double y) { double r; if (x > y) { r = x * y; } else if (x < 0) { r = -x; } else { r = Math.Exp(y); } return r * x; }",
        "[Differentiable] public static double Ternary(double x, [NoDerivative] double c) => x > c ? Math.Log(1 + x * x) : Math.Tanh(x) * c;",
        "[Differentiable] public static double MathZoo(double x, double y) => Math.Pow(x, 3) + Math.Pow(x, y) + Math.Atan2(x, y) + Math.Max(x, y) + Math.Min(x, 0) + Math.Abs(x) + Math.Clamp(x, -1, 1) + Math.Sqrt(1 + x * x) + Math.Cbrt(y) + Math.Log(2 + x * x, 3) + x % y;",
        "[Differentiable] public static float FloatScalar(float x, float y) => MathF.Sin(x) * MathF.Exp(y) + MathF.Max(x, y) + x / (1 + y * y);",
        "[Differentiable] public static double DoubleOfFloat(float x, double y) => x * y;",
        "[Differentiable] public static double IntAndBool(double x, int n, bool flag) => flag ? x * n : x + n;",
        "[Differentiable] public static double UnusedInput(double x, double y) => x * 2;",
        "[Differentiable] public static double ConstantResult(double x) => 3;",
        // Fuzzer seed 1002047: t0 < (c ? t0 : t0) is t0 < t0, printed false, so PushforwardN's branch printed as
        // if (false && false), a C# constant: CS0162 on its arm.
        "[Differentiable(PushforwardN = true, Hessian = true)] public static double SelfCompared(double x0, double y1) { double t0 = Math.Cbrt(1 + Math.Cos(x0) * Math.Cos(x0)); if (t0 < (y1 < 0.5 ? t0 : t0) && (-2.0) > (-2.0)) return y1 - t0; return y1 * t0; }",
        // Fuzzer seed 1013267: a local given a constant is written where it is read, so PushforwardN's program (the
        // body as a program again) tested if (1f > 0.5f), a C# constant: CS0162 on its other arm.
        "[Differentiable(PushforwardN = true)] public static float ConstantLocalCompared(float x0) { float t0 = 1.0f; t0 = MathF.Ceiling(t0 > 0.5f ? t0 : x0); return t0 * x0; }",
        "[Differentiable(PushforwardN = true)] public static double ConstantIntegerQuotient(double x0) { int n = 7; double t = n / 2 > 3 ? x0 : x0 * x0; return t * x0; }",
        // A stretch's island reads an int local given a constant as that constant: the branch on 7 / 2 > 3 (3 > 3 to C#) is
        // the arm it takes, in forward mode (the stretch) and in PushforwardN's island of a body over scalars.
        "[Differentiable] public static double ConstantIntegerQuotientAfterALoop(ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) { s += x[i]; } int n = 7; double t = n / 2 > 3 ? s : s * s; return t * s; }",
        "[Differentiable] public static double ConstantCondition(double x) { const bool flag = false; if (flag) return x * x; return x; }",
        "[Differentiable] public static double ConstantTrueCondition(double x) { const bool flag = true; if (flag) { return x * x; } return x; }",
        "[Differentiable] public static double ConstantConditional(double x) { const bool flag = true; return flag ? x * x : x; }",
        "[Differentiable] public static double ConstantComparison(double x) { const int n = 2; if (n > 3) { x = x * x; } return x * n; }",
        "[Differentiable] public static double UnusedScalarLocals(double x) { double unused = 3; int k = 2; double t = x * 2; return x * x; }",
        "[Differentiable] public static double SelfComparisonChoosesAnArm(double x, double y) { double t = y; return (Math.Sqrt(1 + t * t) + (t > y ? y : x)) * x; }",
        "[Differentiable] public static double EmptyBranchOnAConditional(double x, double y) { double t = x; if ((t <= -0.75 ? 0.25 : 2.0) <= Math.Sqrt(1 + t * t)) { } return Math.Sqrt(1 + t * t); }",
        "[Differentiable] public static double BranchWithOnlyItsOwnLocals(double x, double y, int n) { double t = 3 * y * -y; if (t * n <= (x <= -1.5 ? -1.0 : 1.0)) { double u = 1.5 * t / (0.5 + t * t); } return Math.Exp(Math.Sin(t * n * x)); }",

        // Loops over spans and arrays: accumulators, break/continue/early return, while and do, nested loops, buffers.
        "[Differentiable] public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) { double s = 0; for (int i = 0; i < a.Length; i++) { s += a[i] * b[i]; } return s; }",
        "[Differentiable] public static double ArraySum(double[] a, double w) { double s = 0; for (int i = 0; i < a.Length; i++) { s += Math.Exp(a[i] * w); } return s; }",
        "[Differentiable(Hessian = true, PushforwardN = true)] public static double MatrixForm(double[,] a, ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i <= a.GetUpperBound(0); i++) { for (int j = 0; j < a.GetLength(1); j++) { s += x[i] * a[i, j] * x[j]; } } return s; }",
        "[Differentiable] public static double UnreadMatrix(double[,] a, [NoDerivative] float[,] b, double x) => x * x;",
        "[Differentiable] public static void MatrixTimesVector(double[,] a, ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < a.GetLength(0); i++) { double s = 0; for (int j = 0; j < a.GetLength(1); j++) { s += a[i, j] * x[j]; } y[i] = s; } }",
        "[Differentiable] public static double Product(ReadOnlySpan<double> x) { double p = 1; for (int i = 0; i < x.Length; i++) { if (x[i] > 10) break; if (x[i] < -10) continue; p *= x[i]; } return p; }",
        "[Differentiable] public static double EarlyReturn(ReadOnlySpan<double> x, [NoDerivative] double t) { for (int i = 0; i < x.Length; i++) { if (x[i] > t) return x[i] * x[i]; } return x[0]; }",
        "[Differentiable] public static double WhileLoop(ReadOnlySpan<double> x) { double s = 0; int i = 0; while (i < x.Length) { s += x[i] * s + x[i]; i++; } return s; }",
        "[Differentiable] public static double DoLoop(ReadOnlySpan<double> x) { double s = 1; int i = 0; do { s = Math.Sin(s * x[i]); i++; } while (i < x.Length); return s; }",
        "[Differentiable] public static double Nested(ReadOnlySpan<double> m, ReadOnlySpan<double> v, [NoDerivative] int n) { double s = 0; for (int i = 0; i < n; i++) { double row = 0; for (int j = 0; j < n; j++) { row += m[i * n + j] * v[j]; } s += row * row; } return s; }",
        "[Differentiable] public static double LocalBuffer(ReadOnlySpan<double> x, double s) { Span<double> row = stackalloc double[x.Length]; double[] b = new double[x.Length]; for (int i = 0; i < x.Length; i++) { row[i] = x[i] * s; b[i] = row[i] * row[i]; } double t = 0; for (int i = 0; i < x.Length; i++) { t += b[i] + row[i]; } return t; }",
        "[Differentiable] public static double LogSumExp(ReadOnlySpan<double> v) { double max = v[0]; for (int i = 1; i < v.Length; i++) max = Math.Max(max, v[i]); double sum = 0; for (int i = 0; i < v.Length; i++) sum += Math.Exp(v[i] - max); return Math.Log(sum) + max; }",
        "[Differentiable] public static float FloatLoop(ReadOnlySpan<float> x, float w) { float s = 0; for (int i = 0; i < x.Length; i++) { s += MathF.Tanh(x[i] * w); } return s; }",
        "[Differentiable] public static double PerElement(ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y, [NoDerivative] int n) { double s = 0; for (int i = 0; i < n; i++) { double d = x[i] - y[i]; s += d * d; } return s / n; }",
        "[Differentiable] public static double LoopConstantFalse(ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) { if (false) { s += x[i]; } s += x[i] * x[i]; } return s; }",
        "[Differentiable] public static double LoopConstantLocal(ReadOnlySpan<double> x) { const bool square = true; double s = 0; for (int i = 0; i < x.Length; i++) { if (square) { s += x[i] * x[i]; } else { s += x[i]; } } return s; }",
        "[Differentiable] public static double LoopConstantFoldedCondition(ReadOnlySpan<double> x) { const int k = 2; double s = 0; for (int i = 0; i < x.Length; i++) { if (k > 3) { s -= x[i]; } else { s += x[i] * k; } } return s; }",
        "[Differentiable] public static double LoopConstantConditional(ReadOnlySpan<double> x) { const bool half = false; double s = 0; for (int i = 0; i < x.Length; i++) { s += half ? x[i] / 2 : x[i] * x[i]; } return s; }",
        "[Differentiable] public static double WhileTrueWithBreak(ReadOnlySpan<double> x) { double s = 0; int i = 0; while (true) { s += x[i] * x[i]; i++; if (i >= x.Length) break; } return s; }",
        "[Differentiable] public static double DoWhileFalse(ReadOnlySpan<double> x) { double s = 0; int i = 0; do { s += x[i] * x[i]; i++; } while (false); return s; }",
        "[Differentiable] public static double ForeverWithBreak(ReadOnlySpan<double> x) { double s = 1; for (int i = 0; ; i++) { if (i >= x.Length) break; s *= x[i]; } return s; }",
        "[Differentiable] public static double ConstantReturnInLoop(ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) { s += x[i]; if (true) return s * s; } return s; }",
        "[Differentiable] public static double ConstantAndCondition(ReadOnlySpan<double> x, double y) { const bool on = false; double s = y; for (int i = 0; i < x.Length; i++) { if (on && x[i] > 0) { s += x[i]; } else { s *= x[i]; } } return s; }",
        "[Differentiable] public static double LocalNamedUnderscore(ReadOnlySpan<double> x, double y) { double _ = y * 2; double s = 0; for (int i = 0; i < x.Length; i++) { s += x[i] * _; } return s; }",
        "[Differentiable] public static double ScalarConstantAnd(double x) { const bool on = false; if (on && x > 0) { return x * x; } return x; }",
        // The join of a ?: read only by the condition of a branch that is dropped (its arm is dead) is dead too (fuzzer seed 71304).
        "[Differentiable] public static double DeadBranchReadsAJoin(double x) { double t = x; if ((x <= 1 ? 0.5 : 2.0) < 1.0 && 0.25 > 0.75) { t = t * 0.5; } return x * x; }",
        "[Differentiable] public static double ScalarLocalNamedUnderscore(double x, double y) { double _ = y * 2; return Callee2(x, _) * _; } [Differentiable] public static double Callee2(double a, double b) => a * b;",
        "[Differentiable] public static double UnusedLoopLocals(ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) { double unused = 3; int k = 2; s += x[i] * x[i]; } return s; }",
        "[Differentiable] public static double UnusedLocalsBeforeLoop(ReadOnlySpan<double> x) { double unused = 3; int k = 2; double s = 0; for (int i = 0; i < x.Length; i++) { s += x[i]; } return s; }",
        // A local whose value is a − a of the same element, or 0 times one, on the loop path is constant: no adjoint assigned and never read (fuzzer seeds 202816 and 204780, CS0219), and so is one whose terms cancel only on the graph (seed 403323).
        "[Differentiable] public static double ElementMinusItself(Span<double> xs, double s) { double acc = Math.Log(1 + (xs[0] - xs[0]) * (xs[0] - xs[0])); return (Math.Cos(xs[0]) - acc) + acc + s; }",
        "[Differentiable] public static double CancellingTerms(Span<double> xs1, ReadOnlySpan<double> xs0) { double acc0 = ((xs0[1] - 2.0) - xs0[1]); return (-acc0) + acc0 + xs0[0]; }",
        "[Differentiable] public static double ZeroTimesElement(double u, double[] xs, double s) { double acc = (xs[1] - xs[1]) * xs[1]; return (Math.Sqrt(1.25) - (acc - s)) + acc; }",
        "[Differentiable] public static double LoopValueNotReturned(ReadOnlySpan<double> x, double y) { double s = 0; for (int i = 0; i < x.Length; i++) { s += x[i]; } return y * y; }",

        // Vector functions (span outputs), Jacobians.
        "[Differentiable] public static void Scale(ReadOnlySpan<double> x, double s, Span<double> y) { for (int i = 0; i < y.Length; i++) { y[i] = x[i] * s; } }",
        "[Differentiable] public static void Softmax(ReadOnlySpan<double> x, Span<double> y) { double sum = 0; for (int i = 0; i < x.Length; i++) { y[i] = Math.Exp(x[i]); sum += y[i]; } for (int i = 0; i < x.Length; i++) { y[i] /= sum; } }",
        "[Differentiable] public static void FloatVector(ReadOnlySpan<float> x, Span<float> y) { for (int i = 0; i < y.Length; i++) { y[i] = x[i] * x[i]; } }",
        "[Differentiable] public static void VectorWithUnusedLocal(ReadOnlySpan<double> x, Span<double> y) { double unused = 1; for (int i = 0; i < y.Length; i++) { const bool twice = false; y[i] = twice ? 2 * x[i] : x[i] * x[i]; } }",

        // Checkpointed recurrences.
        "[Differentiable, Checkpoint] public static double Rnn(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> xs) { double h = 0; for (int t = 0; t < xs.Length; t++) { h = Math.Tanh(w[0] * h + w[1] * xs[t]); } return h; }",
        "[Differentiable, Checkpoint(Every = 3)] public static double CheckpointEarlyReturn(ReadOnlySpan<double> x, [NoDerivative] double t) { for (int i = 0; i < x.Length; i++) { if (x[i] > t) return x[i] * x[i]; } return x[0]; }",
        "[Differentiable, Checkpoint] public static double CheckpointConstant(ReadOnlySpan<double> x) { const bool on = true; double s = 0; int unused = 1; for (int i = 0; i < x.Length; i++) { if (on) s = s * 0.5 + x[i]; } return s; }",

        // Calls: differentiable callees, custom pullbacks and pushforwards, calls in branches and loops.
        "[Differentiable] public static double Callee(double x) => x * x; [Differentiable] public static double Caller(double x, double y) { if (x > y) return Callee(x); return Callee(y) * x; }",
        "[Differentiable] public static double SumCallee(ReadOnlySpan<double> a) { double s = 0; for (int i = 0; i < a.Length; i++) { s += a[i] * a[i]; } return s; } [Differentiable] public static double SpanCaller(ReadOnlySpan<double> x, double w) => SumCallee(x) * w;",
        "[Differentiable] public static double Elem(double x) => Math.Sin(x); [Differentiable] public static double CallInLoop(ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) { s += Elem(x[i]); } return s; }",
        "static double Softplus(double x) => Math.Log(1 + Math.Exp(x)); [DerivativeOf(nameof(Softplus))] static double SoftplusPullback(double x, double seed, ref double dX) { dX += seed / (1 + Math.Exp(-x)); return Softplus(x); } [Differentiable] public static double UsesSoftplus(double x, double y) => Softplus(x * y) + y;",
        "static double Cube(double x) => x * x * x; [DerivativeOf(nameof(Cube))] static (double Value, double Tangent) CubePushforward(double x, double tX) => (x * x * x, 3 * x * x * tX); [Differentiable] public static double UsesCube(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { s += Cube(v[i]); } return s; }",
        // A [DerivativeOf] pushforward may return an unnamed tuple; two differentiable parameters take two calls of it.
        "static double Mul(double x, double y) => x * y; [DerivativeOf(nameof(Mul))] static (double, double) MulPushforward(double x, double y, double tX, double tY) => (x * y, y * tX + x * tY); [Differentiable] public static double UsesMul(double x, double y) => Mul(x, y) * x;",
        "static double Mul2(double x, double y) => x * y; [DerivativeOf(nameof(Mul2))] static (double, double) Mul2Pushforward(double x, double y, double tX, double tY) => (x * y, y * tX + x * tY); [Differentiable] public static double UsesMulInLoop(ReadOnlySpan<double> v, double w) { double s = 0; for (int i = 0; i < v.Length; i++) { s += Mul2(v[i], w); } return s; }",
        // Fuzzer seed 1013420: a Hessian through a custom pullback whose argument cancels (a − a) declared the callee's
        // tangent partial and never read it (CS0219).
        // A local reassigned a constant before a call that only it feeds: no derivative goes through the call, so the local
        // gets no adjoint or tangent, which nothing would read (CS0219 in Pullback and Pushforward; fuzzer seed 14 of the CI budget).
        "[Differentiable(Inline = false)] public static double SquareOfConstant(double x) => x * x; [Differentiable] public static double ConstantBeforeACall(ReadOnlySpan<double> a, double x) { double t0 = x * 2; t0 = 0.75; double t2 = 0.75 + Math.Atan(t0); double s = SquareOfConstant(Math.Sqrt(1 + t2 * t2)); for (int i = 0; i < a.Length; i++) { s += a[i] * x; } return s; }",
        "static double Cu(double x) => x * x + x; [DerivativeOf(nameof(Cu))] static double CuPullback(double x, double seed, ref double dX) { dX += seed * (2 * x + 1); return Cu(x); } [Differentiable(Inline = false, Hessian = true)] public static double CancelledCallArgument(Span<double> xs1, double[] xs0) { double acc0 = xs1[1]; double a2 = Cu(xs0[0] - xs0[0]); acc0 -= Math.Tanh(a2); return Math.Sqrt(1 + (xs1[1] * xs1[0]) * (xs1[1] * xs1[0])) + acc0; }",
        "[Differentiable] public static float FloatCallee(float x) => x * x; [Differentiable] public static float FloatCaller(float x) { const bool skip = false; if (skip) return x; return FloatCallee(x) + 1; }",
        // Fuzzer seed 1190058: t1's first value is overwritten before anything reads it, and so is its tangent's in the
        // Hessian's tangent program, the only one of its values with a derivative when the tangents are held fixed: the
        // H·t pullback declared the tangent's adjoint and only ever cleared it (CS0219). An overwritten store is dead.
        "static float SoftplusF(float x) => MathF.Log(1f + MathF.Exp(x)); [DerivativeOf(nameof(SoftplusF))] static float SoftplusFPullback(float x, float seed, ref float dX) { dX += seed * (0.5f + 0.5f * MathF.Tanh(0.5f * x)); return SoftplusF(x); } [Differentiable(Hessian = true)] public static float OverwrittenBeforeRead([Broadcast] float x0, int n2, float y1, bool f3) { float t0 = MathF.Pow(1f + MathF.Log(1f + (-0.25f) * (-0.25f)) * MathF.Log(1f + (-0.25f) * (-0.25f)), 3f) + y1; float t1 = MathF.Cos(x0) - (1.0f + x0); t1 = 3.0f + x0; (t1, t0) = (MathF.Floor(y1 - t1), SoftplusF(t1 * 0.75f)); return MathF.Exp(-(!f3 ? -t1 : -0.5f + t0) * (!f3 ? -t1 : -0.5f + t0)); }",
    ];

    public static TheoryData<int> Programs()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Corpus.Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void GeneratedCodeHasNoWarningsAtTheHighestWarningLevel(int index) =>
        AssertNoGeneratedWarnings(Corpus[index]);

    /// <summary>The whole corpus in one compilation: members generated for different methods must not clash either.</summary>
    [Fact]
    public void TheWholeCorpusTogetherHasNoWarnings() => AssertNoGeneratedWarnings(string.Join("\n", Corpus));

    internal static void AssertNoGeneratedWarnings(string members)
    {
        var compilation = GeneratorHarness.Compile("using System;\nusing SymDiff;\npublic static partial class P\n{\n" + members + "\n}\n");
        compilation = compilation.WithOptions(compilation.Options.WithWarningLevel(HighestWarningLevel));
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), compilation);
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var userFiles = run.Input.SyntaxTrees.Select(t => t.FilePath).ToHashSet(StringComparer.Ordinal);
        var problems = run.Output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error
                || (d.Severity == DiagnosticSeverity.Warning && !userFiles.Contains(d.Location.SourceTree?.FilePath ?? string.Empty)))
            .Select(d => d.ToString())
            .ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n\n" + string.Join("\n\n", run.Sources.Values));
        Assert.NotEmpty(run.Sources);
    }
}
