using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymDiff.Generators.Emit;
using SymDiff.Generators.Lowering;
using SymDiff.Generators.Model;
using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// An emitter that fails is reported on its method's name, where the method is now: the failure travels the cached
/// pipeline without a location (so it stays equal when the method moves) and is located when it is reported.
/// </summary>
public sealed class EmitterFailureTests
{
    private const string Source = """
        using SymDiff;
        public static partial class P
        {
            public static int Count(int n) => n + 1;
            [Differentiable] public static double Sq(double x) => x * x;
        }
        """;

    [Theory]
    [InlineData("SD0024", "deeper than the compiler's stack allows")]
    [InlineData("SD0099", "the emitter failed")]
    public void FailureIsReportedWhereTheMethodIsNow(string id, string message)
    {
        var moved = Source.Replace("n + 1;", "n + 1;\n\n    // Sq is now three lines further down.", StringComparison.Ordinal);
        var (before, beforeSites) = Lower(Source);
        var (after, afterSites) = Lower(moved);
        Assert.Equal(before, after);
        Assert.NotEqual(beforeSites, afterSites);

        Exception Failure() => id == "SD0024" ? new InsufficientExecutionStackException() : new InvalidOperationException(message);
        var failed = GeneratedFile.Emit("P.Sq.g.cs", before, () => throw Failure());
        Assert.Null(failed.Text);
        Assert.Equal(failed, GeneratedFile.Emit("P.Sq.g.cs", after, () => throw Failure()));

        var diagnostic = failed.Failure!.Locate(new SourceSites(new[] { afterSites }.ToEquatableArray())).ToDiagnostic();
        Assert.Equal(id, diagnostic.Id);
        Assert.Contains(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var line = moved.Split('\n').ToList().FindIndex(l => l.Contains("Sq(double x)", StringComparison.Ordinal));
        Assert.Equal(line, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal("Sq", moved.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }

    [Fact]
    public void FilesAreEqualWhenTheirTextsAre()
    {
        var (model, _) = Lower(Source);
        var text = GeneratedFile.Emit("P.Sq.g.cs", model, () => "partial class P { }");
        Assert.Null(text.Failure);
        Assert.Equal(text, GeneratedFile.Emit("P.Sq.g.cs", model, () => string.Concat("partial class P ", "{ }")));
        Assert.NotEqual(text, GeneratedFile.Emit("P.Sq.g.cs", model, () => "partial class P { int x; }"));
        Assert.NotEqual(text, GeneratedFile.Emit("P.Sq.2.g.cs", model, () => "partial class P { }"));
    }

    private static (MethodModel Model, MethodSites Sites) Lower(string source)
    {
        var compilation = GeneratorHarness.Compile(source);
        var tree = compilation.SyntaxTrees.Single();
        var syntax = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == "Sq");
        var semanticModel = compilation.GetSemanticModel(tree);
        var lowered = MethodModelBuilder.Build((IMethodSymbol)semanticModel.GetDeclaredSymbol(syntax)!, syntax, semanticModel, CancellationToken.None);
        return (lowered.Model!, lowered.Sites!);
    }
}
