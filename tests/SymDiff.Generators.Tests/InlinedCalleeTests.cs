using System.Text.RegularExpressions;
using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// Which calls to <c>[Differentiable]</c> methods are inlined (<c>Lowering/InlinedCallees.cs</c>) and which stay calls
/// of the callee's generated members: small callees called from a body with loops or spans are inlined, with the small
/// callees they call in turn; a callee that asks to stay a call (<c>Inline = false</c>, <c>[Checkpoint]</c>), has a
/// custom derivative, is large or is part of a cycle of calls, and every call from a body over scalars alone, stay
/// calls; a derivative into an inlined callee's <c>[NoDerivative]</c> parameter is SD0025 as through a call. The derivatives themselves are checked by finite differences in the realistic
/// corpus (<c>Corpus/Realistic/InlinedCalls.cs</c>) and by the fuzzer.
/// </summary>
public class InlinedCalleeTests
{
    private const string Callees = """
        [Differentiable] public static double Sq(double x) => x * x;
        [Differentiable] public static double Scaled(double x, [NoDerivative] double c) => x * x * c;
        [Differentiable] public static double Gate(double x, double h) => Sq(x) * h + Lse2(x, h);
        [Differentiable] public static double Lse2(double a, double b) => Math.Log(Math.Exp(a) + Math.Exp(b));
        [Differentiable] public static double Lse(ReadOnlySpan<double> v, [NoDerivative] int n) { double m = v[0]; for (int i = 1; i < n; i++) { m = Math.Max(m, v[i]); } double s = 0; for (int i = 0; i < n; i++) { s += Math.Exp(v[i] - m); } return Math.Log(s) + m; }
        """;

    [Theory]
    [InlineData("s += Sq(v[i]);", "Sq")]
    [InlineData("s += Gate(v[i], s);", "Gate")]
    [InlineData("s += Scaled(v[i], 2.0);", "Scaled")]
    [InlineData("s += Sq(Sq(v[i]));", "Sq")]
    [InlineData("s += Lse(v, v.Length);", "Lse")]
    public void SmallLeavesCalledFromALoopAreInlined(string statement, string callee)
    {
        var loop = Loop(statement);
        Assert.DoesNotMatch(Calls(callee), loop);
        Assert.Matches(@"\bdouble " + char.ToLowerInvariant(callee[0]) + callee[1..] + @"\d* = 0\.0;", loop);
    }

    [Theory]
    [InlineData("[Differentiable(Inline = false)] public static double Sq2(double x) => x * x;", "s += Sq2(v[i]);", "Sq2")]
    [InlineData("[Differentiable, Checkpoint] public static double Sum2(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { s += v[i] * v[i]; } return s; }", "s += Sum2(v);", "Sum2")]
    public void CalleesThatMustStayCallsAreCalled(string callee, string statement, string name) =>
        Assert.Matches(Calls(name), Loop(statement, callee));

    [Fact]
    public void ACalleeWithACustomDerivativeIsDifferentiatedByIt()
    {
        // The user's [DerivativeOf] wins over the callee's own body, inlined or called.
        var loop = Loop("s += Sq3(v[i]);", """
            [Differentiable] public static double Sq3(double x) => x * x;
            [DerivativeOf(nameof(Sq3))] public static (double Value, double Tangent) Sq3Custom(double x, double t) => (x * x, 2 * x * t);
            """);
        Assert.Contains("Sq3Custom(", loop, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Differentiable] public static double F(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { s += [|Scaled(v[i], v[0])|]; } return s; }")]
    [InlineData("[Differentiable] public static double F(ReadOnlySpan<double> v, [NoDerivative] double c) { c = v[0]; double s = 0; for (int i = 0; i < v.Length; i++) { s += [|Scaled(v[i], c)|]; } return s; }")]
    public void ACallPassingADerivativeToANoDerivativeParameterStaysACallWithSD0025(string method)
    {
        // A call drops a derivative flowing into a [NoDerivative] parameter and warns (SD0025); inlined, the derivative
        // would flow, so only arguments plainly free of derivatives inline the callee.
        var (source, span) = Markup.Parse(Source(method));
        var run = GeneratorHarness.Run(source);
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("SD0025", diagnostic.Id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Matches(Calls("Scaled"), run.Sources.Single(s => s.Key.EndsWith(".F.g.cs", StringComparison.Ordinal)).Value);
    }

    [Theory]
    [InlineData("s += Scaled(v[i], c);")]
    [InlineData("s += Scaled(v[i], data[i] * 2 + n);")]
    [InlineData("s += Scaled(v[i], Table[i % 2]);")]
    public void ACallPassingDataToANoDerivativeParameterIsInlined(string statement)
    {
        var run = GeneratorHarness.Run(Source("static readonly double[] Table = { 0.5, 2.0 }; [Differentiable] public static double F(ReadOnlySpan<double> v, [NoDerivative] double c, [NoDerivative] ReadOnlySpan<double> data, int n) { double s = 0; for (int i = 0; i < v.Length; i++) { " + statement + " } return s; }"));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.DoesNotMatch(Calls("Scaled"), run.Sources.Single(s => s.Key.EndsWith(".F.g.cs", StringComparison.Ordinal)).Value);
    }

    [Fact]
    public void CalleesCallingEachOtherStayCallsAndTheGeneratorEnds()
    {
        // Ping and Pong call each other: neither is inlined (deciding one meets the other deciding it), and the cycle
        // is reported as it was before inlining existed.
        var run = GeneratorHarness.Run(Source("""
            [Differentiable] public static double Ping(double x) => x < 0.1 ? x : Pong(x * 0.5);
            [Differentiable] public static double Pong(double x) => Ping(x) + x;
            [Differentiable] public static double F(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { s += Ping(v[i]); } return s; }
            """));
        Assert.Contains(run.Diagnostics, d => d.Id == "SD0008");
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "SD0005");
    }

    [Fact]
    public void ALargeCalleeStaysACall()
    {
        var terms = string.Join(" + ", Enumerable.Range(1, 60).Select(k => $"Math.Sin({k} * x)"));
        Assert.Matches(Calls("Big"), Loop("s += Big(v[i]);", $"[Differentiable] public static double Big(double x) => {terms};"));
    }

    [Fact]
    public void ABodyOverScalarsKeepsItsFusedCalls()
    {
        var run = GeneratorHarness.Run(Source("[Differentiable] public static double F(double x) => Sq(x) * x;"));
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Matches(Calls("Sq"), run.Sources.Single(s => s.Key.EndsWith(".F.g.cs", StringComparison.Ordinal)).Value);
    }

    [Fact]
    public void ACalleeCallingItselfThroughItsArgumentsIsNotRecursion()
    {
        // F(a, F(b, c)): every argument is evaluated before the outer call binds its parameters.
        var run = GeneratorHarness.Run(Source("""
            [Differentiable] public static double Mix(double a, double b) => a * 0.75 + b * b;
            [Differentiable] public static double F(ReadOnlySpan<double> v) { double s = 0; for (int i = 1; i < v.Length; i++) { s += Mix(v[i], Mix(v[i - 1], s)); } return s; }
            """));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.DoesNotMatch(Calls("Mix"), run.Sources.Single(s => s.Key.EndsWith(".F.g.cs", StringComparison.Ordinal)).Value);
    }

    private static string Calls(string callee) => @"\b" + callee + @"(Gradient|Pullback|Pushforward)\(";

    private static string Loop(string statement, string extra = "")
    {
        var run = GeneratorHarness.Run(Source(extra + "\n[Differentiable] public static double F(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { " + statement + " } return s; }"));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        return run.Sources.Single(s => s.Key.EndsWith(".F.g.cs", StringComparison.Ordinal)).Value;
    }

    private static string Source(string members) => $$"""
        using System;
        using SymDiff;
        public static partial class C
        {
            {{Callees}}
            {{members}}
        }
        """;
}
