using Microsoft.CodeAnalysis;
using SymDiff.Generators.Emit;
using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// Generated code in a project that sets <c>GenerateDocumentationFile</c> (and <c>TreatWarningsAsErrors</c>): every
/// generated member's doc comment is complete and well formed, so a documented user project builds with no warning.
/// </summary>
public sealed class DocumentationTests
{
    private const string Source = """
        using System;
        using SymDiff;

        namespace Demo;

        /// <summary>Documented [Differentiable] methods of every kind SymDiff generates code for.</summary>
        public static partial class Documented
        {
            /// <summary>A scalar method (gradient, pullback, pushforward and batched kernels).</summary>
            /// <param name="x">The input.</param>
            /// <param name="k">A slope.</param>
            /// <param name="y">A per-element target.</param>
            /// <param name="squared">Whether to square.</param>
            /// <returns>The loss.</returns>
            [Differentiable]
            public static double Loss(double x, [NoDerivative] double k, [NoDerivative(PerElement = true)] double y, bool squared)
            {
                var d = k * x - y;
                return squared ? d * d : Math.Abs(d);
            }

            /// <summary>A scalar loop method over spans.</summary>
            /// <param name="a">The first vector.</param>
            /// <param name="b">The second vector.</param>
            /// <param name="n">How many elements.</param>
            /// <returns>The dot product.</returns>
            [Differentiable]
            public static double Dot(ReadOnlySpan<double> a, double[] b, int n)
            {
                double s = 0;
                for (int i = 0; i < n; i++) { s += a[i] * b[i]; }
                return s;
            }

            /// <summary>A two-dimensional array input, with second derivatives.</summary>
            /// <param name="a">The matrix.</param>
            /// <param name="u">A vector.</param>
            /// <returns>uᵀAu.</returns>
            [Differentiable(Hessian = true)]
            public static double Quadratic(double[,] a, ReadOnlySpan<double> u)
            {
                double s = 0;
                for (int i = 0; i < a.GetLength(0); i++) { for (int j = 0; j < a.GetLength(1); j++) { s += u[i] * a[i, j] * u[j]; } }
                return s;
            }

            /// <summary>A vector method: span inputs, a scale and two span outputs.</summary>
            /// <param name="x">The input vector.</param>
            /// <param name="k">The scale.</param>
            /// <param name="offset">An offset that is not differentiated.</param>
            /// <param name="y">Receives k·x + offset.</param>
            /// <param name="z">Receives x².</param>
            [Differentiable]
            public static void Affine(ReadOnlySpan<double> x, double k, [NoDerivative] double offset, Span<double> y, Span<double> z)
            {
                for (int i = 0; i < x.Length; i++) { y[i] = k * x[i] + offset; z[i] = x[i] * x[i]; }
            }
        }
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GeneratedMembersDocumentEveryParameter(bool allowUnsafe)
    {
        var options = GeneratorHarness.DocumentationOptions;
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(options, TestOptions.AllKernels), GeneratorHarness.Compile(options, allowUnsafe, Source));
        Assert.Empty(run.Diagnostics);
        Assert.Equal(
            new[] { "Demo.Documented.Affine.g.cs", "Demo.Documented.Dot.g.cs", "Demo.Documented.Loss.Batch.g.cs", "Demo.Documented.Loss.g.cs", "Demo.Documented.Quadratic.g.cs" },
            run.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal));

        // CS1573: a parameter without a param tag in a comment that has some; CS1572: a param tag with no parameter;
        // CS1591: a public member without a comment; and every other warning the documentation mode adds.
        var warnings = run.CompilationDiagnostics.Select(d => d.ToString()).ToList();
        Assert.True(warnings.Count == 0, string.Join(Environment.NewLine, warnings));
    }

    [Theory]
    [InlineData("x < 0 && y > 1", "x &lt; 0 &amp;&amp; y &gt; 1")]
    [InlineData("Span<double> at \"k\"", "Span&lt;double&gt; at \"k\"")]
    [InlineData("&lt;", "&amp;lt;")]
    public void TextInDocCommentsIsEscaped(string text, string escaped) => Assert.Equal(escaped, DocComments.Escape(text));
}
