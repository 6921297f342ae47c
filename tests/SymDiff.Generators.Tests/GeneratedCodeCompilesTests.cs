using Microsoft.CodeAnalysis;
using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// Programs whose user code compiles must get generated code that compiles too, without warnings: consumers build
/// with <c>TreatWarningsAsErrors</c> and <c>AnalysisLevel latest</c>. Each case stands for a family of fuzzed programs.
/// </summary>
public sealed class GeneratedCodeCompilesTests
{
    private static GeneratorRun RunMembers(string members) =>
        GeneratorHarness.Run("using System;\nusing SymDiff;\npublic static partial class P\n{\n" + members + "\n}\n");

    private static void AssertCompilesCleanly(GeneratorRun run)
    {
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        // The user's own warnings (an unused local, a constant condition) are theirs; generated code must add none.
        var userFiles = run.Input.SyntaxTrees.Select(t => t.FilePath).ToHashSet(StringComparer.Ordinal);
        var problems = run.CompilationDiagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error || !userFiles.Contains(d.Location.SourceTree?.FilePath ?? string.Empty))
            .Select(d => d.ToString()).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n\n" + string.Join("\n\n", run.Sources.Values));
    }

    [Theory]
    // Item 7: a local buffer written then read.
    [InlineData("LocalBufferWrittenThenRead", "[Differentiable] static double A(ReadOnlySpan<double> x, double s) { Span<double> row = stackalloc double[x.Length]; row[0] = s; return row[0]; }")]
    // Item 7: locals named like the generator's own locals.
    [InlineData("LocalsNamedLikeGeneratedOnes", "[Differentiable] static double A(ReadOnlySpan<double> x, double s) { double mark = s * 2; double tape = mark + x[0]; double seed = tape * s; double jacobian = seed; double t = 0; for (int i = 0; i < x.Length; i++) { t += x[i] * jacobian; } return t; }")]
    [InlineData("ScalarLocalsNamedLikeGeneratedOnes", "[Differentiable] static double A(double x, double s) { double seed = s * 2; double value = seed + x; double result = value * s; double dX = result * x; double tX = dX + 1; double g = tX * tX; return g; }")]
    [InlineData("LoopLocalsNamedLikeGeneratedOnes", "[Differentiable] static double A(ReadOnlySpan<double> x, double s) { double dX = s; double tX = 2 * s; double tS = tX; double dS = 0; double value = 1; double g = 0; double scratch = 1; double rows = 0; double columns = 0; double line = 1; for (int i = 0; i < x.Length; i++) { dS += x[i] * dX * tS + g + scratch * rows * columns * line; value *= x[i]; } return dS + value; }")]
    [InlineData("LocalBuffersNamedLikeGeneratedOnes", "[Differentiable] static double A(ReadOnlySpan<double> x, double s) { Span<double> tape = stackalloc double[x.Length]; Span<double> mark = stackalloc double[x.Length]; double[] seed = new double[x.Length]; for (int i = 0; i < x.Length; i++) { tape[i] = x[i] * s; mark[i] = tape[i] * tape[i]; seed[i] = mark[i] + s; } double jacobian = 0; for (int i = 0; i < x.Length; i++) { jacobian += seed[i] * tape[i]; } return jacobian; }")]
    [InlineData("VectorFunctionWithLocalsNamedLikeGeneratedOnes", "[Differentiable] static void V(ReadOnlySpan<double> x, double s, Span<double> y) { Span<double> row = stackalloc double[y.Length]; double jacobian = s; double seed = 2; double rows = 1; double columns = 3; double line = 0.5; double tape = 1; double mark = 2; for (int i = 0; i < y.Length; i++) { row[i] = x[i] * jacobian * seed * rows * columns * line * tape * mark; y[i] = row[i] * row[i]; } }")]
    [InlineData("CheckpointedLocalsNamedLikeGeneratedOnes", "[Differentiable, Checkpoint] static double A(ReadOnlySpan<double> x, double s) { Span<double> row = stackalloc double[x.Length]; double tape = s; double mark = 1; double seed = 0; for (int i = 0; i < x.Length; i++) { row[i] = Math.Sin(tape * x[i]); tape = row[i] * mark + tape; seed += tape; } return seed + row[0]; }")]
    // Found by the fuzzer: a value both arms of an if share (x0·x0, hoisted) had its tangent built inside the first
    // arm that asked for it, so the Pushforward's other arm read an undeclared tangent (CS0103 tV).
    [InlineData("TangentOfAValueSharedByBothArms", "[Differentiable] static double S(int n, double x, [NoDerivative] double c, double y) { double t = Math.Atan2(x, 5) * n; if (c - y <= -0.8) { } else { if (y > c * c) return t; } return Math.Sqrt(1 + x * x); }")]
    // Found by the fuzzer: a call with an active argument whose value only decides a condition needs no derivative
    // (its tangent partials were assigned and never read, CS0219).
    [InlineData("CallWhoseValueOnlyDecidesACondition", "static double Cu(double x, double y) => Math.Sin(x) * y; [DerivativeOf(nameof(Cu))] static double CuPullback(double x, double y, double seed, ref double dX, ref double dY) { dX += seed * Math.Cos(x) * y; dY += seed * Math.Sin(x); return Cu(x, y); } [Differentiable] static double L(double[] xs, [NoDerivative] double c) { double acc = xs[0] * 0.5; for (int i = 0; i < xs.Length; i++) { if (c <= Cu(0.75, xs[1])) continue; acc += xs[i]; } return acc; }")]
    // Found by the fuzzer (seed 1410171): an arm whose contributions to an outer value cancel (t − (t − y)) still got that
    // value an accumulator declared before the branch, which nothing added to or read (CS0219).
    [InlineData("ArmContributionsThatCancel", "[Differentiable] static double S(double x, double y) { double t = x + y - y; t -= t; if (t - x >= double.Hypot(y, 1 + t * t)) { } else { t -= t - y; if (t < Math.Pow(2 + Math.Sin(y), Math.Tanh(x))) return x; } return Math.Log(1 + t * t); }")]
    // Item 8: a call to a differentiable method inside a branch.
    [InlineData("CallInIfBranch", "[Differentiable] static double Sq(double x) => x * x; [Differentiable] static double F(double x, double y) { if (x > y) return Sq(x); return y; }")]
    [InlineData("CallInConditional", "[Differentiable] static double Sq(double x) => x * x; [Differentiable] static double F(double x, double y) => x > y ? Sq(x) : Sq(y) + Sq(x);")]
    [InlineData("CustomDerivativeCallInBranch", "static double Cube(double x) => x * x * x; [DerivativeOf(nameof(Cube))] static double CubePullback(double x, double seed, ref double dX) { dX += seed * 3 * x * x; return x * x * x; } [Differentiable] static double F(double x, double y) { if (x > y) return Cube(x); return Cube(y); }")]
    [InlineData("CallInNestedBranchesValueReadLater", "[Differentiable] static double Sq(double x) => x * x; [Differentiable] static double F(double x, double y) { double r = y; if (x > y) { double s = Sq(x); if (s > 1) { r = s * Sq(y); } else { r = Sq(s) + x; } } return r * x; }")]
    [InlineData("CustomPushforwardCallInBranch", "static double Cube(double x, double y) => x * x * y; [DerivativeOf(nameof(Cube))] static (double Value, double Tangent) CubePushforward(double x, double y, double tX, double tY) => (x * x * y, 2 * x * y * tX + x * x * tY); [Differentiable] static double F(double x, double y) { double r = x; if (x > y) { r = Cube(x, y) * x; } return r; }")]
    // Item 12: a conditional reads a local that is later overwritten.
    [InlineData("ConditionalReadsLocalOverwrittenLater", "[Differentiable] static double T(double x, double q) { double u = x * x; double r = x > 0 ? u : q; u *= u; return r + u; }")]
    // Item 15: a callee taking double[] called with a local double[] from a span method.
    [InlineData("ArrayCalleeGetsLocalArray", "[Differentiable] static double Sum(double[] a) { double s = 0; for (int i = 0; i < a.Length; i++) { s += a[i] * a[i]; } return s; } [Differentiable] static double F(ReadOnlySpan<double> x) { double[] b = new double[x.Length]; for (int i = 0; i < x.Length; i++) { b[i] = x[i] * 2; } return Sum(b); }")]
    // Item 17: a float method returning double, batched.
    [InlineData("DoubleOfFloat", "[Differentiable] static double F(float x) => x * x;")]
    // Item 17: a loop accumulator gets a constant added after the loop.
    [InlineData("ConstantAddedAfterLoop", "[Differentiable] static double F(ReadOnlySpan<double> x) { double t = 0; for (int i = 0; i < x.Length; i++) { t += x[i]; } t += 1; return t; }")]
    // Warnings: comparisons of a value with itself that the derivative rules introduce (CS1718), unused locals (CS0219).
    [InlineData("MaxOfTheSameValue", "[Differentiable] static double F(double x) => Math.Max(x, x) * x;")]
    [InlineData("MinAndMaxOfTheSameSubexpression", "[Differentiable] static double F(double x, double y) { double t = x * y; return Math.Min(t, x * y) + Math.Max(y * x, t) + Math.Abs(t); }")]
    [InlineData("ClampOfTheSameValue", "[Differentiable] static double F(double x) => Math.Clamp(x, x, x) + Math.Clamp(x, -1, x);")]
    [InlineData("MaxOfTheSameValueInALoop", "[Differentiable] static double F(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { s += Math.Max(v[i], v[i]) + Math.Min(s, s); } return s; }")]
    [InlineData("MaxOfTheSameFloat", "[Differentiable] static float F(float x) => MathF.Max(x, x) * MathF.Min(x, x);")]
    [InlineData("UnusedLocals", "[Differentiable] static double F(double x) { double unused = 3; double t = x * 2; return x * x; }")]
    public void GeneratedCodeCompilesWithoutWarnings(string name, string members)
    {
        _ = name;
        AssertCompilesCleanly(RunMembers(members));
    }

    [Theory]
    // Rejected while lowering (an unsupported statement).
    [InlineData("[Differentiable] static double G(double x) { try { x *= 2; } finally { } return x; } [Differentiable] static double F(double x) => [|G(x)|] * x;", "G", "F")]
    // Rejected while resolving its own calls (a call without a derivative).
    [InlineData("static double H(double x) => x; [Differentiable] static double G(double x) => H(x) * 2; [Differentiable] static double F(double x) => [|G(x)|] * x;", "G", "F")]
    // Rejected for recursion.
    [InlineData("[Differentiable] static double G(double x) => x > 1 ? G(x / 2) : x; [Differentiable] static double F(double x) => [|G(x)|] * x;", "G", "F")]
    // Rejected because its own callee was: the chain is followed.
    [InlineData("[Differentiable] static double K(double x) { try { x *= 2; } finally { } return x; } [Differentiable] static double G(double x) => K(x) + 1; [Differentiable] static double F(double x) => [|G(x)|] * x;", "G", "F")]
    // A loop method calling a rejected scalar method.
    [InlineData("[Differentiable] static double G(double x) { try { x *= 2; } finally { } return x; } [Differentiable] static double F(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { s += [|G(v[i])|]; } return s; }", "G", "F")]
    // A scalar method calling a rejected loop method.
    [InlineData("[Differentiable] static double G(ReadOnlySpan<double> v, double x) { double s = 0; for (int i = 0; i < v.Length; i++) { if (v[i] > 0) goto done; s += x; } done: return s; } [Differentiable] static double F(ReadOnlySpan<double> v, double x) => [|G(v, x)|] * x;", "G", "F")]
    public void CallersOfRejectedMethodsAreRejectedAtTheCall(string members, string callee, string caller)
    {
        var (source, span) = Markup.Parse("using System;\nusing SymDiff;\npublic static partial class P\n{\n" + members + "\n}\n");
        var run = GeneratorHarness.Run(source);
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "SD0022" && d.Location.SourceSpan == span);
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"'{caller}' calls '{callee}'", message, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Sources.Keys, k => k.StartsWith($"P.{caller}.", StringComparison.Ordinal) || k.StartsWith($"P.{callee}.", StringComparison.Ordinal));
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void MutualRecursionIsRejectedAtEachCallOfTheCycle()
    {
        var (source, spans) = Markup.ParseAll("""
            using System;
            using SymDiff;
            public static partial class P
            {
                [Differentiable] static double F(double x) => x > 1 ? [|G(x / 2)|] : x;
                [Differentiable] static double G(double x) => [|F(x)|] * 2;
                [Differentiable] static double H(double x) => [|F(x)|] + 1;
                [Differentiable] static double Fine(double x) => x * x;
            }
            """);
        var run = GeneratorHarness.Run(TestOptions.AllKernels, source);
        var recursion = run.Diagnostics.Where(d => d.Id == "SD0008").OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.Equal(spans.Take(2), recursion.Select(d => d.Location.SourceSpan));
        Assert.Contains("'F' calls itself (through the cycle F → G → F)", recursion[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("'G' calls itself (through the cycle G → F → G)", recursion[1].GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var caller = Assert.Single(run.Diagnostics, d => d.Id == "SD0022");
        Assert.Equal(spans[2], caller.Location.SourceSpan);
        Assert.Equal(new[] { "P.Fine.Batch.g.cs", "P.Fine.g.cs" }, run.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Theory]
    [InlineData("[Differentiable] static double F(ReadOnlySpan<double> v, [NoDerivative] double c) { double s = 0; for (int i = 0; i < v.Length; i++) { s += v[i] * G(c); } return s; }")]
    [InlineData("[Differentiable] static double F(double x, [NoDerivative] double c) => x * G(c);")]
    public void PassiveCallsOfRejectedMethodsCallThePrimal(string caller)
    {
        var run = RunMembers("[Differentiable] static double G(double x) { try { x *= 2; } finally { } return x; } " + caller);
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "SD0022");
        Assert.Contains("P.F.g.cs", run.Sources.Keys);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void CallsOfMethodsThatWriteASpanParameterAreInlined()
    {
        // The callee's Pullback has no seed for the span it writes and its Pushforward needs that span's tangent, so a
        // call could not carry the caller's derivatives (b[1] below): the callee's body is inlined at the call instead,
        // and the caller's derivatives see the write. (Finite-difference checks: Consumer.Tests' HelperCallTests.)
        var source = "using System;\nusing SymDiff;\npublic static partial class P\n{\n"
            + "static double Work(ReadOnlySpan<double> x, Span<double> w) { for (int i = 0; i < w.Length; i++) { w[i] = x[i] * x[i]; } return w[0]; } "
            + "[Differentiable] static double F(ReadOnlySpan<double> x) { Span<double> b = stackalloc double[x.Length]; double s = Work(x, b); return s + b[1]; }\n}\n";
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.Diagnostics);
        Assert.Contains(run.Sources.Keys, k => k.StartsWith("P.F.", StringComparison.Ordinal));
        Assert.DoesNotContain("WorkPullback", run.File("P.F"), StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics);
    }
}
