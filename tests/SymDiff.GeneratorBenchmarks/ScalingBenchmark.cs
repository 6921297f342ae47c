using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SymDiff.GeneratorBenchmarks;

/// <summary>
/// Generator time per method for the <see cref="ScalingWorkload"/> shapes at growing sizes, and how it grows: the ratio
/// of the times at two sizes, taken per doubling of the size (2 for a linear algorithm, 4 for a quadratic one). The ratio
/// is taken on the process's CPU time, which other work on a busy machine disturbs far less than the wall clock. Each
/// compilation binds its references and declarations before the clock starts: a project pays for that once, not per
/// method, and in a one-method program it would hide how the generator's own work grows. Run with
/// <c>DOTNET_TieredCompilation=0</c>: otherwise the first sizes time the JIT's unoptimized code and later ones share the
/// CPU with its recompiling, which hides the growth too.
/// </summary>
internal static class ScalingBenchmark
{
    public static void Run(Func<string, CSharpCompilation> compile, Func<GeneratorDriver> driver, IReadOnlyList<string> only, int[]? sizes)
    {
        var shapes = ScalingWorkload.Shapes.Where(s => only.Count == 0 || only.Any(o => s.Name.Replace(" ", "-", StringComparison.Ordinal).Contains(o, StringComparison.OrdinalIgnoreCase))).ToList();
        if (shapes.Count == 0)
        {
            throw new ArgumentException($"no scaling shape matches {string.Join(", ", only)}; the shapes are {string.Join(", ", ScalingWorkload.Shapes.Select(s => s.Name.Replace(" ", "-", StringComparison.Ordinal)))}");
        }

        if (Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") != "0")
        {
            Console.WriteLine("(DOTNET_TieredCompilation=0 is not set: the times below include the JIT's unoptimized code and its recompiling)");
        }

        // Warm up the compiler and every path of the generator the shapes take.
        foreach (var shape in shapes)
        {
            Generate(compile, driver, ScalingWorkload.Create(shape, shape.DefaultSizes[0]).Source, rounds: 1);
        }

        Console.WriteLine("| shape | size | generator ms/method | generator CPU ms/method | × per doubling | generated lines/method |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var shape in shapes)
        {
            double? previous = null;
            var previousSize = 0;
            foreach (var size in sizes ?? shape.DefaultSizes)
            {
                var (source, methods) = ScalingWorkload.Create(shape, size);
                var (ms, cpu, lines) = Generate(compile, driver, source, rounds: 5);
                var perMethod = cpu / methods;
                var growth = previous is { } p && size > previousSize
                    ? Math.Pow(perMethod / p, 1 / Math.Log2(size / (double)previousSize)).ToString("F2", CultureInfo.InvariantCulture) + "×"
                    : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {shape.Name} | {size} {shape.Unit} | {ms / methods:F2} | {perMethod:F2} | {growth} | {lines / (double)methods:F0} |"));
                (previous, previousSize) = (perMethod, size);
            }
        }
    }

    /// <summary>The median generator milliseconds (wall and CPU) over <paramref name="rounds"/> fresh drivers, and the generated lines.</summary>
    private static (double Ms, double Cpu, int Lines) Generate(Func<string, CSharpCompilation> compile, Func<GeneratorDriver> driver, string source, int rounds)
    {
        var times = new List<double>();
        var cpus = new List<double>();
        var lines = 0;
        for (var round = 0; round < rounds; round++)
        {
            var compilation = compile(source);
            compilation.GetDeclarationDiagnostics();
            var fresh = driver();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            fresh.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
            times.Add(watch.Elapsed.TotalMilliseconds);
            cpus.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
            if (round > 0)
            {
                continue;
            }

            var errors = diagnostics.Concat(output.GetDiagnostics()).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                throw new InvalidOperationException("the scaling workload has errors: " + string.Join("\n", errors.Take(5)));
            }

            lines = output.SyntaxTrees.Except(compilation.SyntaxTrees).Sum(t => t.GetText().Lines.Count);
        }

        times.Sort();
        cpus.Sort();
        return (times[times.Count / 2], cpus[cpus.Count / 2], lines);
    }
}
