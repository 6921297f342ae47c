using System.Globalization;
using Xunit.Abstractions;
using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests.Fuzzing;

/// <summary>
/// The fuzzer's entry points. By default a small fixed budget (seeds 0…N−1, the CI profile) that must find nothing.
/// A large run: <c>SYMDIFF_FUZZ_PROGRAMS=10000 SYMDIFF_FUZZ_PROFILE=full dotnet test tests/SymDiff.Generators.Tests
/// --filter Fuzz</c>; minimized failures and the summary go to <c>SYMDIFF_FUZZ_OUT</c> (default: the test's output
/// folder, <c>fuzz/</c>). See README "Fuzzing".
/// </summary>
[Collection(nameof(FuzzTests))]
public sealed class FuzzTests(ITestOutputHelper output)
{
    /// <summary>Programs in the CI budget (each also yields one mutant): about a minute on two cores.</summary>
    private const int CiPrograms = 40;

    [Fact]
    public void FuzzRandomAndMutatedPrograms()
    {
        var programs = int.TryParse(Environment.GetEnvironmentVariable("SYMDIFF_FUZZ_PROGRAMS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : CiPrograms;
        var firstSeed = int.TryParse(Environment.GetEnvironmentVariable("SYMDIFF_FUZZ_FIRST_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var profile = Environment.GetEnvironmentVariable("SYMDIFF_FUZZ_PROFILE") == "full" ? FuzzProfile.Full : FuzzProfile.Ci;
        var folder = Environment.GetEnvironmentVariable("SYMDIFF_FUZZ_OUT") is { Length: > 0 } o ? o : Path.Combine(AppContext.BaseDirectory, "fuzz");
        Directory.CreateDirectory(folder);
        using var log = new StreamWriter(Path.Combine(folder, "fuzz-log.txt"));

        // Minimizing costs a compilation per attempt: the CI run minimizes one failure per signature, a large run three
        // (SYMDIFF_FUZZ_MINIMIZE overrides).
        var minimize = int.TryParse(Environment.GetEnvironmentVariable("SYMDIFF_FUZZ_MINIMIZE"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) ? m : programs > CiPrograms ? 3 : 1;
        var report = FuzzRunner.Run(profile, firstSeed, programs, mutants: true, minimize, folder, log);
        var table = report.Table();
        File.WriteAllText(Path.Combine(folder, "fuzz-summary.md"), table);
        output.WriteLine(table);
        Console.WriteLine(table);
        var failures = string.Join("\n\n", report.Failures.Take(5).Select(f =>
            $"seed {f.Seed} ({f.Kind}): {f.Outcome.Class} {f.Outcome.Key}\n{f.MinimizedOutcome.Detail}\n{f.Minimized}"));
        Assert.True(report.Bad == 0, $"{table}\nMinimized failures (all in {folder}):\n{failures}");
    }

    /// <summary>A seed is a program: the same seed gives the same source, driver and mutant.</summary>
    [Fact]
    public void FuzzProgramsAreDeterministic()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var a = ProgramGenerator.Generate(seed, FuzzProfile.Full);
            var b = ProgramGenerator.Generate(seed, FuzzProfile.Full);
            Assert.Equal(a.UserSource, b.UserSource);
            Assert.Equal(DriverWriter.Write(a).Source, DriverWriter.Write(b).Source);
            Assert.Equal(Mutator.Mutate(a, seed, FuzzProfile.Full).Source, Mutator.Mutate(b, seed, FuzzProfile.Full).Source);
        }
    }

    /// <summary>The full profile reaches the loop conditions that choose (a counter-chosen bound with ?: and switch, a guard on the running value) and switch arms that name their value.</summary>
    [Fact]
    public void FuzzProgramsChooseInLoopConditions()
    {
        var sources = Enumerable.Range(0, 300).Select(seed => ProgramGenerator.Generate(seed, FuzzProfile.Full).UserSource).ToList();
        Assert.Contains(sources, s => System.Text.RegularExpressions.Regex.IsMatch(s, @"for \(int \w+ = 0; \w+ < \(\w+ < 2 \?"));
        Assert.Contains(sources, s => System.Text.RegularExpressions.Regex.IsMatch(s, @"for \(int \w+ = 0; \w+ < \(\w+ switch"));
        Assert.Contains(sources, s => System.Text.RegularExpressions.Regex.IsMatch(s, @"while \(\w+ < [^)]+ && \(\w+ > 0"));
        Assert.Contains(sources, s => System.Text.RegularExpressions.Regex.IsMatch(s, @"switch \{ var (\w+) when \1 <"));
    }

    /// <summary>The full profile reads static readonly data in loop methods, in float programs too.</summary>
    [Fact]
    public void FuzzProgramsReadStaticReadonlyData()
    {
        var programs = Enumerable.Range(0, 200).Select(seed => ProgramGenerator.Generate(seed, FuzzProfile.Full)).ToList();
        Assert.Contains(programs, p => !p.IsFloat && p.UserSource.Contains("static readonly double[]", StringComparison.Ordinal));
        Assert.Contains(programs, p => p.IsFloat && p.UserSource.Contains("static readonly float[]", StringComparison.Ordinal) && p.TwinSource.Contains("static readonly double[]", StringComparison.Ordinal));
    }

    /// <summary>
    /// Loop methods take per-example data (<c>[NoDerivative(PerElement = true)]</c> spans and scalars, in float programs
    /// too), and the driver runs their per-example kernels on ILGPU's CPU accelerator against the C# gradients; the
    /// twins, plain C#, carry no attribute.
    /// </summary>
    [Fact]
    public void FuzzProgramsTakePerExampleData()
    {
        var programs = Enumerable.Range(0, 200).Select(seed => ProgramGenerator.Generate(seed, FuzzProfile.Full)).ToList();
        Assert.Contains(programs, p => p.UserSource.Contains("[NoDerivative(PerElement = true)] ReadOnlySpan<double>", StringComparison.Ordinal));
        Assert.Contains(programs, p => p.UserSource.Contains("[NoDerivative(PerElement = true)] double", StringComparison.Ordinal));
        Assert.Contains(programs, p => p.IsFloat && p.UserSource.Contains("[NoDerivative(PerElement = true)]", StringComparison.Ordinal)
            && DriverWriter.Write(p).Source.Contains("GpuBackward\")", StringComparison.Ordinal));
        Assert.All(programs, p => Assert.DoesNotContain("PerElement", p.TwinSource, StringComparison.Ordinal));
    }

    /// <summary>
    /// Fuzz programs reach the SIMD loops of generated members (so the finite-difference checks cover them): element-wise
    /// loops, sums per lane, and loops that push or pop the tape a register at a time.
    /// </summary>
    [Fact]
    public void FuzzProgramsRunSimdLoops()
    {
        var generated = Enumerable.Range(0, 40)
            .Select(seed => ProgramGenerator.Generate(seed, FuzzProfile.Full).UserSource)
            .SelectMany(source => GeneratorHarness.Run(GeneratorHarness.CreateDriver(TestOptions.AllKernels), GeneratorHarness.Compile(source)).Sources.Values)
            .ToList();
        Assert.Contains(generated, g => g.Contains("int vectorTrips", StringComparison.Ordinal));
        Assert.Contains(generated, g => g.Contains("Lanes = global::System.Runtime.Intrinsics.Vector256<", StringComparison.Ordinal));
        Assert.Contains(generated, g => g.Contains("ref tapeValuesRef", StringComparison.Ordinal));
    }

    /// <summary>
    /// The CI budget's programs write buffers whole in loops and sum them (GMM's per-point shape), and some of their loops
    /// are reversed iteration by iteration (<c>ReductionLoops</c>), so the finite-difference checks cover that sweep.
    /// </summary>
    [Fact]
    public void FuzzProgramsReduceLoopsIterationByIteration()
    {
        var programs = Enumerable.Range(0, 40).Select(seed => ProgramGenerator.Generate(seed, FuzzProfile.Full)).ToList();
        Assert.Contains(programs, p => p.Methods.Any(m => System.Text.RegularExpressions.Regex.IsMatch(m.Text, @"for \(int (j\d*) = 0; \1 < (w\d*)\.Length; \1\+\+\)")));
        var generated = programs.SelectMany(p => GeneratorHarness.Run(p.UserSource).Sources.Values);
        Assert.Contains(generated, g => g.Contains("and share nothing else: each runs its reverse sweep right after it", StringComparison.Ordinal));
    }

    /// <summary>
    /// Loop methods and vector functions (their Jacobians) declare locals given their value once in each arm of an
    /// <c>if</c>: such a local is not taped (<c>LoopAnalysis</c> counts assignments along one run), so the finite-difference
    /// checks cover reading it where it is, in both arms and after a second assignment.
    /// </summary>
    [Fact]
    public void FuzzProgramsAssignLocalsOnceInEachArm()
    {
        var methods = Enumerable.Range(0, 60).SelectMany(seed => ProgramGenerator.Generate(seed, FuzzProfile.Full).Methods).ToList();
        static bool ArmAssigned(MethodSpec m) => System.Text.RegularExpressions.Regex.IsMatch(m.Text, @"ℝ (a\d+);\s*\n\s*if \(");
        Assert.Contains(methods, m => m.Kind == MethodKind.Loop && ArmAssigned(m));
        Assert.Contains(methods, m => m.Kind == MethodKind.Vector && ArmAssigned(m));
    }

    /// <summary>
    /// Cube roots take arguments away from 0 (1 + e², or tanh e − 1.5), where the derivative is bounded: near 0 a tiny
    /// argument's rounding (a staircase in floating point) made finite differences of the primal disagree with the exact
    /// derivative (seed 1050209, a false "wrong derivative"). Both signs are still taken.
    /// </summary>
    [Fact]
    public void FuzzProgramsTakeCubeRootsAwayFromZero()
    {
        var cubeRoots = Enumerable.Range(0, 300).SelectMany(seed => ProgramGenerator.Generate(seed, FuzzProfile.Full).Methods)
            .SelectMany(m => System.Text.RegularExpressions.Regex.Matches(m.Text, @"𝕄\.Cbrt\((1ʳ \+|𝕄\.Tanh)").Select(match => (Method: m, match.Index, Tanh: match.Groups[1].Value != "1ʳ +")))
            .ToList();
        Assert.Contains(cubeRoots, c => c.Tanh);
        Assert.Contains(cubeRoots, c => !c.Tanh);
        foreach (var (method, index, _) in cubeRoots.Where(c => c.Tanh))
        {
            // The tanh's closing parenthesis, then the shift, then the cube root's.
            var (depth, at) = (0, index + "𝕄.Cbrt(".Length);
            do
            {
                depth += method.Text[at] == '(' ? 1 : method.Text[at] == ')' ? -1 : 0;
                at++;
            }
            while (depth > 0 || method.Text[at - 1] != ')');
            Assert.StartsWith(" - 1.5ʳ)", method.Text[at..], StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Scalar methods give a local a constant again and read it afterwards (in the return or a later statement), so a
    /// call may read a variable that is active but constant where it is read.
    /// </summary>
    [Fact]
    public void FuzzProgramsResetLocalsToConstants()
    {
        static int Resets(FuzzProfile profile) => Enumerable.Range(0, 100).SelectMany(seed => ProgramGenerator.Generate(seed, profile).Methods)
            .Count(m => m.Kind == MethodKind.Scalar && System.Text.RegularExpressions.Regex.IsMatch(m.Text, @"\b(t\d+) = \(?-?\d\.\d+ʳ\)?;[\s\S]*\b\1\b"));
        var resets = Resets(FuzzProfile.Full);
        Assert.True(resets > 2 * Resets(FuzzProfile.Full with { ConstantResets = false }) && resets >= 10, $"{resets} scalar methods reset a local to a constant");
    }

    /// <summary>The full profile asks for vector forward mode of scalar and loop methods, and the driver calls it there and on every vector function.</summary>
    [Fact]
    public void FuzzProgramsAskForVectorForwardMode()
    {
        var programs = Enumerable.Range(0, 100).Select(seed => ProgramGenerator.Generate(seed, FuzzProfile.Full)).ToList();
        foreach (var kind in new[] { MethodKind.Loop, MethodKind.Scalar })
        {
            Assert.Contains(programs, p => p.Methods.Any(m => m.Kind == kind && m.Attributes.Contains("PushforwardN = true", StringComparison.Ordinal)));
        }

        Assert.Contains(programs, p => p.Methods.Any(m => m.Attributes.Contains("PushforwardN = true, Hessian = true", StringComparison.Ordinal)));
        Assert.Contains(programs, p => p.Methods.Any(m => m.Kind == MethodKind.Vector) && DriverWriter.Write(p).Source.Contains("PushforwardN(", StringComparison.Ordinal));
        Assert.Contains(programs, p => p.IsFloat && DriverWriter.Write(p).Source.Contains("DirsF(tvs, ", StringComparison.Ordinal));
    }

    /// <summary>
    /// Loop methods call scalar methods that are inlined (InlinedCallees) and scalar methods that stay calls through
    /// their generated pullbacks (<c>Inline = false</c>), so both ways through a call are fuzzed.
    /// </summary>
    [Fact]
    public void FuzzProgramsCallBothInlinedCalleesAndCalleesThatStayCalls()
    {
        var programs = Enumerable.Range(0, 200).Select(seed => ProgramGenerator.Generate(seed, FuzzProfile.Full)).ToList();
        bool LoopCalls(FuzzProgram p, bool keepsCalls) => p.Methods.Any(caller => caller.Kind == MethodKind.Loop && p.Methods.Any(callee =>
            callee.Kind == MethodKind.Scalar && callee.Attributes.Contains("Inline = false", StringComparison.Ordinal) == keepsCalls
            && caller.Text.Contains(callee.Name + "(", StringComparison.Ordinal)));
        Assert.Contains(programs, p => LoopCalls(p, keepsCalls: true));
        Assert.Contains(programs, p => LoopCalls(p, keepsCalls: false));
    }

    /// <summary>
    /// Methods without loops over fixed elements (one island each) call the methods over scalars before them: ones that
    /// stay calls (a custom derivative, <c>Inline = false</c>), which the island makes with their partial derivatives,
    /// in methods that give back a result and in ones that only write outputs.
    /// </summary>
    [Fact]
    public void FuzzProgramsCallFromMethodsOverFixedElements()
    {
        var programs = Enumerable.Range(0, 300).Select(seed => ProgramGenerator.Generate(seed, FuzzProfile.Full)).ToList();
        bool IslandCalls(FuzzProgram p, MethodKind kind, Func<MethodSpec, bool> stays) => p.Methods.Any(caller =>
            caller.Name.StartsWith("F", StringComparison.Ordinal) && caller.Kind == kind && !caller.Text.Contains("for (", StringComparison.Ordinal)
            && p.Methods.Any(callee => stays(callee) && System.Text.RegularExpressions.Regex.IsMatch(caller.Text, $@"\b{callee.Name}\(")));
        foreach (var kind in new[] { MethodKind.Loop, MethodKind.Vector })
        {
            Assert.Contains(programs, p => IslandCalls(p, kind, callee => callee.Kind == MethodKind.CustomTarget));
            Assert.Contains(programs, p => IslandCalls(p, kind, callee => callee.Attributes.Contains("Inline = false", StringComparison.Ordinal)));
        }
    }

    /// <summary>The full profile asks for Hessians of loop methods over spans, checkpointed ones and ones that call others (scalar methods too) included, and the driver checks H·t along each span element.</summary>
    [Fact]
    public void FuzzProgramsAskForHessiansOfLoopMethods()
    {
        var programs = Enumerable.Range(0, 300).Select(seed => ProgramGenerator.Generate(seed, FuzzProfile.Full)).ToList();
        Assert.Contains(programs, p => p.Methods.Any(m => m.Kind == MethodKind.Loop && m.Attributes.Contains("Hessian = true", StringComparison.Ordinal)));
        Assert.Contains(programs, p => p.Methods.Any(m => m.Kind == MethodKind.Loop && m.Attributes.Contains("Hessian = true), Checkpoint", StringComparison.Ordinal)));
        Assert.Contains(programs, p => !p.IsFloat && System.Text.RegularExpressions.Regex.IsMatch(DriverWriter.Write(p).Source, @"HessianVectorProduct\(.*Sl\(tv, "));
        foreach (var kind in new[] { MethodKind.Loop, MethodKind.Scalar })
        {
            Assert.Contains(programs, p => p.Methods.Any(m => m.Kind == kind && m.Attributes.Contains("Hessian = true", StringComparison.Ordinal)
                && System.Text.RegularExpressions.Regex.Matches(m.Text, @"\b[SL]\d+\(").Any(c => c.Value != m.Name + "(")));
            // Through custom derivatives too: a call of a method with a [DerivativeOf] pullback or pushforward.
            Assert.Contains(programs, p => p.Methods.Any(m => m.Kind == kind && m.Attributes.Contains("Hessian = true", StringComparison.Ordinal)
                && System.Text.RegularExpressions.Regex.IsMatch(m.Text, @"\bCu\d+\(")));
        }
    }

    /// <summary>
    /// The full profile writes methods that return a real and write a span output beside it, in both shapes (a loop
    /// writing each element, and fixed elements: one island), with Hessians and vector forward mode; the driver checks
    /// the outputs' tangents and calls H·t on them (the shape whose H·t read an unallocated span).
    /// </summary>
    [Fact]
    public void FuzzProgramsAskForHessiansOfMethodsWithOutputsBesideTheirResult()
    {
        var programs = Enumerable.Range(0, 300).Select(seed => ProgramGenerator.Generate(seed, FuzzProfile.Full)).ToList();
        static bool Mixed(MethodSpec m, bool loop, string asked) => m.Kind == MethodKind.Mixed && m.Text.Contains("for (", StringComparison.Ordinal) == loop
            && m.Text.StartsWith("    public static ℝ ", StringComparison.Ordinal) && m.Params.Any(p => p.Kind == ParamKind.Output)
            && m.Attributes.Contains(asked, StringComparison.Ordinal);
        foreach (var loop in new[] { true, false })
        {
            Assert.Contains(programs, p => p.Methods.Any(m => Mixed(m, loop, "PushforwardN = true")));
            Assert.Contains(programs, p => !p.IsFloat && p.Methods.Any(m => Mixed(m, loop, "Hessian = true")
                && DriverWriter.Write(p).Source.Contains($"P.{m.Name}HessianVectorProduct(", StringComparison.Ordinal)));
        }

        // Outputs read back after they are written (into the result, a local or an output element).
        Assert.Contains(programs, p => p.Methods.Any(m => m.Kind == MethodKind.Mixed && System.Text.RegularExpressions.Regex.IsMatch(m.Text, @"= [^\n]*\bys\[")));

        // And read after the loop that wrote every element of them, in a method with a result (SD0023 rejected it before).
        Assert.Contains(programs, p => p.Methods.Any(m => m.Kind == MethodKind.Mixed && m.Text.Contains("+= ys[ys.Length - 1] * ", StringComparison.Ordinal)));
        var driver = DriverWriter.Write(programs.First(p => p.Methods.Any(m => m.Kind == MethodKind.Mixed && m.Attributes.Contains("PushforwardN = true", StringComparison.Ordinal)))).Source;
        Assert.Matches(@"Pushforward\(.*, ty\);", driver);
        Assert.Matches(@"PushforwardN\(.*, ty, tn\);", driver);
        Assert.Contains("return [r_, .. y_];", driver, StringComparison.Ordinal);
    }

    /// <summary>
    /// The classifier is not blind: a custom derivative off by a factor shows up as a wrong derivative, in a
    /// <c>float</c> program too (its double twin is the reference wherever the two agree).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FuzzClassifierCatchesAPlantedWrongDerivative(bool isFloat)
    {
        var target = new MethodSpec("Cube", MethodKind.CustomTarget, new[] { new Param("x", ParamKind.Real) }, "",
            "    public static ℝ Cube(ℝ x) => x * x * x;\n")
        {
            Companion = "\n    [DerivativeOf(nameof(Cube))]\n    public static ℝ CubePullback(ℝ x, ℝ seed, ref ℝ dX)\n    {\n        dX += seed * 2ʳ * x * x;\n        return Cube(x);\n    }\n",
        };
        var caller = new MethodSpec("UsesCube", MethodKind.Scalar, new[] { new Param("x0", ParamKind.Real) }, "[Differentiable]",
            "    public static ℝ UsesCube(ℝ x0) => Cube(x0) + x0;\n");
        var outcome = Classifier.Classify(new FuzzProgram(1, isFloat, new[] { target, caller }));
        Assert.True(outcome.Class == FuzzClass.Wrong, $"{outcome.Class} {outcome.Key}\n{outcome.Detail}");
    }

    /// <summary>
    /// The driver checks what a method writes beside its result: a custom pushforward off by a factor in the outputs
    /// alone (the result does not read them) shows up in the outputs' tangents, and the members of the result pass.
    /// </summary>
    [Fact]
    public void FuzzClassifierCatchesAPlantedWrongTangentOfAnOutput()
    {
        var target = new MethodSpec("Cube", MethodKind.CustomTarget, new[] { new Param("x", ParamKind.Real) }, "",
            "    public static ℝ Cube(ℝ x) => x * x * x;\n")
        {
            Companion = "\n    [DerivativeOf(nameof(Cube))]\n    public static (ℝ Value, ℝ Tangent) CubePushforward(ℝ x, ℝ tX) => (Cube(x), 2ʳ * x * x * tX);\n",
        };
        var parameters = new[] { new Param("xs0", ParamKind.Span), new Param("ys", ParamKind.Output) };
        var mixed = new MethodSpec("M1", MethodKind.Mixed, parameters, "[Differentiable(PushforwardN = true)]",
            "    public static ℝ M1(ReadOnlySpan<ℝ> xs0, Span<ℝ> ys)\n    {\n        for (int i = 0; i < ys.Length; i++)\n        {\n            ys[i] = Cube(xs0[i]);\n        }\n\n        return xs0[0] * xs0[1];\n    }\n")
        { MinLength = 2 };
        var outcome = Classifier.Classify(new FuzzProgram(1, false, new[] { target, mixed }));
        Assert.True(outcome.Class == FuzzClass.Wrong, $"{outcome.Class} {outcome.Key}\n{outcome.Detail}");
        Assert.Contains("tangent y[", outcome.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("d/d", outcome.Detail, StringComparison.Ordinal);
    }
}
