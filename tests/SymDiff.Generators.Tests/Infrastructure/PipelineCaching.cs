using System.Reflection;
using Microsoft.CodeAnalysis;

namespace SymDiff.Generators.Tests.Infrastructure;

/// <summary>
/// What every generator run of the tests checks about the incremental pipeline: its steps are named from
/// <see cref="TrackingNames"/>, and running the same driver again on a clone of the compilation (nothing changed)
/// re-uses every step and regenerates no output. A step whose value lacks value equality (a class without
/// <c>Equals</c>, a record holding an array, a symbol or a syntax node) compares unequal to itself across runs and
/// shows up here as <see cref="IncrementalStepRunReason.Modified"/>.
/// </summary>
internal static class PipelineCaching
{
    /// <summary>The constants of <see cref="TrackingNames"/>, read by reflection so that a new one is checked without listing it here.</summary>
    public static IReadOnlyList<string> TrackingNameList { get; } = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    /// <summary>The names Roslyn gives its own steps: the compilation's inputs, the outputs, and those inside <c>ForAttributeWithMetadataName</c>.</summary>
    private static readonly HashSet<string> RoslynInputsAndOutputs = typeof(WellKnownGeneratorInputs).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Concat(typeof(WellKnownGeneratorOutputs).GetFields(BindingFlags.Public | BindingFlags.Static))
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Append("CompilationOptions") // the input ForAttributeWithMetadataName reads its global aliases from, not public
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>True for a step Roslyn names itself; such steps may hold the compilation, so they change with every compilation.</summary>
    public static bool IsRoslyns(string name) =>
        RoslynInputsAndOutputs.Contains(name) || name.Contains("_ForAttribute", StringComparison.Ordinal);

    /// <summary>
    /// Checks the pipeline of a run: <paramref name="ran"/> (<paramref name="before"/> after running on
    /// <paramref name="compilation"/>) runs on a clone of the compilation and must re-use every step and regenerate no
    /// output; <paramref name="before"/> runs on the compilation once more, computing every step again, and each named
    /// step must produce values equal to the first run's (the clone re-runs only the steps that read the compilation,
    /// so this is where a model without value equality further down shows). Runs only the generator: the generated code
    /// is not compiled again.
    /// </summary>
    public static void AssertRerunIsCached(GeneratorDriver before, GeneratorDriver ran, Compilation compilation)
    {
        var first = ran.GetRunResult().Results.Single();
        var rerun = ran.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();
        Assert.True(rerun.Exception is null, $"the generator threw on an unchanged compilation: {rerun.Exception}");
        AssertNamedFrom(rerun, TrackingNameList);
        AssertCached(rerun);
        AssertValuesEqual(first, before.RunGenerators(compilation).GetRunResult().Results.Single(), TrackingNameList);
    }

    /// <summary>Fails when a step named in <paramref name="names"/> computed values in <paramref name="again"/> that are not equal to those of <paramref name="first"/>.</summary>
    public static void AssertValuesEqual(GeneratorRunResult first, GeneratorRunResult again, IReadOnlyCollection<string> names)
    {
        foreach (var name in names.Where(first.TrackedSteps.ContainsKey))
        {
            var expected = Values(first, name);
            var actual = Values(again, name);
            Assert.True(expected.Count == actual.Count, $"step {name} gave {expected.Count} values, then {actual.Count} on the same compilation");
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.True(
                    Equals(expected[i], actual[i]),
                    $"step {name}: value {i}, a {expected[i].GetType().Name}, is not equal to the same value computed again from the same compilation (a type without value equality: a class without Equals, an array, a symbol?)");
            }
        }
    }

    private static List<object> Values(GeneratorRunResult run, string name) =>
        run.TrackedSteps.TryGetValue(name, out var steps) ? steps.SelectMany(s => s.Outputs).Select(o => o.Value).ToList() : new List<object>();

    /// <summary>Fails when a step of <paramref name="run"/> has a name that is neither in <paramref name="names"/> nor Roslyn's.</summary>
    public static void AssertNamedFrom(GeneratorRunResult run, IReadOnlyCollection<string> names)
    {
        var unknown = run.TrackedSteps.Keys.Where(name => !IsRoslyns(name) && !names.Contains(name)).OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.True(unknown.Count == 0, $"pipeline steps named outside {nameof(TrackingNames)}: {string.Join(", ", unknown)}");
    }

    /// <summary>
    /// Fails when a step of the generator's own (named or not, reached from the outputs through their inputs) did not
    /// come from the cache or recompute an equal value, or when an output was not <see cref="IncrementalStepRunReason.Cached"/>.
    /// An unnamed step is named by the nearest named step it feeds.
    /// </summary>
    public static void AssertCached(GeneratorRunResult rerun)
    {
        var seen = new HashSet<IncrementalGeneratorRunStep>(ReferenceEqualityComparer.Instance);
        var problems = new List<string>();
        foreach (var (kind, steps) in rerun.TrackedOutputSteps)
        {
            foreach (var step in steps)
            {
                foreach (var output in step.Outputs.Where(o => o.Reason != IncrementalStepRunReason.Cached))
                {
                    problems.Add($"output {kind} was {output.Reason} (fed by {Describe(step.Inputs.FirstOrDefault().Source, kind)})");
                }

                Visit(step, kind, seen, problems);
            }
        }

        Assert.True(problems.Count == 0, "re-running on an unchanged compilation did not re-use the pipeline:\n" + string.Join("\n", problems.Distinct()));
    }

    private static void Visit(IncrementalGeneratorRunStep step, string feeds, HashSet<IncrementalGeneratorRunStep> seen, List<string> problems)
    {
        foreach (var (source, _) in step.Inputs)
        {
            // Roslyn's own steps hold the compilation or its trees: they change with the compilation, and what the
            // generator derives from them is checked where it comes out of them (in the step named by the generator).
            if (source.Name is { } name && IsRoslyns(name) || !seen.Add(source))
            {
                continue;
            }

            foreach (var output in source.Outputs.Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)))
            {
                problems.Add($"{Describe(source, feeds)} was {output.Reason}: its value, a {output.Value?.GetType().Name ?? "null"}, is not equal to the same value of the previous run");
            }

            Visit(source, source.Name ?? feeds, seen, problems);
        }
    }

    private static string Describe(IncrementalGeneratorRunStep? step, string feeds) =>
        step?.Name is { } name ? $"step {name}" : $"an unnamed step feeding {feeds}";
}
