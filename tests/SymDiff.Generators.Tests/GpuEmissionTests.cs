using Microsoft.CodeAnalysis;
using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// The ILGPU printer's output and when it runs: only where the project references ILGPU and ILGPU.Algorithms (SD0027
/// once where Algorithms is missing), for every method with batched kernels, SD0028 on a method whose kernels cannot be
/// ILGPU kernels; the generated kernels and launchers compile without warnings, and match reviewed baselines. What the
/// kernels compute is checked on ILGPU's CPU accelerator and compiled to PTX in the SymDiff.Gpu.Tests project.
/// </summary>
public sealed class GpuEmissionTests
{
    private const string Source = """
        using System;
        using SymDiff;

        namespace Demo;

        public static partial class Units
        {
            [Differentiable(Batch = true)]
            public static float Elu(float z, [NoDerivative] float alpha)
            {
                if (z > 0f)
                {
                    return z;
                }

                return alpha * (MathF.Exp(z) - 1f);
            }

            [Differentiable(Batch = true)]
            public static double Loss(double logit, [NoDerivative(PerElement = true)] double y, [NoDerivative] double clip) =>
                Math.Clamp(Math.Max(logit, 0) - logit * y + Math.Log(1 + Math.Exp(-Math.Abs(logit))), 0, clip) + Math.Sign(y) * logit;

            [Differentiable]
            public static double NoBatch(double x) => x * x;

            [Differentiable(Batch = true)]
            public static float PRelu(float z, [Broadcast] float slope) => z >= 0f ? z : slope * z;
        }
        """;

    [Fact]
    public void KernelsAndLaunchersMatchTheBaseline()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), GeneratorHarness.CompileWith(GeneratorHarness.IlgpuWithAlgorithms, Source));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        var gpu = run.Sources.Where(s => s.Key.EndsWith(".Gpu.g.cs", StringComparison.Ordinal)).ToDictionary(s => s.Key, s => s.Value);
        Assert.Equal(new[] { "Demo.Units.Elu.Gpu.g.cs", "Demo.Units.Loss.Gpu.g.cs", "Demo.Units.PRelu.Gpu.g.cs" }, gpu.Keys.Order());

        // Kernels cannot call methods that may throw: Math.Clamp and Math.Sign are spelled without them.
        Assert.DoesNotContain("Math.Clamp", gpu["Demo.Units.Loss.Gpu.g.cs"], StringComparison.Ordinal);
        Assert.DoesNotContain("Math.Sign", gpu["Demo.Units.Loss.Gpu.g.cs"], StringComparison.Ordinal);
        Snapshot.Verify("GpuKernelsAndLaunchers", gpu);
    }

    [Fact]
    public void NothingGpuRelatedWithoutIlgpu()
    {
        var run = GeneratorHarness.Run(Source);
        Assert.Empty(run.Diagnostics);
        Assert.DoesNotContain(run.Sources.Keys, k => k.EndsWith(".Gpu.g.cs", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Sources.Values, s => s.Contains("ILGPU", StringComparison.Ordinal));
    }

    [Fact]
    public void IlgpuWithoutAlgorithmsSaysWhyOnce()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), GeneratorHarness.CompileWith(GeneratorHarness.Ilgpu, Source));
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("SD0027", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Equal(Location.None, diagnostic.Location);
        Assert.Contains("ILGPU.Algorithms", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(run.Sources.Keys, k => k.EndsWith(".Gpu.g.cs", StringComparison.Ordinal));
        Assert.Contains(run.Sources.Keys, k => k.EndsWith(".Batch.g.cs", StringComparison.Ordinal));
    }

    /// <summary>
    /// A kernel may call methods whose C# members are kernel code (<c>Softplus</c>, through <c>Twice</c>); a call to
    /// one that is not — a loop, Math.Clamp, a custom derivative, a method of another assembly — gets SD0028 on the
    /// caller's name, naming the callee, and the caller's other output as usual.
    /// </summary>
    [Theory]
    [InlineData("static double Callee(double x) { double s = 0; for (int i = 0; i < 3; i++) { s += x * i; } return s; }")]
    [InlineData("static double Callee(double x) => Math.Clamp(x, -1.0, 1.0);")]
    [InlineData("static double Callee(double x) => Twice(x) + Math.Sign(x);")]
    public void CallToAMethodThatIsNotKernelCodeGetsAnInfoOnTheCaller(string callee)
    {
        var source = $$"""
            using System;
            using SymDiff;
            public static partial class P
            {
                [Differentiable(Batch = true)] public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));
                [Differentiable(Batch = true)] public static double Twice(double x) => Softplus(x) * 2;
                [Differentiable] public {{callee}}
                [Differentiable(Batch = true)] public static double Caller(double x) => Callee(x) * x;
            }
            """;
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), GeneratorHarness.CompileWith(GeneratorHarness.IlgpuWithAlgorithms, source));
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("SD0028", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Equal("Caller", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Contains("calls Callee", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Contains("P.Softplus.Gpu.g.cs", run.Sources.Keys);
        Assert.Contains("P.Twice.Gpu.g.cs", run.Sources.Keys);
        Assert.Contains("SoftplusGradient(", run.Sources["P.Twice.Gpu.g.cs"], StringComparison.Ordinal);
        Assert.DoesNotContain("P.Caller.Gpu.g.cs", run.Sources.Keys);
        Assert.Contains("P.Caller.Batch.g.cs", run.Sources.Keys);
    }

    [Fact]
    public void CallToACustomDerivativeGetsAnInfoOnTheCaller()
    {
        const string source = """
            using System;
            using SymDiff;
            public static class Special { public static double Softplus(double x) => Math.Log(1 + Math.Exp(x)); }
            public static partial class P
            {
                [DerivativeOf(typeof(Special), nameof(Special.Softplus))]
                public static double SoftplusPullback(double x, double seed, ref double dX) { dX += seed / (1 + Math.Exp(-x)); return Special.Softplus(x); }

                [Differentiable(Batch = true)] public static double Caller(double x) => Special.Softplus(x) * x;
            }
            """;
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), GeneratorHarness.CompileWith(GeneratorHarness.IlgpuWithAlgorithms, source));
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("SD0028", diagnostic.Id);
        Assert.Contains("calls Softplus", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain("P.Caller.Gpu.g.cs", run.Sources.Keys);
    }

    [Fact]
    public void KernelWithMoreParametersThanIlgpuLoadsGetsAnInfo()
    {
        var parameters = string.Join(", ", Enumerable.Range(0, 7).Select(i => $"double x{i}"));
        var body = string.Join(" * ", Enumerable.Range(0, 7).Select(i => $"x{i}"));
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), GeneratorHarness.CompileWith(GeneratorHarness.IlgpuWithAlgorithms,
            $"using SymDiff; public static partial class P {{ [Differentiable(Batch = true)] public static double Wide({parameters}) => {body}; }}"));
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("SD0028", diagnostic.Id);
        Assert.Contains("15 parameters besides the thread index", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics);
    }

    /// <summary>
    /// [Broadcast] adjoints of two element types: a sum kernel for each (in the kernel cache class), named by type, with complete doc comments in a
    /// documented project, and nothing that fails to compile.
    /// </summary>
    [Fact]
    public void BroadcastAdjointsOfTwoTypesGetASumKernelEach()
    {
        const string source = """
            using SymDiff;

            /// <summary>Models.</summary>
            public static partial class P
            {
                /// <summary>A method with float and double shared parameters.</summary>
                /// <param name="x">The input.</param>
                /// <param name="a">A float gain.</param>
                /// <param name="b">A double offset.</param>
                /// <returns>The value.</returns>
                [Differentiable(Batch = true)]
                public static double Mixed(double x, [Broadcast] float a, [Broadcast] double b) => a * x * x + b * x;
            }
            """;
        var options = GeneratorHarness.DocumentationOptions;
        var compilation = (Microsoft.CodeAnalysis.CSharp.CSharpCompilation)GeneratorHarness.Compile(options, allowUnsafe: false, source).AddReferences(GeneratorHarness.IlgpuWithAlgorithms);
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(options, TestOptions.AllKernels), compilation);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        var gpu = run.Sources["P.Mixed.Gpu.g.cs"];
        Assert.Contains("public static void GpuSumFloatKernel(", gpu, StringComparison.Ordinal);
        Assert.Contains("public static void GpuSumDoubleKernel(", gpu, StringComparison.Ordinal);
    }
}
