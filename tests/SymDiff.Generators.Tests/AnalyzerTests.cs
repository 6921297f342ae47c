using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// The analyzer is where editors and language servers get SymDiff's rejections: they ask the compilation's analyzers,
/// never the generator. Each rejection must come from the analyzer alone, once, at its node.
/// </summary>
public sealed class AnalyzerTests
{
    [Theory]
    [InlineData("SD0001", "public static class [|NotPartial|] { [Differentiable] public static double F(double x) => x; }")]
    [InlineData("SD0007", "public static partial class C { static double G(double x) => x * x; [Differentiable] public static double F(double x) => [|G(x)|] + 1; }")]
    [InlineData("SD0005", "public static partial class C { [Differentiable] public static double F(double x) { [|try|] { x *= 2; } finally { } return x; } }")]
    [InlineData("SD0011", "public static partial class C { [DerivativeOf(\"Missing\")] static double [|MissingPullback|](double x, double seed, ref double dX) => x; }")]
    [InlineData("SD0017", "public static partial class C { [Differentiable] public static double F(double[] v) { [|v[0]|] = 1; return v[0] * v[1]; } }")]
    [InlineData("SD0023", "public static partial class C { [Differentiable] public static double F(Span<double> [|v|]) { v[0] *= 2; return v[0] * v[1]; } }")]
    public void AnalyzerAloneReportsEachRejectionOnceAtItsNode(string id, string markup)
    {
        var (source, span) = Markup.Parse("using System;\nusing SymDiff;\n" + markup);
        var run = GeneratorHarness.Run(source);

        var diagnostic = Assert.Single(run.AnalyzerDiagnostics, d => d.Id == id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Same(run.Input.SyntaxTrees.Single(), diagnostic.Location.SourceTree);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == id);
        Assert.DoesNotContain(run.Sources.Keys, hint => hint.Contains(".F.", StringComparison.Ordinal));
    }

    /// <summary>
    /// An editor analyzing one document asks for the diagnostics local to it: those an action reports inside the node it
    /// analyzes. SD0001 and SD0020 sit on a type's name, outside the method, so they must come from the type's own
    /// action, or editors show them only after a build and quick fixes never see them.
    /// </summary>
    [Theory]
    [InlineData("SD0001", "public static class [|NotPartial|] { [Differentiable] public static double F(double x) => x; }")]
    [InlineData("SD0001", "public static class [|Outer|] { public static partial class Inner { [Differentiable] public static double F(double x) => x; } }")]
    [InlineData("SD0020", "file static partial class [|Hidden|] { [Differentiable] public static double F(double x) => x; }")]
    public async Task RejectionsOnATypeAreLocalToItsDocument(string id, string markup)
    {
        var (source, span) = Markup.Parse("using System;\nusing SymDiff;\n" + markup);
        var compilation = GeneratorHarness.Compile(source);
        var analyzer = new Analysis.DifferentiableAnalyzer();
        var result = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(analyzer)).GetAnalysisResultAsync(CancellationToken.None);

        var local = result.SemanticDiagnostics.TryGetValue(compilation.SyntaxTrees.Single(), out var byAnalyzer) && byAnalyzer.TryGetValue(analyzer, out var found)
            ? found
            : ImmutableArray<Diagnostic>.Empty;
        var diagnostic = Assert.Single(local, d => d.Id == id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.DoesNotContain(result.CompilationDiagnostics.Values.SelectMany(d => d), d => d.Id == id);
    }

    [Fact]
    public void CallToAMethodWithAUserDerivativeInAnotherTypeIsNotReported()
    {
        var run = GeneratorHarness.Run("""
            using SymDiff;
            public static class Special { public static double Softplus(double x) => System.Math.Log(1 + System.Math.Exp(x)); }
            public static partial class Rules
            {
                [DerivativeOf(typeof(Special), nameof(Special.Softplus))]
                public static double SoftplusPullback(double x, double seed, ref double dX) { dX += seed / (1 + System.Math.Exp(-x)); return Special.Softplus(x); }
            }
            public static partial class C { [Differentiable] public static double F(double x) => Special.Softplus(x) * x; }
            """);
        Assert.Empty(run.Diagnostics);
        Assert.Contains("C.F.g.cs", run.Sources.Keys);
    }

    [Fact]
    public void ProjectsWithoutSymDiffAreNotAnalyzed()
    {
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "Plain",
            new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("public static class C { public static double F(double x) => x; }") },
            new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) });
        Assert.Empty(GeneratorHarness.Analyze(compilation));
    }
}
