using System.Text.RegularExpressions;
using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymDiff.Generators.Emit;
using SymDiff.Generators.Model;
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
                return Clip(total, 100);
            }

            [Differentiable(Inline = false)] public static double Clip(double z, [NoDerivative] double limit) => z < limit ? z : limit;

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

    [Theory]
    [InlineData(nameof(Model), "Sigmoid(w * x)", "Sigmoid(w * x) * 2", "Demo.Model.Loss.")]
    [InlineData(nameof(LoopModel), "y[i] = k * x[i];", "y[i] = k * x[i] * x[i];", "Demo.Loops.Scale.")]
    public void EditingOneMethodsBodyRegeneratesOnlyItsFiles(string fixture, string body, string edited, string files)
    {
        var source = fixture == nameof(Model) ? Model : LoopModel;
        var first = GeneratorHarness.Run(TestOptions.AllKernels, source, Other);
        Assert.True(first.Sources.Count > 2, string.Join(", ", first.Sources.Keys));
        var second = Rerun(first, "File0.cs", source.Replace(body, edited, StringComparison.Ordinal));

        var regenerated = new[] { TrackingNames.MethodSources, TrackingNames.BatchSources }
            .SelectMany(step => second.TrackedSteps[step]).SelectMany(s => s.Outputs)
            .Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
            .Select(o => ((GeneratedFile)o.Value).HintName).ToList();
        Assert.NotEmpty(regenerated);
        Assert.All(regenerated, name => Assert.StartsWith(files, name, StringComparison.Ordinal));
        var outputs = second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.Equal(regenerated.Count, outputs.Count(o => o.Reason == IncrementalStepRunReason.Modified));
        Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Modified, $"an output was {o.Reason}"));
    }

    [Fact]
    public void EditingACalleeReEmitsOnlyTheCallee()
    {
        // The caller's derivatives call the callee's generated members: they depend on whether the callee is accepted,
        // not on its body.
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
    public void EditingAnInlinedHelperInAnotherFileRegeneratesItsCallerOnly()
    {
        // A helper with a ref parameter is inlined into its caller: the caller's derivatives hold its body.
        const string Callers = """
            using System;
            using SymDiff;
            namespace Demo;
            public static partial class Uses
            {
                [Differentiable] public static double WithHelper(double x) { double s = 0; Algebra.Accumulate(ref s, x); return s * x; }
                [Differentiable] public static double Without(double x) => x * x;
            }
            """;
        const string Helper = """
            namespace Demo;
            public static class Algebra { public static void Accumulate(ref double s, double v) => s += v * v; }
            """;
        var first = GeneratorHarness.Run(TestOptions.AllKernels, Callers, Helper);
        Assert.Empty(first.Diagnostics);
        var second = Rerun(first, "File1.cs", Helper.Replace("s += v * v", "s += v * v * v", StringComparison.Ordinal));
        var regenerated = second.TrackedSteps[TrackingNames.MethodSources].SelectMany(s => s.Outputs)
            .Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
            .Select(o => ((GeneratedFile)o.Value).HintName).ToList();
        Assert.Equal("Demo.Uses.WithHelper.g.cs", Assert.Single(regenerated));
        Assert.NotEqual(first.Sources["Demo.Uses.WithHelper.g.cs"], second.GeneratedSources.Single(g => g.HintName == "Demo.Uses.WithHelper.g.cs").SourceText.ToString());
    }

    [Fact]
    public void EditingACustomDerivativeInAnotherFileRegeneratesItsHessianCallerOnly()
    {
        // A caller that asks for Hessians differentiates its callee's custom derivative: its model holds that body.
        const string Callers = """
            using System;
            using SymDiff;
            namespace Demo;
            public static partial class Uses
            {
                [Differentiable(Hessian = true)] public static double Curved(double x) => Algebra.Cube(x) * x;
                [Differentiable] public static double Flat(double x) => Algebra.Cube(x) + x;
            }
            """;
        const string Derivative = """
            using SymDiff;
            namespace Demo;
            public static class Algebra
            {
                public static double Cube(double x) => x * x * x;
                [DerivativeOf(nameof(Cube))] public static double CubePullback(double x, double seed, ref double dX) { dX += seed * 3 * x * x; return Cube(x); }
            }
            """;
        var first = GeneratorHarness.Run(Callers, Derivative);
        Assert.Empty(first.Diagnostics);
        var second = Rerun(first, "File1.cs", Derivative.Replace("seed * 3 * x * x", "seed * (x * x * 3)", StringComparison.Ordinal));
        var regenerated = second.TrackedSteps[TrackingNames.MethodSources].SelectMany(s => s.Outputs)
            .Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
            .Select(o => ((GeneratedFile)o.Value).HintName).ToList();
        Assert.Equal("Demo.Uses.Curved.g.cs", Assert.Single(regenerated));
    }

    [Fact]
    public void CachedModelsHoldNoSymbolsSyntaxOrCompilation()
    {
        var run = GeneratorHarness.Run(TestOptions.AllKernels, Model, Other).Driver.GetRunResult().Results.Single();
        var values = Steps.SelectMany(step => run.TrackedSteps[step]).SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
        Assert.NotEmpty(values);
        foreach (var value in values)
        {
            Walk(value, new HashSet<object>(ReferenceEqualityComparer.Instance), "model", PinsACompilation);
        }
    }

    [Fact]
    public void LoopMethodsRerunOnClonedCompilationAreCached()
    {
        var first = GeneratorHarness.Run(TestOptions.AllKernels, LoopModel, Other);

        // Four derivative files; the all-scalar method in Other also gets its batched kernels.
        Assert.Equal(4, first.Sources.Keys.Count(k => !k.EndsWith(".Batch.g.cs", StringComparison.Ordinal)));
        var second = first.Driver.RunGenerators(first.Input.Clone()).GetRunResult().Results.Single();
        AssertAllCached(second);
    }

    [Theory]
    [InlineData("File0.cs")]
    [InlineData("File1.cs")]
    public void CommentOnlyEditReEmitsNoLoopMethod(string file)
    {
        // The edit in the loop methods' own file comes after them: the lowered programs are re-built and must compare
        // equal to the cached ones.
        var first = GeneratorHarness.Run(TestOptions.AllKernels, LoopModel, Other);
        var oldTree = first.Input.SyntaxTrees.Single(t => t.FilePath == file);
        var text = oldTree.GetText().ToString().Replace("will be edited", "was edited", StringComparison.Ordinal);
        var second = first.Driver.RunGenerators(first.Input.ReplaceSyntaxTree(oldTree, oldTree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text))))
            .GetRunResult().Results.Single();
        AssertAllCached(second);
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
        Assert.Equal(3, reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void EditingAnInlinedCalleeReEmitsItAndTheMethodsThatInlineIt()
    {
        // Loss inlines Sigmoid (InlinedCallees), so Loss's model holds Sigmoid's body: editing Sigmoid re-emits both, and
        // nothing else.
        var first = GeneratorHarness.Run(TestOptions.AllKernels, LoopModel, Other);
        var tree = first.Input.SyntaxTrees.Single(t => t.FilePath == "File0.cs");
        var source = LoopModel.Replace("1 / (1 + Math.Exp(-z))", "1 / (1 + Math.Exp(-2 * z))", StringComparison.Ordinal);
        Assert.NotEqual(LoopModel, source);
        var second = first.Driver.RunGenerators(first.Input.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(source))))
            .GetRunResult().Results.Single();
        var modified = new[] { TrackingNames.MethodSources }
            .SelectMany(step => second.TrackedSteps[step]).SelectMany(s => s.Outputs)
            .Where(o => o.Reason == IncrementalStepRunReason.Modified)
            .Select(o => ((GeneratedFile)o.Value).HintName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["Demo.Loops.Loss.g.cs", "Demo.Loops.Sigmoid.g.cs"], modified);
        Assert.Contains("Math.Exp(-2.0 * z", second.GeneratedSources.Single(s => s.HintName == "Demo.Loops.Loss.g.cs").SourceText.ToString(), StringComparison.Ordinal);
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
            Assert.Equal(3, reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
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
            Walk(value, new HashSet<object>(ReferenceEqualityComparer.Instance), "model", PinsACompilation);
        }
    }

    /// <summary>A plain method above the differentiable ones: editing it moves them down.</summary>
    private const string Helper = "public static int Count(int n) => n + 1;";

    /// <summary>Edits that move the differentiable methods of a fixture (after <see cref="Helper"/>) without changing them.</summary>
    public static TheoryData<string, string> MovingEdits
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var fixture in new[] { nameof(Model), nameof(LoopModel) })
            {
                foreach (var edit in new[] { "blank lines above", "a comment above", "a blank line between", "the method above" })
                {
                    data.Add(fixture, edit);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(MovingEdits))]
    public void MovingMethodsReEmitsNothing(string fixture, string edit)
    {
        var source = WithHelper(fixture == nameof(Model) ? Model : LoopModel);
        var first = GeneratorHarness.Run(TestOptions.AllKernels, source, Other);
        Assert.Contains(first.Sources.Keys, k => k.EndsWith(".Batch.g.cs", StringComparison.Ordinal));
        // Calls whose sites move with the edit: Sigmoid's in the scalar model; in the loop model Sigmoid is inlined
        // (InlinedCallees: its body moves too) and Clip, marked Inline = false, is called.
        var loss = first.Sources.Single(s => s.Key.EndsWith(".Loss.g.cs", StringComparison.Ordinal)).Value;
        Assert.Matches(fixture == nameof(Model) ? @"Sigmoid(Gradient|Pullback|Pushforward)\(" : @"Clip(Gradient|Pullback|Pushforward)\(", loss);
        Assert.Equal(fixture == nameof(Model), Regex.IsMatch(loss, @"Sigmoid(Gradient|Pullback|Pushforward)\("));

        var second = Rerun(first, "File0.cs", Moved(source, edit));

        // The edit did move the methods (discovery ran on them again); nothing after discovery may see it.
        Assert.Contains(second.TrackedSteps[TrackingNames.Methods].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        var steps = typeof(TrackingNames).GetFields().Select(f => (string)f.GetRawConstantValue()!).Except(new[] { TrackingNames.Methods, TrackingNames.Sites }).ToList();
        Assert.Contains(TrackingNames.EmitInputs, steps);
        foreach (var step in steps.Where(second.TrackedSteps.ContainsKey))
        {
            Assert.All(second.TrackedSteps[step].SelectMany(s => s.Outputs), o =>
                Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step} was {o.Reason} after {edit}"));
        }

        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o =>
            Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"an output re-ran after {edit}: {o.Reason}"));
        Assert.Equal(first.Sources.Count, second.GeneratedSources.Length);
    }

    [Theory]
    [InlineData(nameof(Model))]
    [InlineData(nameof(LoopModel))]
    public void ValuesThatFeedEmissionHoldNoPositions(string fixture)
    {
        var run = GeneratorHarness.Run(TestOptions.AllKernels, fixture == nameof(Model) ? Model : LoopModel, Other).Driver.GetRunResult().Results.Single();
        var steps = new[]
        {
            TrackingNames.MethodModels, TrackingNames.CallGraph, TrackingNames.EmitInputs, TrackingNames.MemberCollisions,
            TrackingNames.HintNames, TrackingNames.MethodOutputs, TrackingNames.BatchInputs,
        };
        var values = steps.SelectMany(step => run.TrackedSteps[step]).SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
        Assert.Contains(values, v => v.ToString()!.Contains("CallModel", StringComparison.Ordinal));
        foreach (var value in values)
        {
            Walk(value, new HashSet<object>(ReferenceEqualityComparer.Instance), "value", DependsOnPosition);
        }
    }

    /// <summary>The diagnostics the generator reports itself (not the analyzer's), each on its <c>[|span|]</c>.</summary>
    private const string Rejected = """
        using System;
        using SymDiff;
        public static partial class P
        {
            public static int Count(int n) => n + 1;
            [Differentiable] static double G(double x) { try { x *= 2; } finally { } return x; }
            [Differentiable] static double F(double x) => [|G(x)|] * x;
            [Differentiable] static double A(double x) => x > 1 ? [|B(x / 2)|] : x;
            [Differentiable] static double B(double x) => [|A(x)|] * 2;
            [Differentiable] public static double Ov(double x, double y) => x * y;
            [Differentiable] public static double [|Ov|](double x, [NoDerivative] double y, [NoDerivative] double z) => x * y * z;
        }
        """;

    [Theory]
    [InlineData("blank lines above")]
    [InlineData("a comment above")]
    [InlineData("a blank line between")]
    [InlineData("the method above")]
    public void DiagnosticsOfTheGeneratorFollowMovedMethods(string edit)
    {
        var (source, spans) = Markup.ParseAll(Rejected);
        var first = GeneratorHarness.Run(source);
        Assert.Equal(new[] { "SD0022", "SD0008", "SD0008", "SD0021" }, first.GeneratorDiagnostics.OrderBy(d => d.Location.SourceSpan.Start).Select(d => d.Id));
        Assert.Equal(spans, first.GeneratorDiagnostics.Select(d => d.Location.SourceSpan).OrderBy(s => s.Start));

        var (moved, movedSpans) = Markup.ParseAll(Moved(Rejected, edit));
        var second = Rerun(first, "File0.cs", moved);
        var lines = Microsoft.CodeAnalysis.Text.SourceText.From(moved).Lines;
        var reported = second.Diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.Equal(new[] { "SD0022", "SD0008", "SD0008", "SD0021" }, reported.Select(d => d.Id));
        Assert.Equal(movedSpans, reported.Select(d => d.Location.SourceSpan));
        Assert.Equal(movedSpans.Select(s => lines.GetLinePosition(s.Start).Line), reported.Select(d => d.Location.GetLineSpan().StartLinePosition.Line));
        Assert.All(reported, d => Assert.Equal("File0.cs", d.Location.GetLineSpan().Path));
        Assert.NotEqual(spans, movedSpans);
    }

    [Fact]
    public void SwappingCollidingOverloadsRejectsTheOneNowSecond()
    {
        const string Two = "[Differentiable] public static double Ov(double x, double y) => x * y;";
        const string Three = "[Differentiable] public static double Ov(double x, [NoDerivative] double y, [NoDerivative] double z) => x * y * z;";
        static string Declaring(string first, string second) => $"using SymDiff;\npublic static partial class P\n{{\n    {first}\n    {second}\n}}\n";
        var first = GeneratorHarness.Run(Declaring(Two, Three));
        var rejected = Assert.Single(first.GeneratorDiagnostics);
        Assert.Equal(("SD0021", 4), (rejected.Id, rejected.Location.GetLineSpan().StartLinePosition.Line));

        var second = Rerun(first, "File0.cs", Declaring(Three, Two));
        rejected = Assert.Single(second.Diagnostics);
        Assert.Equal(("SD0021", 4), (rejected.Id, rejected.Location.GetLineSpan().StartLinePosition.Line));
        Assert.Contains("for 'Ov(double, double)', which", rejected.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("double z", Assert.Single(second.GeneratedSources).SourceText.ToString(), StringComparison.Ordinal);
    }

    /// <summary><paramref name="source"/> with <see cref="Helper"/> as the first member of its type.</summary>
    private static string WithHelper(string source)
    {
        var open = source.IndexOf("\n{\n", StringComparison.Ordinal) + 3;
        return source.Insert(open, "    " + Helper + "\n");
    }

    /// <summary><paramref name="source"/> (whose first member is <see cref="Helper"/>) after <paramref name="edit"/>.</summary>
    private static string Moved(string source, string edit)
    {
        var below = source.IndexOf(Helper, StringComparison.Ordinal) + Helper.Length + 1;
        var between = source.IndexOf("[Differentiable]", below + 1, StringComparison.Ordinal);
        between = source.IndexOf("[Differentiable]", between + 1, StringComparison.Ordinal);
        var moved = edit switch
        {
            "blank lines above" => source.Insert(below, "\n\n\n"),
            "a comment above" => source.Insert(below, "    // The methods below move down.\n"),
            "a blank line between" => source.Insert(source.LastIndexOf('\n', between) + 1, "\n"),
            "the method above" => source.Replace(Helper, Helper.Replace("n + 1", "checked(n * n + 2 * n + 1)", StringComparison.Ordinal), StringComparison.Ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(edit), edit, "not an edit of these tests"),
        };
        Assert.NotEqual(source, moved);
        return moved;
    }

    private static GeneratorRunResult Rerun(GeneratorRun first, string file, string text)
    {
        var tree = first.Input.SyntaxTrees.Single(t => t.FilePath == file);
        var edited = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text));
        return first.Driver.RunGenerators(first.Input.ReplaceSyntaxTree(tree, edited)).GetRunResult().Results.Single();
    }

    /// <summary>Every step of the generator's (named or not) re-used or recomputed equal, every output <see cref="IncrementalStepRunReason.Cached"/>.</summary>
    private static void AssertAllCached(GeneratorRunResult result) => PipelineCaching.AssertCached(result);

    private static string? PinsACompilation(object value) =>
        value is ISymbol or SyntaxNode or SyntaxTree or Compilation or SemanticModel or IOperation or Location
            ? "which pins a compilation in memory and defeats caching"
            : null;

    private static string? DependsOnPosition(object value) =>
        value is LocationInfo or Microsoft.CodeAnalysis.Text.TextSpan or Microsoft.CodeAnalysis.Text.LinePositionSpan or Microsoft.CodeAnalysis.Text.LinePosition
            ? "which changes when the method moves, so a method that moved would be emitted again"
            : PinsACompilation(value);

    /// <summary>Fails when anything reachable from <paramref name="value"/> is what <paramref name="forbidden"/> says why it must not be.</summary>
    private static void Walk(object? value, HashSet<object> seen, string path, Func<object, string?> forbidden)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        var why = forbidden(value);
        Assert.True(why is null, $"{path} holds a {value.GetType().Name}, {why}");
        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                Walk(item, seen, $"{path}[{i++}]", forbidden);
            }

            return;
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            Walk(property.GetValue(value), seen, $"{path}.{property.Name}", forbidden);
        }

        // Tuples (the values of several steps) keep their items in fields.
        foreach (var field in value.GetType().GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            Walk(field.GetValue(value), seen, $"{path}.{field.Name}", forbidden);
        }
    }
}
