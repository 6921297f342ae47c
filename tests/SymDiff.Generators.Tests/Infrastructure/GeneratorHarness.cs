using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SymDiff.Generators.Tests.Infrastructure;

/// <summary>What one generator run produced.</summary>
internal sealed record GeneratorRun(
    GeneratorDriver Driver,
    Compilation Input,
    Compilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    IReadOnlyDictionary<string, string> Sources)
{
    private readonly Lazy<ImmutableArray<Diagnostic>> _analyzerDiagnostics = new(() => GeneratorHarness.Analyze(Input));

    /// <summary>What SymDiff's analyzer reports on the user's code (the per-method rejections editors show).</summary>
    public ImmutableArray<Diagnostic> AnalyzerDiagnostics => _analyzerDiagnostics.Value;

    /// <summary>Everything SymDiff reports in a build: the analyzer's diagnostics and the generator's.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => AnalyzerDiagnostics.Concat(GeneratorDiagnostics).ToList();

    /// <summary>Errors and warnings of the user's code plus the generated code, as the compiler would report them.</summary>
    public IReadOnlyList<Diagnostic> CompilationDiagnostics =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    /// <summary>The generated file of <paramref name="method"/> (<c>Type.Method</c>, how its hint name starts).</summary>
    public string File(string method) => Sources.Single(s => s.Key.StartsWith(method + ".", StringComparison.Ordinal)).Value;

    /// <summary>The text of generated member <paramref name="member"/> in the file of <paramref name="method"/> (<see cref="File"/>).</summary>
    public string Member(string method, string member) =>
        GeneratedSource.MemberBody(File(method), member) ?? throw new InvalidOperationException($"no member {member} in the file of {method}");
}

/// <summary>Runs <see cref="DifferentiableGenerator"/> in-process on sources, the way the compiler does.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        // ILGPU and SymDiff.Gpu are loaded by this test project (for the GPU emission tests), but test programs see them
        // only where they ask.
        return platform
            .Where(path => !Path.GetFileName(path).StartsWith("ILGPU", StringComparison.Ordinal) && Path.GetFileName(path) != "SymDiff.Gpu.dll")
            .Append(typeof(DifferentiableAttribute).Assembly.Location)
            .Distinct()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray();
    });

    /// <summary>
    /// Parse options of a project that sets <c>GenerateDocumentationFile</c>: doc comments are parsed and checked, so the
    /// compiler reports malformed or incomplete ones (CS1570–CS1591) in user and generated code alike.
    /// </summary>
    public static CSharpParseOptions DocumentationOptions { get; } = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static CSharpParseOptions DefaultOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>ILGPU alone, as a project referencing its package without ILGPU.Algorithms.</summary>
    public static MetadataReference[] Ilgpu { get; } = { MetadataReference.CreateFromFile(typeof(ILGPU.Index1D).Assembly.Location) };

    /// <summary>ILGPU and ILGPU.Algorithms: the references that turn on the GPU kernels.</summary>
    public static MetadataReference[] IlgpuWithAlgorithms { get; } = Ilgpu.Append(MetadataReference.CreateFromFile(typeof(ILGPU.Algorithms.XMath).Assembly.Location)).ToArray();

    /// <summary>ILGPU, ILGPU.Algorithms and SymDiff.Gpu: per-example kernels too.</summary>
    public static MetadataReference[] IlgpuWithRuntime { get; } = IlgpuWithAlgorithms.Append(MetadataReference.CreateFromFile(typeof(SymDiff.Gpu.DeviceTape).Assembly.Location)).ToArray();

    public static CSharpCompilation Compile(params string[] sources) => Compile(allowUnsafe: false, sources);

    /// <summary>Compiles <paramref name="sources"/> with <paramref name="references"/> added to the framework's.</summary>
    public static CSharpCompilation CompileWith(IEnumerable<MetadataReference> references, params string[] sources) =>
        (CSharpCompilation)Compile(sources).AddReferences(references);

    /// <summary>Compiles <paramref name="sources"/>, as a project with or without <c>AllowUnsafeBlocks</c>.</summary>
    public static CSharpCompilation Compile(bool allowUnsafe, params string[] sources) => Compile(DefaultOptions, allowUnsafe, sources);

    /// <summary>Compiles <paramref name="sources"/> parsed with <paramref name="options"/>.</summary>
    public static CSharpCompilation Compile(CSharpParseOptions options, bool allowUnsafe, params string[] sources) => CSharpCompilation.Create(
        "SymDiffTests",
        sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, options, path: $"File{i}.cs")),
        References.Value,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: allowUnsafe));

    public static GeneratorDriver CreateDriver() => CreateDriver(DefaultOptions);

    /// <summary>A driver for a project whose MSBuild properties and <c>.editorconfig</c> are <paramref name="options"/>.</summary>
    public static GeneratorDriver CreateDriver(TestOptions options) => CreateDriver(DefaultOptions, options);

    /// <summary>
    /// A driver that parses the generated sources with <paramref name="options"/>. It records every incremental step
    /// (what the caching tests read) unless <paramref name="trackSteps"/> is false, as in a real build: Roslyn records
    /// each step's inputs as a tree, which grows with every method a collected step combines (generating 100 methods
    /// that call each other took 33 s recorded, about 1 s not), so timings are taken without it.
    /// </summary>
    public static GeneratorDriver CreateDriver(CSharpParseOptions options, TestOptions? analyzerConfig = null, bool trackSteps = true) => CSharpGeneratorDriver.Create(
        new[] { new DifferentiableGenerator().AsSourceGenerator() },
        parseOptions: options,
        optionsProvider: analyzerConfig,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>A driver as a build makes it (no step records), for timing the generator.</summary>
    public static GeneratorDriver CreateUntrackedDriver(TestOptions options) => CreateDriver(DefaultOptions, options, trackSteps: false);

    public static GeneratorRun Run(params string[] sources) => Run(CreateDriver(), Compile(sources));

    /// <summary>Runs on <paramref name="sources"/> in a project whose MSBuild properties and <c>.editorconfig</c> are <paramref name="options"/>.</summary>
    public static GeneratorRun Run(TestOptions options, params string[] sources) => Run(CreateDriver(options), Compile(sources));

    /// <summary>Runs <see cref="Analysis.DifferentiableAnalyzer"/> on <paramref name="compilation"/>, as a build or an editor does.</summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation) =>
        compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new Analysis.DifferentiableAnalyzer()))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();

    /// <summary>
    /// Runs <paramref name="driver"/> on <paramref name="compilation"/>. A driver that records its steps then runs twice
    /// more: on a clone of the compilation, which must re-use every step and regenerate nothing, and afresh, where every
    /// named step must compute values equal to the first run's (<see cref="PipelineCaching"/>).
    /// </summary>
    public static GeneratorRun Run(GeneratorDriver driver, Compilation compilation)
    {
        var before = driver;
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var result = driver.GetRunResult();
        if (result.Results.Single() is { TrackedSteps.Count: > 0, Exception: null })
        {
            PipelineCaching.AssertRerunIsCached(before, driver, compilation);
        }

        var sources = result.Results.SelectMany(r => r.GeneratedSources)
            .ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
        return new GeneratorRun(driver, compilation, output, result.Diagnostics, sources);
    }
}
