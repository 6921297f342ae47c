using Microsoft.CodeAnalysis;
using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// When per-example ILGPU kernels are generated: for a method with loops or spans that takes
/// <c>[NoDerivative(PerElement = true)]</c> data, in a project referencing ILGPU, ILGPU.Algorithms and SymDiff.Gpu (its
/// device tape); SD0028 on the method's name saying what to reference or what stands in the way otherwise. The kernels
/// and launchers compile without warnings and match a reviewed baseline; what they compute is checked on ILGPU's CPU
/// accelerator, and compiled to PTX, in the SymDiff.Gpu.Tests project.
/// </summary>
public sealed class PerExampleEmissionTests
{
    private const string Source = """
        using System;
        using SymDiff;

        namespace Demo;

        public static partial class Losses
        {
            [Differentiable]
            public static double Logistic(ReadOnlySpan<double> w, [Broadcast] double bias, [NoDerivative(PerElement = true)] ReadOnlySpan<double> x, [NoDerivative(PerElement = true)] double y)
            {
                double z = bias;
                for (int j = 0; j < x.Length; j++)
                {
                    z += w[j] * x[j];
                }

                return Math.Log(1 + Math.Exp(-y * z));
            }

            [Differentiable]
            public static float Smoothed(ReadOnlySpan<float> w, [NoDerivative(PerElement = true)] ReadOnlySpan<float> x, [NoDerivative] int width)
            {
                Span<float> h = stackalloc float[width];
                float total = 0f;
                for (int k = 0; k < width; k++)
                {
                    h[k] = MathF.Tanh(w[k] * x[k % x.Length]);
                    total += Math.Clamp(h[k], -0.5f, 0.5f);
                }

                return total * total;
            }

            [Differentiable]
            public static double NotPerExample(ReadOnlySpan<double> w)
            {
                double s = 0;
                foreach (var v in w)
                {
                    s += v * v;
                }

                return s;
            }
        }
        """;

    [Fact]
    public void KernelsAndLaunchersMatchTheBaseline()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), GeneratorHarness.CompileWith(GeneratorHarness.IlgpuWithRuntime, Source));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        var gpu = run.Sources.Where(s => s.Key.EndsWith(".Gpu.g.cs", StringComparison.Ordinal)).ToDictionary(s => s.Key, s => s.Value);
        Assert.Equal(new[] { "Demo.Losses.Logistic.Gpu.g.cs", "Demo.Losses.Smoothed.Gpu.g.cs" }, gpu.Keys.Order());

        // Kernels cannot call methods that may throw: Math.Clamp is spelled without it, in the loop's islands too.
        Assert.DoesNotContain("Math.Clamp", gpu["Demo.Losses.Smoothed.Gpu.g.cs"], StringComparison.Ordinal);
        Assert.DoesNotContain("global::System.Span<", gpu["Demo.Losses.Smoothed.Gpu.g.cs"], StringComparison.Ordinal);
        Assert.Contains("tape.ZerosSingle(width)", gpu["Demo.Losses.Smoothed.Gpu.g.cs"], StringComparison.Ordinal);
        Snapshot.Verify("PerExampleKernels", gpu);
    }

    /// <summary>In a project that documents its API, the kernels, launchers and argument structs are documented in full (no CS1591 or malformed comments).</summary>
    [Fact]
    public void DocumentedProjectsGetCompleteDocComments()
    {
        var compilation = (Microsoft.CodeAnalysis.CSharp.CSharpCompilation)GeneratorHarness.Compile(GeneratorHarness.DocumentationOptions, allowUnsafe: false, Documented(Source))
            .AddReferences(GeneratorHarness.IlgpuWithRuntime);
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(GeneratorHarness.DocumentationOptions), compilation);
        Assert.Empty(run.Diagnostics);
        Assert.DoesNotContain(run.CompilationDiagnostics, d => d.Location.SourceTree?.FilePath.EndsWith(".Gpu.g.cs", StringComparison.Ordinal) == true);
    }

    /// <summary>The test source with doc comments on its own public members.</summary>
    private static string Documented(string source) => source
        .Replace("public static partial class Losses", "/// <summary>Losses.</summary>\npublic static partial class Losses", StringComparison.Ordinal)
        .Replace("    [Differentiable]\n    public static", "    /// <summary>A loss.</summary>\n    [Differentiable]\n    public static", StringComparison.Ordinal);

    [Fact]
    public void WithoutSymDiffGpuSaysWhatToReference()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), GeneratorHarness.CompileWith(GeneratorHarness.IlgpuWithAlgorithms, Source));
        Assert.Equal(new[] { "Logistic", "Smoothed" }, run.Diagnostics.Select(d => Named(d, Source)).Order());
        Assert.All(run.Diagnostics, d =>
        {
            Assert.Equal("SD0028", d.Id);
            Assert.Equal(DiagnosticSeverity.Info, d.Severity);
            Assert.Contains("add a reference to the SymDiff.Gpu package", d.GetMessage(), StringComparison.Ordinal);
        });
        Assert.DoesNotContain(run.Sources.Keys, k => k.EndsWith(".Gpu.g.cs", StringComparison.Ordinal));
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void NothingWithoutIlgpu()
    {
        var run = GeneratorHarness.Run(Source);
        Assert.Empty(run.Diagnostics);
        Assert.DoesNotContain(run.Sources.Keys, k => k.EndsWith(".Gpu.g.cs", StringComparison.Ordinal));
    }

    /// <summary>What keeps a method from per-example kernels: SD0028 on its name, saying what; its CPU members as usual.</summary>
    [Theory]
    [InlineData(
        "static void F(ReadOnlySpan<double> w, [NoDerivative(PerElement = true)] ReadOnlySpan<double> x, Span<double> output) { for (int i = 0; i < x.Length; i++) { output[i] = w[i] * x[i]; } }",
        "writes span outputs")]
    [InlineData(
        "static double F(ReadOnlySpan<double> w, [NoDerivative(PerElement = true)] ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) { s += Far(w[i] * x[i]); } return s; } [Differentiable(Inline = false)] public static double Far(double v) => v * v;",
        "it calls Far, which is not inlined")]
    [InlineData(
        "static double F(double[,] w, [NoDerivative(PerElement = true)] ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) { s += w[i, 0] * x[i]; } return s; }",
        "two-dimensional array")]
    [InlineData(
        "static double F(ReadOnlySpan<double> w, [NoDerivative(PerElement = true)] ReadOnlySpan<double> x, bool square) { double s = 0; for (int i = 0; i < x.Length; i++) { s += w[i] * x[i]; } return square ? s * s : s; }",
        "its parameter square has type bool; per-example kernels take double, float and int scalars")]
    [InlineData(
        "static double F(ReadOnlySpan<double> w, [NoDerivative(PerElement = true)] ReadOnlySpan<double> x) { Span<bool> on = stackalloc bool[x.Length]; double s = 0; for (int i = 0; i < x.Length; i++) { on[i] = x[i] > 0; if (on[i]) { s += w[i] * x[i]; } } return s; }",
        "local buffer on holds bool")]
    [InlineData(
        "static double F(ReadOnlySpan<double> w, [NoDerivative(PerElement = true)] ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) { if (Flags[i % 2]) { s += w[i] * x[i]; } } return s; } static readonly bool[] Flags = { true, false };",
        "reads the static array P.Flags of bool")]
    public void WhatStandsInTheWayIsSaidOnTheMethod(string method, string reason)
    {
        var source = $$"""
            using System;
            using SymDiff;
            public static partial class P
            {
                [Differentiable] public {{method}}
            }
            """;
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), GeneratorHarness.CompileWith(GeneratorHarness.IlgpuWithRuntime, source));
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "SD0028");
        Assert.Equal("F", Named(diagnostic, source));
        Assert.Contains(reason, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain("P.F.Gpu.g.cs", run.Sources.Keys);
        Assert.Contains("P.F.g.cs", run.Sources.Keys);
        Assert.Empty(run.CompilationDiagnostics);
    }

    /// <summary>
    /// Overloads whose GPU members would take the same view types (a span and an array are both ArrayView): the first
    /// gets them, the later one SD0028 naming the first; both keep their C# members, and nothing fails to compile
    /// (CS0111 before).
    /// </summary>
    [Fact]
    public void OverloadsWhoseLaunchersWouldCollideGetThemOnce()
    {
        const string source = """
            using System;
            using SymDiff;
            public static partial class P
            {
                [Differentiable] public static double F(ReadOnlySpan<double> w, [NoDerivative(PerElement = true)] ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) { s += w[i] * x[i]; } return s * s; }
                [Differentiable] public static double F(double[] w, [NoDerivative(PerElement = true)] ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) { s += w[i] * x[i]; } return s; }
            }
            """;
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), GeneratorHarness.CompileWith(GeneratorHarness.IlgpuWithRuntime, source));
        Assert.Empty(run.CompilationDiagnostics);
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("SD0028", diagnostic.Id);
        Assert.Equal(source.IndexOf("F(double[]", StringComparison.Ordinal), diagnostic.Location.SourceSpan.Start);
        Assert.Contains("the overload 'F(ReadOnlySpan<double>, ReadOnlySpan<double>)'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Single(run.Sources.Keys, k => k.EndsWith(".Gpu.g.cs", StringComparison.Ordinal));
        Assert.Equal(2, run.Sources.Keys.Count(k => k.StartsWith("P.F", StringComparison.Ordinal) && !k.Contains("Gpu", StringComparison.Ordinal)));
    }

    /// <summary>
    /// Overloads with [Broadcast] adjoints of one type: each sums them with a kernel of its own kernel cache class (they
    /// were both <c>FGpuSumKernel</c> of the type, CS0111; fuzzer seed 1008132's mutant).
    /// </summary>
    [Fact]
    public void OverloadsWithBroadcastAdjointsCompile()
    {
        const string source = """
            using SymDiff;
            public static partial class P
            {
                [Differentiable(Batch = true)] public static double F(double x, [Broadcast] double b) => x * b;
                [Differentiable(Batch = true)] public static double F(double x, [Broadcast] double b, [NoDerivative] int k) => x * b * k;
            }
            """;
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), GeneratorHarness.CompileWith(GeneratorHarness.IlgpuWithRuntime, source));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Equal(2, run.Sources.Keys.Count(k => k.EndsWith(".Gpu.g.cs", StringComparison.Ordinal)));
    }

    /// <summary>
    /// An [Obsolete] method: its kernels and launchers are obsolete too, its argument structs not (the kernel cache class
    /// holds delegates over them: CS0618 there, fuzzer seed 1008813's mutant), and nothing warns.
    /// </summary>
    [Fact]
    public void AnObsoleteMethodsKernelsCompileWithoutWarnings()
    {
        const string source = """
            using System;
            using SymDiff;
            public static partial class P
            {
                [Obsolete("old")]
                [Differentiable] public static double F(ReadOnlySpan<double> w, [NoDerivative(PerElement = true)] ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) { s += w[i] * x[i]; } return s * s; }
            }
            """;
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), GeneratorHarness.CompileWith(GeneratorHarness.IlgpuWithRuntime, source));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Contains("[global::System.Obsolete(\"old\")]\n    public static void FGpuBackward(", run.Sources["P.F.Gpu.g.cs"].ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    private static string Named(Diagnostic d, string source) => source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length);
}
