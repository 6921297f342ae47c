using System.Diagnostics;
using System.Globalization;
using System.Text;
using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests.Fuzzing;

/// <summary>One failing program, minimized: what to put in a bug report.</summary>
internal sealed record FuzzFailure(string Kind, int Seed, FuzzOutcome Outcome, string Source, string Minimized, FuzzOutcome MinimizedOutcome);

/// <summary>The results of a budget of programs: counts per class, generator time per method, failures.</summary>
internal sealed class FuzzReport
{
    public Dictionary<FuzzClass, int> Counts { get; } = Enum.GetValues<FuzzClass>().ToDictionary(c => c, _ => 0);

    /// <summary>Distinct failure signatures (class and key) with how many programs showed each.</summary>
    public Dictionary<string, int> Signatures { get; } = new(StringComparer.Ordinal);

    public List<FuzzFailure> Failures { get; } = new();

    /// <summary>Generator milliseconds per method of each program (its run divided by its method count).</summary>
    public List<double> MillisecondsPerMethod { get; } = new();

    public double MaxProgramMs { get; set; }

    /// <summary>The slowest programs for the generator: milliseconds, seed and kind (random or mutant), slowest first.</summary>
    public List<(double Ms, int Seed, string Kind)> Slowest { get; } = new();

    public int Programs { get; set; }

    public int Mutants { get; set; }

    public TimeSpan Elapsed { get; set; }

    public int Bad => Counts.Where(c => c.Key != FuzzClass.Ok).Sum(c => c.Value);

    public string Table()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Programs} random programs + {Mutants} mutants in {Elapsed.TotalSeconds:F0} s");
        text.AppendLine("| class | programs |\n|---|---:|");
        foreach (var (c, n) in Counts) text.AppendLine(CultureInfo.InvariantCulture, $"| {c} | {n} |");
        var sorted = MillisecondsPerMethod.Order().ToList();
        if (sorted.Count > 0)
        {
            double At(double q) => sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
            text.AppendLine(CultureInfo.InvariantCulture, $"generator {(ThreadCpu.IsCpu ? "CPU" : "wall")} ms per method: median {At(0.5):F2}, p99 {At(0.99):F2}, max {sorted[^1]:F2}; slowest program {MaxProgramMs:F0} ms");
            text.AppendLine("slowest programs: " + string.Join(", ", Slowest.Select(p => string.Create(CultureInfo.InvariantCulture, $"seed {p.Seed} {p.Kind} {p.Ms:F0} ms"))));
        }

        foreach (var (signature, n) in Signatures.OrderByDescending(s => s.Value)) text.AppendLine(CultureInfo.InvariantCulture, $"  {n,5}  {signature}");
        return text.ToString();
    }
}

/// <summary>
/// Runs seeds through the generator, the classifier and (for failures) the minimizer. Seed s gives random program
/// s and, when mutants are on, a mutant of random program s: the same seeds give the same run.
/// </summary>
internal static class FuzzRunner
{
    public static FuzzReport Run(FuzzProfile profile, int firstSeed, int programs, bool mutants, int minimizePerSignature, string? failureFolder, TextWriter? log = null)
    {
        var report = new FuzzReport();
        var watch = Stopwatch.StartNew();
        WarmUp(profile, firstSeed);
        var minimized = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var seed = firstSeed; seed < firstSeed + programs; seed++)
        {
            var program = ProgramGenerator.Generate(seed, profile);
            var outcome = Classifier.Classify(program);
            Record(report, outcome, seed, "random");
            report.Programs++;
            Note(log, seed, "random", outcome);
            if (outcome.Class != FuzzClass.Ok && Take(minimized, outcome.Signature, minimizePerSignature))
            {
                var (small, smallOutcome) = Minimizer.Minimize(program, outcome);
                Add(report, new FuzzFailure("random", seed, outcome, program.UserSource, small.UserSource, smallOutcome), failureFolder, log);
            }

            if (mutants)
            {
                var (mutant, description) = Mutator.Mutate(program, seed, profile);
                var mutantOutcome = Classifier.ClassifyMutant(mutant);
                Record(report, mutantOutcome, seed, "mutant");
                report.Mutants++;
                Note(log, seed, "mutant: " + description, mutantOutcome);
                if (mutantOutcome.Class != FuzzClass.Ok && Take(minimized, "mutant " + mutantOutcome.Signature, minimizePerSignature))
                {
                    var (small, smallOutcome) = Minimizer.MinimizeMutant(mutant, mutantOutcome);
                    Add(report, new FuzzFailure("mutant: " + description, seed, mutantOutcome, mutant, small, smallOutcome), failureFolder, log);
                }
            }

            if (log is not null && (seed - firstSeed + 1) % 50 == 0)
            {
                log.WriteLine($"{seed - firstSeed + 1} programs, {report.Bad} bad, {watch.Elapsed.TotalSeconds:F0} s");
                log.Flush();
            }
        }

        report.Elapsed = watch.Elapsed;
        return report;
    }

    /// <summary>
    /// Runs the generator, untimed, on the first program and its mutant: otherwise the first program's time is mostly
    /// the JIT compiling the compiler's and the generator's code (seconds, and over the hang limit on a busy machine),
    /// which says nothing about that program and would be the run's slowest.
    /// </summary>
    private static void WarmUp(FuzzProfile profile, int seed)
    {
        var program = ProgramGenerator.Generate(seed, profile);
        foreach (var source in new[] { program.UserSource, Mutator.Mutate(program, seed, profile).Source })
        {
            GeneratorHarness.Run(GeneratorHarness.CreateDriver(TestOptions.AllKernels), GeneratorHarness.Compile(source));
        }
    }

    private static void Note(TextWriter? log, int seed, string kind, FuzzOutcome outcome)
    {
        if (log is not null && outcome.Class != FuzzClass.Ok)
        {
            log.WriteLine($"seed {seed} ({kind}): {outcome.Signature}\n    {string.Join("\n    ", outcome.Detail.Split('\n').Take(3))}");
        }
    }

    private static bool Take(Dictionary<string, int> taken, string signature, int limit)
    {
        taken.TryGetValue(signature, out var n);
        taken[signature] = n + 1;
        return n < limit;
    }

    /// <summary>How many of the slowest programs the summary names (by seed, to rerun or profile them alone).</summary>
    private const int SlowestKept = 5;

    private static void Record(FuzzReport report, FuzzOutcome outcome, int seed, string kind)
    {
        report.Counts[outcome.Class]++;
        report.MillisecondsPerMethod.Add(outcome.GeneratorMs / Math.Max(1, outcome.Methods));
        report.MaxProgramMs = Math.Max(report.MaxProgramMs, outcome.GeneratorMs);
        report.Slowest.Add((outcome.GeneratorMs, seed, kind));
        report.Slowest.Sort((a, b) => b.Ms.CompareTo(a.Ms));
        if (report.Slowest.Count > SlowestKept)
        {
            report.Slowest.RemoveAt(SlowestKept);
        }

        if (outcome.Class != FuzzClass.Ok)
        {
            report.Signatures.TryGetValue(outcome.Signature, out var n);
            report.Signatures[outcome.Signature] = n + 1;
        }
    }

    private static void Add(FuzzReport report, FuzzFailure failure, string? folder, TextWriter? log)
    {
        report.Failures.Add(failure);
        var text = $"// seed {failure.Seed} ({failure.Kind}); class {failure.Outcome.Class} {failure.Outcome.Key}\n" +
                   $"// minimized: {failure.MinimizedOutcome.Class} {failure.MinimizedOutcome.Key}\n" +
                   string.Concat(failure.MinimizedOutcome.Detail.Split('\n').Select(l => "// " + l + "\n")) +
                   "\n" + failure.Minimized;
        log?.WriteLine($"--- failure ---\n{text}");
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
            var name = $"{failure.Outcome.Class}-{Sanitize(failure.Outcome.Key)}-seed{failure.Seed}{(failure.Kind == "random" ? "" : "-mutant")}.cs.txt";
            File.WriteAllText(Path.Combine(folder, name), text + "\n// original program:\n" + string.Concat(failure.Source.Split('\n').Select(l => "// " + l + "\n")));
        }
    }

    private static string Sanitize(string key) => new(key.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());
}
