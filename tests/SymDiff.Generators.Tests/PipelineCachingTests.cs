using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymDiff.Generators.Tests.Infrastructure;
using Xunit.Sdk;

namespace SymDiff.Generators.Tests;

/// <summary>
/// The check every generator run makes (<see cref="PipelineCaching"/>): the pipeline's steps are named from
/// <see cref="TrackingNames"/>, none of those names is stale, and a step without value equality is caught.
/// </summary>
public sealed class PipelineCachingTests
{
    /// <summary>
    /// A program that takes every step: a custom derivative, a call, kernels (GPU ones too, element-wise and per example),
    /// a rejection the generator reports.
    /// </summary>
    private const string EveryStep = """
        using System;
        using SymDiff;
        public static class Special { public static double Softplus(double x) => Math.Log(1 + Math.Exp(x)); }
        public static partial class Rules
        {
            [DerivativeOf(typeof(Special), nameof(Special.Softplus))]
            public static double SoftplusPullback(double x, double seed, ref double dX) { dX += seed / (1 + Math.Exp(-x)); return Special.Softplus(x); }
        }
        public static partial class C
        {
            [Differentiable] public static double F(double x) => Special.Softplus(x) * x;
            [Differentiable] public static double G(double x) { try { x *= 2; } finally { } return x; }
            [Differentiable] public static double H(double x) => G(x) * F(x);
            [Differentiable] public static double K(double x) => x * Math.Tanh(x);
            [Differentiable] public static double L(ReadOnlySpan<double> w, [NoDerivative(PerElement = true)] ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) { s += w[i] * x[i]; }
                return s * s;
            }
        }
        """;

    [Fact]
    public void EveryTrackingNameIsAStepOfARun()
    {
        var compilation = GeneratorHarness.CompileWith(GeneratorHarness.IlgpuWithRuntime, EveryStep);
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(TestOptions.AllKernels), compilation).Driver.GetRunResult().Results.Single();
        Assert.Contains(run.GeneratedSources, s => s.HintName.EndsWith(".Batch.g.cs", StringComparison.Ordinal));
        Assert.Contains(run.GeneratedSources, s => s.HintName.EndsWith(".Gpu.g.cs", StringComparison.Ordinal));
        Assert.Contains(run.GeneratedSources, s => s.HintName == "C.L.Gpu.g.cs");
        Assert.Contains(run.Diagnostics, d => d.Id == "SD0022");

        var stale = PipelineCaching.TrackingNameList.Where(name => !run.TrackedSteps.ContainsKey(name)).ToList();
        Assert.True(stale.Count == 0, $"{nameof(TrackingNames)} that name no step of the pipeline: {string.Join(", ", stale)}");
    }

    [Fact]
    public void TrackingNamesAreReadFromTheConstants()
    {
        Assert.Contains(TrackingNames.EmitInputs, PipelineCaching.TrackingNameList);
        Assert.Contains(TrackingNames.ReportedDiagnostics, PipelineCaching.TrackingNameList);
        Assert.Equal(PipelineCaching.TrackingNameList.Count, PipelineCaching.TrackingNameList.Distinct().Count());
    }

    [Fact]
    public void AStepNamedOutsideTheListFails()
    {
        var rerun = RunTwice(new ToyGenerator("Stray", equatable: true));
        var failure = Assert.Throws<TrueException>(() => PipelineCaching.AssertNamedFrom(rerun, PipelineCaching.TrackingNameList));
        Assert.Contains("Stray", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Boxes")]
    [InlineData(null)]
    public void AStepWithoutValueEqualityFailsTheRerun(string? trackingName)
    {
        var rerun = RunTwice(new ToyGenerator(trackingName, equatable: false));
        var failure = Assert.Throws<TrueException>(() => PipelineCaching.AssertCached(rerun));
        Assert.Contains(trackingName is null ? "an unnamed step feeding SourceOutput was Modified" : "step Boxes was Modified", failure.Message, StringComparison.Ordinal);
        Assert.Contains("a ReferenceBox", failure.Message, StringComparison.Ordinal);
        Assert.Contains("output SourceOutput was Modified", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AStepWithValueEqualityPassesTheRerun()
    {
        var rerun = RunTwice(new ToyGenerator("Boxes", equatable: true));
        Assert.Contains("Boxes", rerun.TrackedSteps.Keys);
        PipelineCaching.AssertCached(rerun);
    }

    [Fact]
    public void AStepWithoutValueEqualityBehindACachedStepFailsTheFreshRun()
    {
        // On a clone of the compilation only the steps that read it run again: the boxes behind the cached name are
        // re-used, so only computing them afresh shows that they are not equal.
        var generator = new ToyGenerator("Boxes", equatable: false, behindACachedStep: true);
        var (first, rerun) = (Run(generator, twice: false), RunTwice(generator));
        PipelineCaching.AssertCached(rerun);
        var failure = Assert.Throws<TrueException>(() => PipelineCaching.AssertValuesEqual(first, Run(generator, twice: false), new[] { "Names", "Boxes" }));
        Assert.Contains("step Boxes: value 0, a ReferenceBox, is not equal", failure.Message, StringComparison.Ordinal);

        var equatable = new ToyGenerator("Boxes", equatable: true, behindACachedStep: true);
        PipelineCaching.AssertValuesEqual(Run(equatable, twice: false), Run(equatable, twice: false), new[] { "Names", "Boxes" });
    }

    private static GeneratorRunResult RunTwice(IIncrementalGenerator generator) => Run(generator, twice: true);

    /// <summary>Runs <paramref name="generator"/> on a fresh driver, and when <paramref name="twice"/> once more on a clone of the compilation.</summary>
    private static GeneratorRunResult Run(IIncrementalGenerator generator, bool twice)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { generator.AsSourceGenerator() },
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        var compilation = GeneratorHarness.Compile("public static class C { }");
        driver = driver.RunGenerators(compilation);
        return (twice ? driver.RunGenerators(compilation.Clone()) : driver).GetRunResult().Results.Single();
    }

    /// <summary>
    /// Boxes the assembly name, in a record (value equality) or a plain class (reference equality), and adds it as a
    /// file; the box is made from the compilation, or <paramref name="behindACachedStep"/> from a step named <c>Names</c> that reads it.
    /// </summary>
    private sealed class ToyGenerator(string? trackingName, bool equatable, bool behindACachedStep = false) : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var boxes = behindACachedStep
                ? context.CompilationProvider.Select(static (compilation, _) => compilation.AssemblyName!).WithTrackingName("Names").Select((name, _) => Box(name))
                : context.CompilationProvider.Select((compilation, _) => Box(compilation.AssemblyName!));
            if (trackingName is not null)
            {
                boxes = boxes.WithTrackingName(trackingName);
            }

            context.RegisterSourceOutput(boxes, static (spc, box) => spc.AddSource("Box.g.cs", "// " + box));
        }

        private object Box(string name) => equatable ? new ValueBox(name) : new ReferenceBox(name);
    }

    private sealed record ValueBox(string Name);

    private sealed class ReferenceBox(string name)
    {
        public override string ToString() => name;
    }
}
