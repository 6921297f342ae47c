using Microsoft.CodeAnalysis;
using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// The switches for what is emitted: batched kernels (opt-in per method, or SymDiffBatchKernels / symdiff_batch_kernels)
/// doc formulas (SymDiffDocFormulas / symdiff_doc_formulas) and file names (SymDiffFileNames / symdiff_file_names).
/// </summary>
public sealed class OptionsTests
{
    private const string Plain = """
        using System;
        using SymDiff;
        namespace Demo;
        public static partial class A
        {
            [Differentiable] public static double Sq(double x) => x * x;
        }
        """;

    private const string Asking = """
        using System;
        using SymDiff;
        namespace Demo;
        public static partial class B
        {
            [Differentiable(Batch = true)] public static double Sig(double z) => 1 / (1 + Math.Exp(-z));
            [Differentiable(Batch = false)] public static double Cube(double x) => x * x * x;
        }
        """;

    [Fact]
    public void NoBatchFileByDefault()
    {
        var run = GeneratorHarness.Run(Plain);
        Assert.Equal(new[] { "Demo.A.Sq.g.cs" }, Files(run));
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void BatchTrueAsksForKernels()
    {
        var run = GeneratorHarness.Run(Plain, Asking);
        Assert.Equal(new[] { "Demo.A.Sq.g.cs", "Demo.B.Cube.g.cs", "Demo.B.Sig.Batch.g.cs", "Demo.B.Sig.g.cs" }, Files(run));
        Assert.Contains("SigBatch(", run.Sources["Demo.B.Sig.Batch.g.cs"], StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void MsbuildAllGivesEveryMethodKernelsExceptThoseThatSayFalse()
    {
        var run = GeneratorHarness.Run(TestOptions.Msbuild("SymDiffBatchKernels", "all"), Plain, Asking);
        Assert.Equal(new[] { "Demo.A.Sq.Batch.g.cs", "Demo.A.Sq.g.cs", "Demo.B.Cube.g.cs", "Demo.B.Sig.Batch.g.cs", "Demo.B.Sig.g.cs" }, Files(run));
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void MsbuildNoneTurnsEveryKernelOff()
    {
        var run = GeneratorHarness.Run(TestOptions.Msbuild("SymDiffBatchKernels", "none"), Plain, Asking);
        Assert.Equal(new[] { "Demo.A.Sq.g.cs", "Demo.B.Cube.g.cs", "Demo.B.Sig.g.cs" }, Files(run));
    }

    [Fact]
    public void EditorconfigOverridesTheProjectPerFile()
    {
        // The project asks for none; File0's section turns them on there only. File1's section turns them off, even
        // for Sig, which asks.
        var options = new TestOptions(
            new Dictionary<string, string> { ["build_property.SymDiffBatchKernels"] = "none" },
            new Dictionary<string, IReadOnlyDictionary<string, string>>
            {
                ["File0.cs"] = new Dictionary<string, string> { ["symdiff_batch_kernels"] = "true" },
            });
        var run = GeneratorHarness.Run(options, Plain, Asking);
        Assert.Equal(new[] { "Demo.A.Sq.Batch.g.cs", "Demo.A.Sq.g.cs", "Demo.B.Cube.g.cs", "Demo.B.Sig.g.cs" }, Files(run));

        var off = new TestOptions(files: new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["File1.cs"] = new Dictionary<string, string> { ["symdiff_batch_kernels"] = "false" },
        });
        Assert.DoesNotContain(Files(GeneratorHarness.Run(off, Plain, Asking)), f => f.EndsWith(".Batch.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void DocFormulasOffLeavesShortDocsWithoutFormulas()
    {
        var on = GeneratorHarness.Run(Asking).Sources["Demo.B.Sig.g.cs"];
        Assert.Contains("DerivativeFormula(", on, StringComparison.Ordinal);
        Assert.Contains("<remarks>", on, StringComparison.Ordinal);

        var driver = GeneratorHarness.CreateDriver(GeneratorHarness.DocumentationOptions, TestOptions.Msbuild("SymDiffDocFormulas", "false"));
        var run = GeneratorHarness.Run(driver, GeneratorHarness.Compile(GeneratorHarness.DocumentationOptions, allowUnsafe: false, Asking));
        // The batch file's remarks describe the kernels, not formulas; only the derivative members' remarks go.
        foreach (var (hint, source) in run.Sources.Where(s => !s.Key.EndsWith(".Batch.g.cs", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain("DerivativeFormula", source, StringComparison.Ordinal);
            Assert.DoesNotContain("<remarks>", source, StringComparison.Ordinal);
            Assert.Contains("/// <summary>", source, StringComparison.Ordinal);
        }

        // Still fully documented: no CS1591 or malformed XML in generated code of a GenerateDocumentationFile project
        // (the test's own source has no doc comments, so its warnings are left out).
        Assert.DoesNotContain(run.CompilationDiagnostics, d => d.Location.SourceTree?.FilePath.StartsWith("File", StringComparison.Ordinal) != true);
    }

    [Fact]
    public void DocFormulasCanBeTurnedOffPerFile()
    {
        var options = new TestOptions(files: new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["File1.cs"] = new Dictionary<string, string> { ["symdiff_doc_formulas"] = "false" },
        });
        var run = GeneratorHarness.Run(options, Plain, Asking);
        Assert.Contains("DerivativeFormula(", run.Sources["Demo.A.Sq.g.cs"], StringComparison.Ordinal);
        Assert.DoesNotContain("DerivativeFormula(", run.Sources["Demo.B.Sig.g.cs"], StringComparison.Ordinal);
    }

    /// <summary>A loop whose reverse sweep runs on SIMD registers by default (the adjoint of a dot product's elements).</summary>
    private const string Looping = """
        using System;
        using SymDiff;
        namespace Demo;
        public static partial class L
        {
            [Differentiable]
            public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
            {
                double s = 0;
                for (int i = 0; i < a.Length; i++) { s += a[i] * b[i]; }
                return s;
            }
        }
        """;

    [Fact]
    public void SimdLoopsCanBeTurnedOffForTheProjectOrPerFile()
    {
        Assert.Contains("int vectorTrips", GeneratorHarness.Run(Looping).Sources["Demo.L.Dot.g.cs"], StringComparison.Ordinal);

        var off = GeneratorHarness.Run(TestOptions.Msbuild("SymDiffSimdLoops", "false"), Looping);
        Assert.Empty(off.CompilationDiagnostics);
        Assert.DoesNotContain("Vector256", off.Sources["Demo.L.Dot.g.cs"], StringComparison.Ordinal);

        // The project turns them off; File0's section turns them on again for its methods.
        var options = new TestOptions(
            new Dictionary<string, string> { ["build_property.SymDiffSimdLoops"] = "false" },
            new Dictionary<string, IReadOnlyDictionary<string, string>>
            {
                ["File0.cs"] = new Dictionary<string, string> { ["symdiff_simd_loops"] = "true" },
            });
        Assert.Contains("int vectorTrips", GeneratorHarness.Run(options, Looping).Sources["Demo.L.Dot.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void SignatureFileNamesSpellEveryParameterKind()
    {
        var run = GeneratorHarness.Run(TestOptions.Msbuild("SymDiffFileNames", "signature"), Plain, Asking);
        Assert.Equal(new[] { "Demo.A.Sq_Double.g.cs", "Demo.B.Cube_Double.g.cs", "Demo.B.Sig_Double.Batch.g.cs", "Demo.B.Sig_Double.g.cs" }, Files(run));

        var explicitShort = GeneratorHarness.Run(TestOptions.Msbuild("SymDiffFileNames", "Short"), Plain, Asking);
        Assert.Equal(new[] { "Demo.A.Sq.g.cs", "Demo.B.Cube.g.cs", "Demo.B.Sig.Batch.g.cs", "Demo.B.Sig.g.cs" }, Files(explicitShort));
    }

    [Fact]
    public void FileNamesCanBeSetPerFile()
    {
        // The project says signature; File1's section says short, for its methods only.
        var options = new TestOptions(
            new Dictionary<string, string> { ["build_property.SymDiffFileNames"] = "signature" },
            new Dictionary<string, IReadOnlyDictionary<string, string>>
            {
                ["File1.cs"] = new Dictionary<string, string> { ["symdiff_file_names"] = "short" },
            });
        var run = GeneratorHarness.Run(options, Plain, Asking);
        Assert.Equal(new[] { "Demo.A.Sq_Double.g.cs", "Demo.B.Cube.g.cs", "Demo.B.Sig.Batch.g.cs", "Demo.B.Sig.g.cs" }, Files(run));
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Theory]
    [InlineData("SymDiffBatchKernels", "sometimes", "all, none", "batched kernels only for methods marked [Differentiable(Batch = true)]")]
    [InlineData("SymDiffDocFormulas", "yes", "true, false", "true")]
    [InlineData("SymDiffFileNames", "long", "short, signature", "short")]
    [InlineData("SymDiffSimdLoops", "maybe", "true, false", "true")]
    public void AnUnknownMsbuildValueIsOneWarningAndTheDefault(string property, string value, string accepted, string fallback)
    {
        var run = GeneratorHarness.Run(TestOptions.Msbuild(property, value), Plain, Asking);

        var warning = Assert.Single(run.Diagnostics);
        Assert.Equal(("SD0026", DiagnosticSeverity.Warning, Location.None), (warning.Id, warning.Severity, warning.Location));
        var message = warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"MSBuild property {property} is '{value}'", message, StringComparison.Ordinal);
        Assert.Contains(accepted, message, StringComparison.Ordinal);
        Assert.Contains(fallback, message, StringComparison.Ordinal);
        Assert.Equal(Files(GeneratorHarness.Run(Plain, Asking)), Files(run));
        Assert.Contains("DerivativeFormula(", run.Sources["Demo.B.Sig.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownEditorconfigValueIsOneWarningForAllItsFiles()
    {
        // Both files' sections say 'long'; the project says signature, which then applies to both.
        var options = new TestOptions(
            new Dictionary<string, string> { ["build_property.SymDiffFileNames"] = "signature" },
            new Dictionary<string, IReadOnlyDictionary<string, string>>
            {
                ["File0.cs"] = new Dictionary<string, string> { ["symdiff_file_names"] = "long" },
                ["File1.cs"] = new Dictionary<string, string> { ["symdiff_file_names"] = "long", ["symdiff_doc_formulas"] = "False" },
            });
        var run = GeneratorHarness.Run(options, Plain, Asking);

        var warning = Assert.Single(run.Diagnostics);
        Assert.Equal("SD0026", warning.Id);
        Assert.Contains(".editorconfig key symdiff_file_names is 'long'", warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(new[] { "Demo.A.Sq_Double.g.cs", "Demo.B.Cube_Double.g.cs", "Demo.B.Sig_Double.Batch.g.cs", "Demo.B.Sig_Double.g.cs" }, Files(run));
        Assert.DoesNotContain("DerivativeFormula(", run.Sources["Demo.B.Sig_Double.g.cs"], StringComparison.Ordinal);

        // A later run of the same compilation (an edit elsewhere) reports it once again, not twice.
        var second = GeneratorHarness.Run(run.Driver, run.Input);
        Assert.Single(second.GeneratorDiagnostics);
    }

    [Fact]
    public void ChangingTheBatchOptionReEmitsOnlyBatchOutput()
    {
        var first = GeneratorHarness.Run(Plain, Asking);
        var driver = first.Driver.WithUpdatedAnalyzerConfigOptions(TestOptions.Msbuild("SymDiffBatchKernels", "all"));
        var second = driver.RunGenerators(first.Input).GetRunResult().Results.Single();

        foreach (var step in new[] { TrackingNames.MethodModels, TrackingNames.EmitInputs, TrackingNames.MethodOutputs })
        {
            Assert.All(second.TrackedSteps[step].SelectMany(s => s.Outputs), o =>
                Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step} was {o.Reason}"));
        }

        Assert.Contains(second.TrackedSteps[TrackingNames.BatchInputs].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.New);
        Assert.Contains(second.GeneratedSources, s => s.HintName == "Demo.A.Sq.Batch.g.cs");
    }

    private static List<string> Files(GeneratorRun run) => run.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
}
