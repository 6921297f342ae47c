using Microsoft.CodeAnalysis;
using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// The kinds of type a <c>[Differentiable]</c> method can live in: classes (static, sealed, abstract, generic, nested in
/// a generic type, internal), structs (readonly, ref), records (class and struct) and interfaces. For every kind of
/// method (scalar with batched kernels, H·t and vector forward mode; loops with a Hessian; a vector function), every
/// member is generated and the generated partials compile without a warning.
/// </summary>
public sealed class ContainingTypeTests
{
    private const string Usings = "using System;\nusing SymDiff;\n";

    private const string Methods = """
        [Differentiable(Batch = true, Hessian = true, PushforwardN = true)] public static double F(double x, [Broadcast] double y) => x * Math.Sin(y);
        [Differentiable(Hessian = true)] public static double G(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { s += v[i] * v[i]; } return s; }
        [Differentiable] public static void H(ReadOnlySpan<double> x, double a, Span<double> y) { for (int i = 0; i < y.Length; i++) { y[i] = a * x[i]; } }
        """;

    public static TheoryData<string, string> Types() => new()
    {
        { "static class", "public static partial class P { %M }" },
        { "sealed class", "public sealed partial class P { public int Field; %M }" },
        { "abstract class", "public abstract partial class P { public abstract int Size { get; } %M }" },
        { "internal class", "internal partial class P { %M }" },
        { "generic class", "public partial class P<T> where T : struct { public T Value; %M }" },
        { "nested in a generic class", "public partial class Outer<T> { public static partial class P { %M } }" },
        { "nested in a struct", "public partial struct Outer { public static partial class P { %M } }" },
        { "struct", "public partial struct P { public double Field; %M }" },
        { "readonly struct", "public readonly partial struct P { public readonly double Field; %M }" },
        { "ref struct", "public ref partial struct P { public Span<double> Field; %M }" },
        { "record", "public partial record P(double A) { %M }" },
        { "record struct", "public partial record struct P(double A) { %M }" },
        { "interface", "public partial interface P { %M }" },
    };

    [Theory]
    [MemberData(nameof(Types))]
    public void EveryKindOfMethodInEveryKindOfTypeCompiles(string kind, string type)
    {
        var source = Usings + "namespace Demo;\n" + type.Replace("%M", Methods, StringComparison.Ordinal);
        var run = GeneratorHarness.Run(GeneratorHarness.CreateUntrackedDriver(TestOptions.AllKernels), GeneratorHarness.Compile(source));
        Assert.True(run.CompilationDiagnostics.Count == 0, $"{kind}: {string.Join("\n", run.CompilationDiagnostics.Take(5))}");
        Assert.Empty(run.Diagnostics);
        var files = run.Sources.Keys.Select(k => System.Text.RegularExpressions.Regex.Replace(k, @"^Demo\.(Outer(\{T\})?\.)?P(\{T\})?\.", string.Empty));
        Assert.Equal(new[] { "F.Batch.g.cs", "F.g.cs", "G.g.cs", "H.g.cs" }, files.Order());
    }
}
