using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>Properties of the code generated for loop methods that the snapshots alone would not pin down.</summary>
public sealed class LoopEmissionTests
{
    private const string Overloads = """
        using System;
        using SymDiff;
        public static partial class C
        {
            [Differentiable] public static double Sq(double x) => x * x;
            [Differentiable] public static double Sq(ReadOnlySpan<double> x) { double s = 0; foreach (var v in x) { s += v * v; } return s; }
            [Differentiable] public static double Sq(double[] x) { double s = 0; foreach (var v in x) { s += v * v; } return s; }
            [Differentiable] public static void Sq(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < x.Length; i++) { y[i] = x[i] * x[i]; } }
        }
        """;

    [Fact]
    public void OverloadsOnSpansArraysAndScalarsGetOneFileEach()
    {
        // Hint names used to spell a span or array parameter like its element type, so Sq(double) and
        // Sq(ReadOnlySpan<double>) collided and the generator threw (CS8785: no derivative at all was generated).
        var run = GeneratorHarness.Run(TestOptions.AllKernels, Overloads);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Equal(
            new[] { "C.Sq-a0eb0f08.Batch.g.cs", "C.Sq-a0eb0f08.g.cs", "C.Sq-b2fc9205.g.cs", "C.Sq-b4a67ec4.g.cs", "C.Sq-c15d4d1c.g.cs" },
            run.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal));
    }

    [Fact]
    public void DocCommentsOfLoopMethodsAreWellFormedAndTheirCrefsResolve()
    {
        // With documentation diagnostics on (GenerateDocumentationFile), a cref written 'F(System.ReadOnlySpan<double>)'
        // was malformed XML (CS1570, CS1584), which TreatWarningsAsErrors turns into a failed build.
        var options = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);
        var source = CSharpSyntaxTree.ParseText("""
            using System;
            using SymDiff;
            /// <summary>Loop methods.</summary>
            public static partial class C
            {
                /// <summary>Dot product.</summary>
                [Differentiable]
                public static double Dot(ReadOnlySpan<double> a, double[] b) { double s = 0; for (int i = 0; i < a.Length; i++) { s += a[i] * b[i]; } return s; }

                /// <summary>Squares into a span, also returning their sum.</summary>
                [Differentiable]
                public static float Squares(ReadOnlySpan<float> x, Span<float> work) { float s = 0; for (int i = 0; i < x.Length; i++) { work[i] = x[i] * x[i]; s += work[i]; } return s; }

                /// <summary>A vector function.</summary>
                [Differentiable]
                public static void Scale(ReadOnlySpan<double> x, double k, Span<double> y) { for (int i = 0; i < x.Length; i++) { y[i] = k * x[i]; } }
            }
            """, options, path: "File0.cs");
        var compilation = GeneratorHarness.Compile().AddSyntaxTrees(source);
        CSharpGeneratorDriver.Create(new[] { new DifferentiableGenerator().AsSourceGenerator() }, parseOptions: options)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        Assert.Equal(3, output.SyntaxTrees.Count(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)));

        // Malformed XML, a cref that does not parse or resolve, a param tag for a parameter that does not exist.
        var malformed = new[] { "CS1570", "CS1574", "CS1580", "CS1584", "CS1658", "CS1572" };
        Assert.Empty(output.GetDiagnostics().Where(d => malformed.Contains(d.Id)).Select(d => d.ToString()));
    }

    [Fact]
    public void ReverseLoopsStartFromAKnownEndWithoutMathMax()
    {
        // The reverse sweep started 'for (i = Math.Max(0, 4) - 1; …)' and 'Math.Max(0, x.Length) - 1': a constant bound
        // is folded, and a length is never negative. A start above 0 keeps the Max (the loop may not run at all).
        var run = GeneratorHarness.Run("""
            using System;
            using SymDiff;
            public static partial class C
            {
                [Differentiable] public static double Fixed(ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < 4; i++) { s += x[i] * x[i]; } return s; }
                [Differentiable] public static double Whole(ReadOnlySpan<double> x) { double s = 0; for (int i = 0; i < x.Length; i++) { s += x[i] * s; } return s; }
                [Differentiable] public static double Tail(ReadOnlySpan<double> x) { double s = 0; for (int i = 1; i < x.Length; i++) { s += x[i] * s; } return s; }
            }
            """);
        Assert.Empty(run.CompilationDiagnostics);
        var text = string.Join("\n", run.Sources.Values);
        // Innermost loops run on block copies of their counter (iLocal).
        // The constant start's loop, four iterations (fewer than a Vector512 register holds), runs as written.
        Assert.Matches(@"for \((i\w*) = 3; \1 >= 0; \1 -= 1\)", text);
        Assert.Matches(@"for \((i\w*) = x\.Length - 1; \1 >= 0; \1 -= 1\)", text);
        Assert.Matches(@"for \((i\w*) = global::System\.Math\.Max\(1, x\.Length\) - 1; \1 >= 1; \1 -= 1\)", text);
        Assert.DoesNotContain("Math.Max(0,", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PushforwardEvaluatesEachRightHandSideOnce()
    {
        // The tangent of 'sum += Math.Exp(v[i] - max)' reads exp(v[i] − max); the primal assignment after it used to
        // evaluate the same exponential a second time instead of reusing the tangent's temporary.
        var run = GeneratorHarness.Run("""
            using System;
            using SymDiff;
            public static partial class C
            {
                [Differentiable]
                public static double F(ReadOnlySpan<double> v, double max)
                {
                    double sum = 0, product = 1;
                    for (int i = 0; i < v.Length; i++) { sum += Math.Exp(v[i] - max); product = product * Math.Sin(v[i]); }
                    return sum + product;
                }

                [Differentiable]
                public static void G(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < x.Length; i++) { y[i] = Math.Tanh(x[i]) * x[i]; } }
            }
            """);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        var f = Member(run.Sources["C.F.g.cs"], "FPushforward");
        Assert.Equal(1, Occurrences(f, "Math.Exp("));
        Assert.Equal(1, Occurrences(f, "Math.Sin("));
        var g = Member(run.Sources["C.G.g.cs"], "GPushforward");
        Assert.Equal(1, Occurrences(g, "Math.Tanh("));
    }

    [Fact]
    public void PushforwardAssignsTheValueAsWritten()
    {
        // The assigned value is printed from the graph the tangent is built on; built with the simplifying
        // constructors it would read x[i] / k (rounded differently) and drop x[i] * 0.0 (which is NaN for an infinite x[i]).
        var run = GeneratorHarness.Run("""
            using System;
            using SymDiff;
            public static partial class C
            {
                [Differentiable]
                public static void G(ReadOnlySpan<double> x, double k, Span<double> y) { for (int i = 0; i < x.Length; i++) { y[i] = Math.Exp(x[i]) * (1.0 / k) + x[i] * 0.0; } }
            }
            """);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        var g = Member(run.Sources["C.G.g.cs"], "GPushforward");
        Assert.Equal(1, Occurrences(g, "Math.Exp("));
        Assert.Matches(@"\sy\[\w+\] = \w+ \* \w+ \+ x\[\w+\] \* 0\.0;", g);
    }

    [Fact]
    public void JacobiansMixingFloatAndDoubleCompile()
    {
        // The Jacobian passed slices of its own matrix as the inputs' span adjoints, so an input whose element type
        // differed from the outputs' was a Span<double> where the pullback takes a Span<float> (CS1503).
        var run = GeneratorHarness.Run("""
            using System;
            using SymDiff;
            public static partial class C
            {
                [Differentiable] public static void FloatIn(ReadOnlySpan<float> a, float s, Span<double> y) { for (int i = 0; i < a.Length; i++) { y[i] = Math.Sin(a[i]) * s; } }
                [Differentiable] public static void DoubleIn(ReadOnlySpan<double> a, double s, Span<float> y) { for (int i = 0; i < a.Length; i++) { y[i] = (float)(a[i] * s); } }
                [Differentiable] public static void MixedIn(ReadOnlySpan<float> a, ReadOnlySpan<double> b, Span<double> y) { for (int i = 0; i < a.Length; i++) { y[i] = a[i] * b[i]; } }
                [Differentiable] public static void MixedOut(ReadOnlySpan<double> x, Span<float> f, Span<double> d) { for (int i = 0; i < x.Length; i++) { f[i] = (float)(x[i] * x[i]); d[i] = 2 * x[i]; } }
            }
            """);
        Assert.Empty(run.Diagnostics);
        Assert.True(run.CompilationDiagnostics.Count == 0, string.Join("\n", run.CompilationDiagnostics));
    }

    /// <summary>The generated code's own locals and parameters (tape, mark, g, value, seed, jacobian, rows, …) step aside for the user's names.</summary>
    [Fact]
    public void ParametersNamedLikeTheGeneratedLocalsCompile()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using SymDiff;
            public static partial class C
            {
                [Differentiable] public static double G(ReadOnlySpan<double> g, ReadOnlySpan<double> tape) { double s = 0; for (int i = 0; i < g.Length; i++) { s += g[i] * tape[i] * g[i]; } return s; }
                [Differentiable] public static double H(ReadOnlySpan<double> value, double seed, double mark) { double s = 0; for (int i = 0; i < value.Length; i++) { s += value[i] * seed * mark; } return s; }
                [Differentiable] public static void V(ReadOnlySpan<double> row, double rows, Span<double> jacobian) { for (int i = 0; i < row.Length; i++) { jacobian[i] = row[i] * rows; } }
                [Differentiable] public static void W(ReadOnlySpan<double> line, double columns, double scratch, Span<double> y) { for (int i = 0; i < line.Length; i++) { y[i] = F(line[i] * columns) * scratch; } }
                [Differentiable] public static double F(double value) => Math.Exp(value);
                [Differentiable, Checkpoint(Every = 2)] public static double R(double tape, double seed, [NoDerivative] ReadOnlySpan<double> g) { double h = 0; for (int i = 0; i < g.Length; i++) { double mark = Math.Tanh(tape * h + seed * g[i]); h = mark; } return h; }
            }
            """);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics);
    }

    /// <summary>The generated member named <paramref name="name"/>: its signature line up to the next member's doc comment.</summary>
    private static string Member(string source, string name)
    {
        var start = source.IndexOf($" {name}(", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no member {name} in:\n{source}");
        var end = source.IndexOf("/// <summary>", start, StringComparison.Ordinal);
        return end < 0 ? source[start..] : source[start..end];
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
