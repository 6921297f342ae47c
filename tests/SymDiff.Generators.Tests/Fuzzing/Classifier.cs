using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using SymDiff.Generators.Emit;
using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests.Fuzzing;

/// <summary>What went wrong with a program, worst first. Every class but <see cref="Ok"/> is a failure.</summary>
internal enum FuzzClass
{
    Ok,

    /// <summary>A generated member's value or derivative differs from the primal or its finite differences.</summary>
    Wrong,

    /// <summary>A generated member threw (or the driver's call into generated code did).</summary>
    RuntimeException,

    /// <summary>The generator threw (CS8785/AD0001).</summary>
    GeneratorException,

    /// <summary>SD0099.</summary>
    InternalError,

    /// <summary>Over <see cref="Classifier.HangSeconds"/> in the generator or in the generated code.</summary>
    Hang,

    /// <summary>Generated code has errors although the user's code alone has none.</summary>
    DoesNotCompile,

    /// <summary>Generated code has warnings although the user's code alone has none.</summary>
    Warnings,

    /// <summary>A program in the supported language got an SD error (a false rejection).</summary>
    Rejected,

    /// <summary>The driver, written against the README's API, does not compile against what was generated.</summary>
    ContractMismatch,

    /// <summary>The fuzzer wrote a program that is not valid C# by itself: a bug of the fuzzer, not the generator.</summary>
    InvalidProgram,
}

/// <summary>One program's classification; <see cref="Key"/> groups failures that look alike (a diagnostic id, a member).</summary>
internal sealed record FuzzOutcome(FuzzClass Class, string Key, string Detail, double GeneratorMs, int Methods)
{
    public string Signature => $"{Class} {Key}";
}

/// <summary>
/// Compiles a program through the generator (timed, with a time limit), classifies diagnostics by where they are
/// (generated file, user's file, driver) and, for random programs, runs the driver and compares every check.
/// </summary>
internal static class Classifier
{
    public const double HangSeconds = 10;

    /// <summary>A generator run or driver that has not returned after this long is abandoned (it keeps its thread).</summary>
    private static readonly TimeSpan Abandon = TimeSpan.FromSeconds(30);

    public static FuzzOutcome Classify(FuzzProgram program)
    {
        var methods = program.Methods.Count(m => m.Kind != MethodKind.CustomTarget);
        var (driverSource, labels) = DriverWriter.Write(program);
        // Programs of odd seeds have every derivative body split, each top-level statement a private part of its own:
        // the splitting of long bodies runs on every shape the generator makes, not only on the long ones.
        using var split = program.Seed % 2 != 0 ? DerivativePrinter.SplitWith(DerivativePrinter.SplitSizes.Everything) : null;
        var (run, ms, failure) = Generate(methods, program.UserSource, driverSource);
        if (failure is not null) return failure;

        var generatedTrees = run!.Output.SyntaxTrees.Except(run.Input.SyntaxTrees).ToHashSet();
        var diagnostics = run.CompilationDiagnostics;
        var user = diagnostics.Where(d => d.Location.SourceTree?.FilePath == "File0.cs").ToList();
        if (user.Count > 0) return new(FuzzClass.InvalidProgram, user[0].Id, Describe(user), ms, methods);
        var generated = Generated(diagnostics, generatedTrees, ms, methods);
        if (generated is not null) return generated;

        var rejections = run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (rejections.Count > 0) return new(FuzzClass.Rejected, rejections[0].Id, Describe(rejections), ms, methods);
        if (diagnostics.Count > 0) return new(FuzzClass.ContractMismatch, diagnostics[0].Id, Describe(diagnostics), ms, methods);
        // A parameter of the other precision rounds what passes through it (and its derivatives) to float: float's tolerances.
        return Execute(run.Output, labels, program.IsFloat || program.IsMixed, ms, methods);
    }

    /// <summary>A mutated program: only crashes, internal errors, hangs and broken output where the user's code is clean.</summary>
    public static FuzzOutcome ClassifyMutant(string source)
    {
        var methods = Math.Max(1, CountOccurrences(source, "[Differentiable"));
        var (run, ms, failure) = Generate(methods, source);
        if (failure is not null) return failure;
        var userClean = !run!.Input.GetDiagnostics().Any(d => d.Severity >= DiagnosticSeverity.Warning);
        if (!userClean) return new(FuzzClass.Ok, "", "", ms, methods);
        var generatedTrees = run.Output.SyntaxTrees.Except(run.Input.SyntaxTrees).ToHashSet();
        return Generated(run.CompilationDiagnostics, generatedTrees, ms, methods, anywhere: true) ?? new(FuzzClass.Ok, "", "", ms, methods);
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }

    /// <summary>Runs the generator on a fresh driver with a time limit; a crash, SD0099 or hang is the outcome.</summary>
    private static (GeneratorRun? Run, double Ms, FuzzOutcome? Failure) Generate(int methods, params string[] sources)
    {
        // ILGPU and SymDiff.Gpu referenced, as a GPU project would: every method gets its GPU kernels too (element-wise,
        // or per example for a method with loops over per-element data), compiled with the rest.
        var compilation = GeneratorHarness.CompileWith(GeneratorHarness.IlgpuWithRuntime, sources);
        var watch = Stopwatch.StartNew();
        var task = Task.Run(() =>
        {
            var start = ThreadCpu.Milliseconds();
            var generated = GeneratorHarness.Run(GeneratorHarness.CreateUntrackedDriver(TestOptions.AllKernels), compilation);
            return (Run: generated, CpuMs: ThreadCpu.Milliseconds() - start);
        });
        if (!task.Wait(Abandon))
        {
            return (null, watch.Elapsed.TotalMilliseconds, new(FuzzClass.Hang, "generator", $"no result after {Abandon.TotalSeconds} s", watch.Elapsed.TotalMilliseconds, methods));
        }

        var (run, cpuMs) = task.Result;
        var result = run.Driver.GetRunResult();
        // The generator's own time (the driver's timing), on the thread's CPU clock where one can be read, since a busy
        // machine stretches wall time: the run's CPU time less what compiling the inputs took (not the generator's).
        var generatorMs = run.Driver.GetTimingInfo().ElapsedTime.TotalMilliseconds;
        var ms = ThreadCpu.IsCpu ? Math.Min(cpuMs, generatorMs) : generatorMs;
        var crash = run.Diagnostics.Where(d => d.Id is "CS8785" or "AD0001").ToList();
        var exception = result.Results.Select(r => r.Exception).FirstOrDefault(e => e is not null);
        if (crash.Count > 0 || exception is not null)
        {
            var detail = exception?.ToString() ?? Describe(crash);
            var key = exception?.GetType().Name ?? crash[0].Id;
            return (run, ms, new(FuzzClass.GeneratorException, key, detail, ms, methods));
        }

        var internalErrors = run.Diagnostics.Where(d => d.Id == "SD0099").ToList();
        if (internalErrors.Count > 0) return (run, ms, new(FuzzClass.InternalError, "SD0099", Describe(internalErrors), ms, methods));
        if (ms > HangSeconds * 1000) return (run, ms, new(FuzzClass.Hang, "generator", $"{ms:F0} ms", ms, methods));
        return (run, ms, null);
    }

    /// <summary>Errors or warnings located in generated files (or anywhere, when the user's code alone is known clean).</summary>
    private static FuzzOutcome? Generated(IReadOnlyList<Diagnostic> diagnostics, HashSet<SyntaxTree> generatedTrees, double ms, int methods, bool anywhere = false)
    {
        var inGenerated = diagnostics.Where(d => anywhere || (d.Location.SourceTree is { } tree && generatedTrees.Contains(tree))).ToList();
        var errors = inGenerated.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0) return new(FuzzClass.DoesNotCompile, errors[0].Id, Describe(errors), ms, methods);
        if (inGenerated.Count > 0) return new(FuzzClass.Warnings, inGenerated[0].Id, Describe(inGenerated), ms, methods);
        return null;
    }

    private static string Describe(IEnumerable<Diagnostic> diagnostics) => string.Join("\n", diagnostics.Take(8).Select(d =>
        $"{d.Id} {Path.GetFileName(d.Location.SourceTree?.FilePath)}{d.Location.GetLineSpan().StartLinePosition}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}"));

    private static FuzzOutcome Execute(Compilation output, IReadOnlyList<CheckLabel> labels, bool isFloat, double ms, int methods)
    {
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        if (!emitted.Success) return new(FuzzClass.DoesNotCompile, "emit", Describe(emitted.Diagnostics), ms, methods);
        image.Position = 0;
        var context = new AssemblyLoadContext("SymDiffFuzz", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(image);
            var driver = assembly.GetType("Driver")!;
            var outcome = Run(driver, labels, isFloat, ms, methods);
            if (outcome.Class != FuzzClass.Wrong) return outcome;

            // A disagreement: run again with the twin's rounding diagnosis on (costly, one evaluation per intermediate
            // value), which drops the references where the derivative is rounding-bound in the program's precision.
            assembly.GetType("TwinMath")!.GetField("Diagnose")!.SetValue(null, true);
            return Run(driver, labels, isFloat, ms, methods);
        }
        finally
        {
            context.Unload();
        }
    }

    private static FuzzOutcome Run(Type driver, IReadOnlyList<CheckLabel> labels, bool isFloat, double ms, int methods)
    {
        var task = Task.Run(() => (double[])driver.GetMethod("Run")!.Invoke(null, null)!);
        try
        {
            if (!task.Wait(TimeSpan.FromSeconds(HangSeconds)))
            {
                return new(FuzzClass.Hang, "generated code", $"Driver.Run did not return in {HangSeconds} s", ms, methods);
            }
        }
        catch (AggregateException e) when (e.InnerException is TargetInvocationException { InnerException: { } inner })
        {
            return new(FuzzClass.RuntimeException, inner.GetType().Name, inner.ToString(), ms, methods);
        }

        var messages = (string[])driver.GetMethod("Messages")!.Invoke(null, null)!;
        return Compare(task.Result, messages, labels, isFloat, ms, methods);
    }

    /// <summary>
    /// Compares every record. A derivative check is skipped where a reference is not finite (the driver marks with NaN
    /// the points where the primal's values are no reference, see <see cref="DriverPrelude"/>'s Jacobian), where the
    /// small and large steps disagree (a kink or jump near the point, or too much curvature for the step), or where the
    /// tiny step disagrees with the small one by more than the check's own tolerance: the small step then straddles
    /// jumps closer together than itself, as <c>Truncate(Sinh(…))</c> of a value near 6,400 (fuzzer seed 20069), and
    /// measures the slope of the staircase's envelope rather than the derivative, 0 between the jumps (a rounding-noisy
    /// function disagrees there too: its differences are no reference at the tolerance either). Otherwise the
    /// generated derivative must match the small-step difference within a relative tolerance plus a term for the
    /// function's magnitude (rounding in the differences).
    /// </summary>
    private static FuzzOutcome Compare(double[] records, string[] messages, IReadOnlyList<CheckLabel> labels, bool isFloat, double ms, int methods)
    {
        if (messages.Length > 0)
        {
            var id = int.Parse(messages[0].AsSpan(0, messages[0].IndexOf(':', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
            var exceptionType = messages[0].Split(':')[1].Trim();
            return new(FuzzClass.RuntimeException, $"{labels[id].Member} {exceptionType}", $"{labels[id]}: {messages[0]}", ms, methods);
        }

        var valueTolerance = isFloat ? 1e-4 : 1e-9;
        var derivativeTolerance = isFloat ? 2e-3 : 1e-5;
        var scaleTolerance = isFloat ? 1e-4 : 1e-8;
        var wrong = new List<string>();
        string? key = null;
        for (var r = 0; r + 5 < records.Length; r += 6)
        {
            var label = labels[(int)records[r]];
            var (generated, tiny, small, large, scale) = (records[r + 1], records[r + 2], records[r + 3], records[r + 4], records[r + 5]);
            bool bad;
            if (label.IsValue)
            {
                // The same value is agreement, NaN or ∞ included: a member checked against another (a GPU kernel against
                // the C# gradient) that reproduces its NaN agrees with it (seed 1020409).
                bad = !(generated.Equals(small) || Math.Abs(generated - small) <= valueTolerance * (1 + Math.Abs(small)));
            }
            else
            {
                double Tolerance() => derivativeTolerance * (1 + Math.Abs(small)) + scaleTolerance * scale;
                if (!double.IsFinite(tiny) || !double.IsFinite(small) || !double.IsFinite(large)) continue;

                // A float program's derivative past float's range is ±∞ or NaN in float: not representable, not checked
                // (seed 700072: 1.3e39 where the float Gradient is ∞).
                if (isFloat && Math.Abs(small) > float.MaxValue) continue;

                // Nor, in a double program with a float parameter, where the values around it are past float's range: a
                // float parameter's derivative there may be too (seed 1390696: 1e177, ∞ in float, at values of 7e211,
                // whose differences are 0).
                if (isFloat && scale > float.MaxValue && double.IsInfinity(generated)) continue;
                if (Math.Abs(small - large) > 1e-6 * (1 + Math.Abs(small)) + 1e-9 * scale || Math.Abs(tiny - small) > Tolerance()) continue;
                bad = !(Math.Abs(generated - small) <= Tolerance());
            }

            if (bad)
            {
                key ??= $"{label.Member} {(label.IsValue ? "value" : "derivative")}";
                wrong.Add($"{label}: generated {generated:R}, expected {small:R} (large step {large:R}, scale {scale:R})");
            }
        }

        return wrong.Count == 0
            ? new(FuzzClass.Ok, "", "", ms, methods)
            : new(FuzzClass.Wrong, key!, string.Join("\n", wrong.Take(12)), ms, methods);
    }
}
