using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// Generated file names: <c>Namespace.Type.Method.g.cs</c> whatever the parameters, overloads told apart by a hash of
/// their parameter types that does not depend on where they are declared.
/// </summary>
public sealed class FileNameTests
{
    [Fact]
    public void AMethodWithManyParametersGetsAShortName()
    {
        // Fifteen parameters used to give a 263-character name, too long for EmitCompilerGeneratedFiles (CS0016).
        var run = GeneratorHarness.Run("""
            using System;
            using SymDiff;
            namespace App.Models;
            public static partial class Mlp
            {
                [Differentiable]
                public static double MlpLoss(
                    ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, ReadOnlySpan<double> b2,
                    ReadOnlySpan<double> w3, ReadOnlySpan<double> b3, [NoDerivative] ReadOnlySpan<double> x,
                    [NoDerivative] ReadOnlySpan<double> y, double l2, [NoDerivative] double scale, [NoDerivative] int inputs,
                    [NoDerivative] int hidden1, [NoDerivative] int hidden2, [NoDerivative] int outputs, [NoDerivative] int batch)
                {
                    double s = l2 * scale;
                    for (int i = 0; i < w1.Length; i++) { s += w1[i] * w1[i] + b1[i % b1.Length] + w2[i % w2.Length] + b2[i % b2.Length]; }
                    for (int i = 0; i < w3.Length; i++) { s += w3[i] * b3[i % b3.Length] * x[i % x.Length] * y[i % y.Length]; }
                    return s + inputs + hidden1 + hidden2 + outputs + batch;
                }
            }
            """);

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Equal(new[] { "App.Models.Mlp.MlpLoss.g.cs" }, run.Sources.Keys);
    }

    [Fact]
    public void OverloadsAreToldApartByAHashOfTheirParameterTypes()
    {
        var run = GeneratorHarness.Run(TestOptions.AllKernels, """
            using SymDiff;
            public static partial class C
            {
                [Differentiable] public static double Sq(double x) => x * x;
                [Differentiable] public static float Sq(float x) => x * x;
                [Differentiable] public static double Cube(double x) => x * x * x;
            }
            """);

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);

        // Only overloads get a suffix; the hash is FNV-1a of the parameter types as generated code spells them, so it
        // is the same in every build ("double" hashes to a0eb0f08).
        var names = run.Sources.Keys.Where(k => !k.EndsWith(".Batch.g.cs", StringComparison.Ordinal)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        Assert.Equal(3, names.Count);
        Assert.Equal("C.Cube.g.cs", names[0]);
        Assert.Contains("C.Sq-a0eb0f08.g.cs", names);
        Assert.All(names.Skip(1), name => Assert.Matches(@"^C\.Sq-[0-9a-f]{8}\.g\.cs$", name));
        Assert.Contains("SqGradient(double x", run.Sources["C.Sq-a0eb0f08.g.cs"], StringComparison.Ordinal);
        Assert.Contains("C.Sq-a0eb0f08.Batch.g.cs", run.Sources.Keys);
    }

    [Fact]
    public void AnOverloadKeepsItsFileWhenOverloadsAreReorderedOrMoved()
    {
        const string Header = "using System;\nusing SymDiff;\n";
        const string ScalarSq = "[Differentiable] public static double Sq(double x) => x * x;";
        const string SpanSq = "[Differentiable] public static double Sq(ReadOnlySpan<double> x) { double s = 0; foreach (var v in x) { s += v * v; } return s; }";
        const string TwoSq = "[Differentiable] public static double Sq(double x, double y) => x * x + y * y;";

        var together = GeneratorHarness.Run(Header + $"public static partial class C {{ {ScalarSq} {SpanSq} {TwoSq} }}");
        var moved = GeneratorHarness.Run(
            Header + $"public static partial class C {{ {TwoSq} }}",
            Header + $"public static partial class C {{ {SpanSq} {ScalarSq} }}");

        Assert.Empty(together.Diagnostics);
        Assert.Empty(moved.Diagnostics);
        Assert.Equal(3, together.Sources.Count);
        Assert.Equal(together.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal), moved.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.All(together.Sources, source => Assert.Equal(source.Value, moved.Sources[source.Key]));
    }
}
