// The build cost of SymDiff, in Release, from the repository root:
//   dotnet run -c Release --project tests/SymDiff.GeneratorBenchmarks              (1, 10, 100 and 500 methods)
//   dotnet run -c Release --project tests/SymDiff.GeneratorBenchmarks -- 200 1000  (other sizes)
//   … -- 1 10 100 SymDiffBatchKernels=all SymDiffDocFormulas=false                (the project's emit options)
//   DOTNET_TieredCompilation=0 dotnet run -c Release --project tests/SymDiff.GeneratorBenchmarks -- scaling
//     (one method growing in each shape: chains, nested ifs, loop bodies, calls; ms per method and growth per doubling)
//   … -- scaling nested chain 40 80   (only the shapes whose names contain these words, at these sizes)
//   … -- 300 --plain=5                (five ordinary methods beside each differentiable one: a file mostly of other code)
// For each size: the generator's time per method (a fresh driver per run, so nothing is cached), the analyzer's,
// the generated lines per method, and the CPU of a full build (generator + analyzer + compiling everything) per
// method, next to the peer measured in the same process: compiling the same user code without SymDiff.
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SymDiff.GeneratorBenchmarks;

// Name=value arguments are the MSBuild properties the package makes visible to the generator (build_property.Name).
var plainMembers = args.Where(a => a.StartsWith("--plain=", StringComparison.Ordinal))
    .Select(a => int.TryParse(a["--plain=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
        ? n : throw new ArgumentException($"'{a}': --plain= takes a count of ordinary methods, such as --plain=5"))
    .LastOrDefault();
args = args.Where(a => !a.StartsWith("--plain=", StringComparison.Ordinal)).ToArray();
var properties = args.Where(a => a.Contains('=', StringComparison.Ordinal)).Select(a => a.Split('=', 2))
    .ToDictionary(p => "build_property." + p[0], p => p[1]);
var scaling = args.Length > 0 && args[0] == "scaling";
var sizeArgs = args.Skip(scaling ? 1 : 0).Where(a => !a.Contains('=', StringComparison.Ordinal) && int.TryParse(a, CultureInfo.InvariantCulture, out _)).ToArray();
var sizes = sizeArgs.Length > 0 ? sizeArgs.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [1, 10, 100, 500];
var optionsProvider = new BenchOptions(properties);
var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
    .Append(typeof(SymDiff.DifferentiableAttribute).Assembly.Location)
    .Distinct()
    .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
    .ToArray();
var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);

CSharpCompilation Compile(string source) => CSharpCompilation.Create(
    "Bench",
    [CSharpSyntaxTree.ParseText(source, parseOptions, path: "Models.cs")],
    references,
    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));

if (scaling)
{
    var shapes = args.Skip(1).Where(a => !a.Contains('=', StringComparison.Ordinal) && !int.TryParse(a, CultureInfo.InvariantCulture, out _)).ToList();
    ScalingBenchmark.Run(Compile, () => CSharpGeneratorDriver.Create([new SymDiff.Generators.DifferentiableGenerator().AsSourceGenerator()], parseOptions: parseOptions, optionsProvider: optionsProvider), shapes, sizeArgs.Length > 0 ? sizes : null);
    return 0;
}

// Warm up the compiler, the generator and the analyzer so the first size does not pay for JIT.
Measure(Workload.Create(20).Source, rounds: 2);

Console.WriteLine("| methods | scalar/loop | generator ms/method | generator KB allocated/method | analyzer ms/method | generated lines/method | build CPU ms/method | without SymDiff ms/method | build ratio |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var size in sizes)
{
    var (source, methods, scalar, loops) = Workload.Create(size, plainMembers);
    var rounds = size <= 10 ? 15 : size <= 100 ? 5 : 3;
    var m = Measure(source, rounds);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {methods} | {scalar}/{loops} | {m.Generator / methods:F2} | {m.Allocated / 1024 / methods:F0} | {m.Analyzer / methods:F2} | {m.GeneratedLines / (double)methods:F0} | {m.Build / methods:F2} | {m.Plain / methods:F2} | {m.Build / m.Plain:F1}× |"));
}

return 0;

// Medians over rounds of: the generator alone, the analyzer alone, a full build with both, and the plain build.
(double Generator, double Allocated, double Analyzer, double Build, double Plain, int GeneratedLines) Measure(string source, int rounds)
{
    var generator = new List<double>();
    var analyzer = new List<double>();
    var build = new List<double>();
    var plain = new List<double>();
    var allocated = new List<double>();
    var lines = 0;
    for (var round = 0; round < rounds; round++)
    {
        var compilation = Compile(source);
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new SymDiff.Generators.DifferentiableGenerator().AsSourceGenerator()], parseOptions: parseOptions, optionsProvider: optionsProvider);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        generator.Add(watch.Elapsed.TotalMilliseconds);
        allocated.Add(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new InvalidOperationException("the workload has SymDiff errors: " + string.Join("\n", diagnostics.Take(5)));
        }

        watch.Restart();
        var analyzerDiagnostics = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new SymDiff.Generators.Analysis.DifferentiableAnalyzer()))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        analyzer.Add(watch.Elapsed.TotalMilliseconds);
        if (analyzerDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new InvalidOperationException("the workload has SymDiff errors: " + string.Join("\n", analyzerDiagnostics.Take(5)));
        }

        using (var image = new MemoryStream())
        {
            var emitted = output.Emit(image);
            if (!emitted.Success)
            {
                throw new InvalidOperationException("the generated code does not compile: " + string.Join("\n", emitted.Diagnostics.Take(5)));
            }
        }

        build.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
        lines = output.SyntaxTrees.Except(compilation.SyntaxTrees).Sum(t => t.GetText().Lines.Count);

        var plainCompilation = Compile(source);
        cpu = Process.GetCurrentProcess().TotalProcessorTime;
        using (var image = new MemoryStream())
        {
            // Without the generator, calls to generated members would not exist; the workload makes none.
            plainCompilation.Emit(image);
        }

        plain.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
    }

    return (Median(generator), Median(allocated), Median(analyzer), Median(build), Median(plain), lines);
}

static double Median(List<double> values)
{
    var sorted = values.OrderBy(v => v).ToList();
    return sorted[sorted.Count / 2];
}
