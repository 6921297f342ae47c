using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>The pipeline caches: unrelated edits re-emit nothing, and cached models hold only plain data.</summary>
public sealed class IncrementalTests
{
    private const string Model = """
        using System;
        using SymDiff;
        namespace Demo;
        public static partial class Model
        {
            [Differentiable] public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
            [Differentiable] public static double Loss(double w, [NoDerivative] double x) => Sigmoid(w * x);
        }
        """;

    private const string Other = """
        namespace Demo;
        // A comment that will be edited.
        public static class Helpers { public static int Twice(int x) => 2 * x; }
        """;

    private const string LoopModel = """
        using System;
        using SymDiff;
        namespace Demo;
        public static partial class Loops
        {
            [Differentiable] public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

            [Differentiable]
            public static double Loss(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] double limit)
            {
                Span<double> h = stackalloc double[w.Length];
                double total = 0;
                for (int i = 0; i < w.Length; i++)
                {
                    h[i] = Sigmoid(w[i] * x[i]);
                    if (h[i] > limit) { break; }
                    total += h[i] > 0.5 ? h[i] : -h[i];
                }

                int k = 0;
                while (k < w.Length && total < 10) { total += w[k] * w[k]; k++; }
                foreach (var v in h) { total += v; }
                return total;
            }

            [Differentiable]
            public static void Scale(ReadOnlySpan<double> x, double k, Span<double> y)
            {
                for (int i = 0; i < x.Length; i++) { y[i] = k * x[i]; }
            }
        }
        // A comment after the loop methods that will be edited.
        """;

    private static readonly string[] Steps =
    {
        TrackingNames.Methods, TrackingNames.MethodModels,
        TrackingNames.CustomDerivativeRegistry, TrackingNames.CallGraph, TrackingNames.EmitInputs, TrackingNames.AllowsUnsafe, TrackingNames.BatchInputs,
    };

    [Fact]
    public void RerunOnClonedCompilationIsCached()
    {
        var first = GeneratorHarness.Run(TestOptions.AllKernels, Model, Other);
        var second = first.Driver.RunGenerators(first.Input.Clone()).GetRunResult().Results.Single();
        AssertAllCached(second);
    }

    [Fact]
    public void CommentOnlyEditInAnotherFileReEmitsNothing()
    {
        var first = GeneratorHarness.Run(TestOptions.AllKernels, Model, Other);
        var oldTree = first.Input.SyntaxTrees.Single(t => t.FilePath == "File1.cs");
        var newTree = oldTree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Other.Replace("will be edited", "was edited", StringComparison.Ordinal)));
        var second = first.Driver.RunGenerators(first.Input.ReplaceSyntaxTree(oldTree, newTree)).GetRunResult().Results.Single();
        AssertAllCached(second);
        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o =>
            Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"an output re-ran: {o.Reason}"));
    }

    [Fact]
    public void EditingOneMethodReEmitsOnlyThatMethod()
    {
        var first = GeneratorHarness.Run(TestOptions.AllKernels, Model, Other);
        var tree = first.Input.SyntaxTrees.Single(t => t.FilePath == "File0.cs");
        var edited = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Model.Replace("Sigmoid(w * x)", "Sigmoid(w * x) * 2", StringComparison.Ordinal)));
        var second = first.Driver.RunGenerators(first.Input.ReplaceSyntaxTree(tree, edited)).GetRunResult().Results.Single();
        var reasons = second.TrackedSteps[TrackingNames.EmitInputs].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(1, reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void EditingACalleeReEmitsOnlyTheCallee()
    {
        // The caller's derivatives call the callee's generated members: they depend on whether the callee is accepted,
        // not on its body. (The edit keeps the text's length, so the caller's locations do not move.)
        var first = GeneratorHarness.Run(TestOptions.AllKernels, Model, Other);
        var tree = first.Input.SyntaxTrees.Single(t => t.FilePath == "File0.cs");
        var edited = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Model.Replace("1 / (1 + Math.Exp(-z))", "2 / (1 + Math.Exp(-z))", StringComparison.Ordinal)));
        var second = first.Driver.RunGenerators(first.Input.ReplaceSyntaxTree(tree, edited)).GetRunResult().Results.Single();
        Assert.All(second.TrackedSteps[TrackingNames.CallGraph].SelectMany(s => s.Outputs), o =>
            Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"the call graph was {o.Reason}"));
        var reasons = second.TrackedSteps[TrackingNames.EmitInputs].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(1, reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void CachedModelsHoldNoSymbolsSyntaxOrCompilation()
    {
        var run = GeneratorHarness.Run(TestOptions.AllKernels, Model, Other).Driver.GetRunResult().Results.Single();
        var values = Steps.SelectMany(step => run.TrackedSteps[step]).SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
        Assert.NotEmpty(values);
        foreach (var value in values)
        {
            Walk(value, new HashSet<object>(ReferenceEqualityComparer.Instance), "model");
        }
    }

    [Fact]
    public void LoopMethodsRerunOnClonedCompilationAreCached()
    {
        var first = GeneratorHarness.Run(TestOptions.AllKernels, LoopModel, Other);

        // Three derivative files; the all-scalar method in Other also gets its batched kernels.
        Assert.Equal(3, first.Sources.Keys.Count(k => !k.EndsWith(".Batch.g.cs", StringComparison.Ordinal)));
        var second = first.Driver.RunGenerators(first.Input.Clone()).GetRunResult().Results.Single();
        AssertAllCached(second);
    }

    [Theory]
    [InlineData("File0.cs")]
    [InlineData("File1.cs")]
    public void CommentOnlyEditReEmitsNoLoopMethod(string file)
    {
        // The edit in the loop methods' own file comes after them, so no location in their models moves: the lowered
        // programs are re-built and must compare equal to the cached ones.
        var first = GeneratorHarness.Run(TestOptions.AllKernels, LoopModel, Other);
        var oldTree = first.Input.SyntaxTrees.Single(t => t.FilePath == file);
        var text = oldTree.GetText().ToString().Replace("will be edited", "was edited", StringComparison.Ordinal);
        var second = first.Driver.RunGenerators(first.Input.ReplaceSyntaxTree(oldTree, oldTree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text))))
            .GetRunResult().Results.Single();
        AssertAllCached(second);
        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o =>
            Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"an output re-ran: {o.Reason}"));
        if (file == "File0.cs")
        {
            Assert.Contains(second.TrackedSteps[TrackingNames.Methods].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Unchanged);
        }
    }

    [Fact]
    public void EditingALoopBodyReEmitsOnlyThatMethod()
    {
        var first = GeneratorHarness.Run(TestOptions.AllKernels, LoopModel, Other);
        var tree = first.Input.SyntaxTrees.Single(t => t.FilePath == "File0.cs");
        var edited = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(LoopModel.Replace("y[i] = k * x[i];", "y[i] = k * x[i] * x[i];", StringComparison.Ordinal)));
        var second = first.Driver.RunGenerators(first.Input.ReplaceSyntaxTree(tree, edited)).GetRunResult().Results.Single();
        var reasons = second.TrackedSteps[TrackingNames.EmitInputs].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(2, reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void AddingOrChangingCheckpointReEmitsOnlyThatMethod()
    {
        var first = GeneratorHarness.Run(TestOptions.AllKernels, LoopModel, Other);
        foreach (var attribute in new[] { "[Differentiable, Checkpoint]", "[Differentiable, Checkpoint(Every = 8)]" })
        {
            var tree = first.Input.SyntaxTrees.Single(t => t.FilePath == "File0.cs");
            var source = LoopModel.Replace("[Differentiable]\n    public static void Scale", attribute + "\n    public static void Scale", StringComparison.Ordinal);
            Assert.NotEqual(LoopModel, source);
            var edited = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(source));
            var second = first.Driver.RunGenerators(first.Input.ReplaceSyntaxTree(tree, edited)).GetRunResult();
            var reasons = second.Results.Single().TrackedSteps[TrackingNames.EmitInputs].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
            Assert.Equal(2, reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
            Assert.Contains("[Checkpoint]", second.GeneratedTrees.Single(t => t.FilePath.Contains("Loops.Scale", StringComparison.Ordinal)).ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CachedLoopModelsHoldNoSymbolsSyntaxOrCompilation()
    {
        var run = GeneratorHarness.Run(TestOptions.AllKernels, LoopModel, Other).Driver.GetRunResult().Results.Single();
        var values = Steps.SelectMany(step => run.TrackedSteps[step]).SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
        Assert.Contains(values, v => v.ToString()!.Contains("LoopProgram", StringComparison.Ordinal));
        foreach (var value in values)
        {
            Walk(value, new HashSet<object>(ReferenceEqualityComparer.Instance), "model");
        }
    }

    private static void AssertAllCached(GeneratorRunResult result)
    {
        foreach (var step in Steps)
        {
            Assert.All(result.TrackedSteps[step].SelectMany(s => s.Outputs), o =>
                Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step} was {o.Reason}"));
        }
    }

    private static void Walk(object? value, HashSet<object> seen, string path)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(value is ISymbol or SyntaxNode or SyntaxTree or Compilation or SemanticModel or IOperation or Location,
            $"{path} holds a {value.GetType().Name}, which pins a compilation in memory and defeats caching");
        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                Walk(item, seen, $"{path}[{i++}]");
            }

            return;
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            Walk(property.GetValue(value), seen, $"{path}.{property.Name}");
        }
    }
}
