using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// Names and declarations the generated code must get right whatever the user calls things: colliding derived names,
/// keyword-named parameters, overloads whose generated members collide, file-local types, obsolete methods, and
/// projects on older language versions or without nullable annotations. Every case compiles without a warning.
/// </summary>
public sealed class GeneratedNameTests
{
    private const string Usings = "using System;\nusing SymDiff;\n";

    /// <summary>Loop bodies, span adjoints and span outputs take the loop emitter's path; all-scalar methods also get batched kernels.</summary>
    [Theory]
    [InlineData("[Differentiable] public static double F(double q, double Q) => q * Q + Q;")]
    [InlineData("[Differentiable] public static double F(double x, double dX) => x * dX;")]
    [InlineData("[Differentiable] public static double F(double x, double tX, double dX2) => x * tX * dX2;")]
    [InlineData("[Differentiable] public static double F(double seed, double upstream) => seed * upstream;")]
    [InlineData("[Differentiable] public static double F(double seed, double upstream, double adjoint, double result, double values, double output) => seed * upstream * adjoint * result * values * output;")]
    [InlineData("[Differentiable] public static double F(double x, double dX) { double dX2 = x * dX; double value = dX2 * x; return value * dX2; }")]
    [InlineData("[Differentiable] public static double F(double x, double F) => x * F;")]
    [InlineData("[Differentiable] public static double F(ReadOnlySpan<double> q, double Q) { double s = 0; for (int i = 0; i < q.Length; i++) { s += q[i] * Q; } return s; }")]
    [InlineData("[Differentiable] public static double F(ReadOnlySpan<double> x, ReadOnlySpan<double> dX) { double s = 0; for (int i = 0; i < x.Length; i++) { s += x[i] * dX[i]; } return s; }")]
    [InlineData("[Differentiable] public static void F(ReadOnlySpan<double> x, double y, Span<double> seedY, Span<double> Y) { for (int i = 0; i < x.Length; i++) { seedY[i] = x[i] * y; Y[i] = x[i]; } }")]
    [InlineData("[Differentiable] public static double F(ReadOnlySpan<double> tape, double mark, double seed) { double s = 0; for (int i = 0; i < tape.Length; i++) { s += tape[i] * mark * seed; } return s; }")]
    // A span output named tape: its snapshot (tapeValues2) declared after a tape nest's block declared tapeValues (CS0136, fuzzer seed 1060214).
    [InlineData("[Differentiable] public static double F(Span<double> tape, ReadOnlySpan<double> x) { double s = x[0]; foreach (var v in Table) { s += v * Math.Sin(s * 0.75); } for (int i = 0; i < tape.Length; i++) { tape[i] = Math.Asinh(x[i] - s); s += tape[i] * s / (0.75 + s * s); } tape[0] = Math.Exp(-x[0] * x[0]) + s; s += Math.Sin(tape[0]); return s; } static readonly double[] Table = { 0.5, -1.25, 2.0 };")]
    public void CollidingGeneratedNamesCompile(string members) => AssertCompiles(members);

    /// <summary>
    /// The one rule for a generated name (<see cref="Model.GeneratedNames.Free"/>): the first candidate neither taken nor
    /// a C# keyword, else the first with 2, 3, … appended; the name is taken from then on.
    /// </summary>
    [Fact]
    public void A_generated_name_is_the_first_free_candidate_then_numbered()
    {
        var taken = new HashSet<string>(StringComparer.Ordinal) { "seed" };
        Assert.Equal("upstream", Model.GeneratedNames.Free(taken, "seed", "upstream"));
        Assert.Equal("seed2", Model.GeneratedNames.Free(taken, "seed", "upstream"));
        Assert.Equal("seed3", Model.GeneratedNames.Free(taken, "seed"));
        Assert.Equal("class2", Model.GeneratedNames.Free(taken, "class"));
        Assert.Equal("event2", Model.GeneratedNames.Free(taken, "event", "int"));
        Assert.Contains("class2", taken);
    }

    /// <summary>A pullback's seed is named by the same candidates whatever the body: upstream where a parameter is named seed.</summary>
    [Fact]
    public void ThePullbacksSeedIsUpstreamWhereAParameterIsNamedSeedInEveryKindOfBody()
    {
        var scalar = Run("[Differentiable] public static double F(double seed, double x) => seed * x;");
        var loop = Run("[Differentiable] public static double G(ReadOnlySpan<double> x, double seed) { double s = 0; for (int i = 0; i < x.Length; i++) { s += x[i] * seed; } return s; }");
        Assert.Contains("double upstream, ref double dSeed", scalar.Sources["P.F.g.cs"], StringComparison.Ordinal);
        Assert.Contains("double upstream, global::System.Span<double> dX, ref double dSeed", loop.Sources["P.G.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void CollidingAdjointsGetADigitAndKeepTheContractOtherwise()
    {
        var run = Run("[Differentiable] public static double F(double q, double Q, double x) => q * Q * x;");
        var source = run.Sources.Single(s => !s.Key.EndsWith(".Batch.g.cs", StringComparison.Ordinal)).Value;
        Assert.Contains("out double dQ, out double dQ2, out double dX)", source, StringComparison.Ordinal);
        Assert.Contains("double tQ, double tQ2, double tX)", source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Differentiable] public static double F(double @return, double @in) => @return * @in;")]
    [InlineData("[Differentiable] public static double F(double @this, double @out, [NoDerivative] double @params) => @this * @out + @params;")]
    [InlineData("[Differentiable] public static double F(double @double, double @class) { double @int = @double * @class; return @int * @int; }")]
    [InlineData("[Differentiable] public static double F(ReadOnlySpan<double> @in, double @return) { double @out = 0; for (int i = 0; i < @in.Length; i++) { @out += @in[i] * @return; } return @out; }")]
    [InlineData("[Differentiable] public static void F(ReadOnlySpan<double> @in, Span<double> @out) { for (int i = 0; i < @in.Length; i++) { @out[i] = @in[i] * @in[i]; } }")]
    [InlineData("[Differentiable] public static double @in(double @this) => @this * @this; [Differentiable] public static double G(double @base) => @in(@base) + 1;")]
    public void KeywordNamedParametersAreEscaped(string members) => AssertCompiles(members);

    [Fact]
    public void KeywordNamedParametersHaveWellFormedDocs()
    {
        var options = GeneratorHarness.DocumentationOptions;
        var compilation = GeneratorHarness.Compile(options, allowUnsafe: false, Usings + """
            /// <summary>Keywords.</summary>
            public static partial class P
            {
                /// <summary>A product.</summary>
                /// <param name="return">One.</param>
                /// <param name="in">Other.</param>
                /// <returns>Their product.</returns>
                [Differentiable] public static double F(double @return, double @in) => @return * @in;

                /// <summary>A sum.</summary>
                /// <param name="in">Values.</param>
                /// <returns>Their sum of squares.</returns>
                [Differentiable] public static double G(ReadOnlySpan<double> @in) { double s = 0; for (int i = 0; i < @in.Length; i++) { s += @in[i] * @in[i]; } return s; }

                /// <summary>A square.</summary>
                /// <param name="this">The value.</param>
                /// <returns>Its square.</returns>
                [Differentiable] public static double @in(double @this) => @this * @this;
            }
            """);
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(options), compilation);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationDiagnostics.Select(d => d.ToString()));
    }

    [Theory]
    [InlineData("[Differentiable] public static double Sq(double Sq) => Sq * Sq;")]
    [InlineData("[Differentiable] public static double Sq(double x, [NoDerivative] double SqPullback) => x * x * SqPullback;")]
    [InlineData("[Differentiable] public static double Sum(ReadOnlySpan<double> Sum) { double s = 0; for (int i = 0; i < Sum.Length; i++) { s += Sum[i] * Sum[i]; } return s; }")]
    [InlineData("[Differentiable] public static double Sq(double x) { double Sq = x * x; return Sq; } [Differentiable] public static double G(double Sq) => P.Sq(Sq) * 2;")]
    public void ParametersNamedLikeTheMethodCompile(string members) => AssertCompiles(members);

    [Theory]
    [InlineData("[Obsolete(\"use G\", true)] [Differentiable] public static double Sq(double x) => x * x;")]
    [InlineData("[Obsolete(\"use G\")] [Differentiable] public static double Sq(double x) => x * x;")]
    [InlineData("[Obsolete] [Differentiable] public static double Sq(double x) => x * x;")]
    [InlineData("[Obsolete(\"use G\", true)] [Differentiable] public static double Sum(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { s += v[i] * v[i]; } return s; }")]
    [InlineData("[Obsolete(\"use G\", true)] [Differentiable] public static double Sq(double x) => x * x; [Obsolete(\"use H\")] [Differentiable] public static double Quad(double x) => Sq(x) * Sq(x);")]
    [InlineData("[Obsolete(\"old\")] [Differentiable] public static double Old(double x) => x * x;\n#pragma warning disable CS0618\n[Differentiable] public static double New(double x) => Old(x) * 2;\n[Differentiable] public static double Sum(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { s += Old(v[i]); } return s; }\n#pragma warning restore CS0618\n")]
    public void ObsoleteMethodsGetObsoleteDerivatives(string members) => AssertCompiles(members);

    [Fact]
    public void ErrorObsoleteMethodsPassTheirMessageOn()
    {
        var run = Run("[Obsolete(\"use G\", true)] [Differentiable] public static double Sq(double x) => x * x;");
        Assert.All(run.Sources.Values, source => Assert.Contains("[global::System.Obsolete(\"use G\", true)]", source, StringComparison.Ordinal));
    }

    [Fact]
    public void FileLocalTypeIsRejectedOnTheType()
    {
        var (source, span) = Markup.Parse(Usings + "file static partial class [|P|] { [Differentiable] public static double Sq(double x) => x * x; }");
        var run = GeneratorHarness.Run(source);
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("SD0020", diagnostic.Id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Contains("Remove 'file'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(run.Sources);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void NestedInFileLocalTypeIsRejectedOnTheFileLocalType()
    {
        var (source, span) = Markup.Parse(Usings + "file static partial class [|Outer|] { public static partial class P { [Differentiable] public static double Sq(double x) => x * x; } }");
        var run = GeneratorHarness.Run(source);
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("SD0020", diagnostic.Id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Empty(run.Sources);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Theory]
    [InlineData("[Differentiable] public static double Ov(double x, double y) => x * y; [Differentiable] public static double [|Ov|](double x, [NoDerivative] double y, [NoDerivative] double z) => x * y * z;")]
    [InlineData("[Differentiable] public static double Ov(double x, [NoDerivative] double y, [NoDerivative] double z) => x * y * z; [Differentiable] public static double [|Ov|](double x, double y) => x * y;")]
    [InlineData("[Differentiable] public static double Sq(double x) => x * x; public static double [|SqGradient|](double x, out double dX) { dX = 2 * x; return x * x; }")]
    [InlineData("[Differentiable] public static double Sq(double x) => x * x; public static (double, double) [|SqPushforward|](double a, double b) => (a, b);")]
    [InlineData("[Differentiable] public static double Sq(double x) => x * x; public static void [|SqBatch|](ReadOnlySpan<double> x, Span<double> result) { }")]
    [InlineData("[Differentiable] public static double Sum(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { s += v[i]; } return s; } public static double [|SumGradient|](ReadOnlySpan<double> v, Span<double> dV) => 0;")]
    [InlineData("[Differentiable(Hessian = true)] public static double Sq(double x) => x * x; public static double [|SqHessian|](double x, Span<double> h) => 0;")]
    [InlineData("[Differentiable(Hessian = true)] public static double Sq(double x) => x * x; public static double [|SqHessianVectorProduct|](double x, double t, out double h) { h = 0; return 0; }")]
    [InlineData("[Differentiable(Hessian = true)] public static double Sq(double x) => x * x; public static double [|SqPushforwardPullback|](double x, double t, double s, ref double a, ref double b) => 0;")]
    [InlineData("[Differentiable(PushforwardN = true)] public static double Sq(double x) => x * x; public static double [|SqPushforwardN|](double x, int n, ReadOnlySpan<double> t, Span<double> o) => 0;")]
    [InlineData("[Differentiable(PushforwardN = true)] public static double Sum(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { s += v[i] * v[i]; } return s; } public static double [|SumPushforwardN|](ReadOnlySpan<double> v, int n, ReadOnlySpan<double> t, Span<double> o) => 0;")]
    [InlineData("[Differentiable] public static void Sq(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < y.Length; i++) { y[i] = x[i] * x[i]; } } public static void [|SqPushforwardN|](ReadOnlySpan<double> x, Span<double> y, int n, ReadOnlySpan<double> t, Span<double> o) { }")]
    [InlineData("[Differentiable(Hessian = true)] public static double Sum(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { s += v[i] * v[i]; } return s; } private static double [|SumHessianVectorProductPullback|](ReadOnlySpan<double> v, ReadOnlySpan<double> t, double s, Span<double> d) => 0;")]
    public void CollidingGeneratedMembersAreRejected(string members)
    {
        var (source, span) = Markup.Parse(Usings + "public static partial class P { " + members + " }");
        var run = GeneratorHarness.Run(source);
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("SD0021", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Contains("Rename", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void OverloadsWhoseGeneratedMembersDifferAreKept()
    {
        var run = Run("[Differentiable] public static double Ov(double x) => x * x; [Differentiable] public static double Ov(double x, double y) => x * y; [Differentiable] public static float Ov(float x) => x * x;", TestOptions.AllKernels);
        Assert.Equal(6, run.Sources.Count);
    }

    /// <summary>Collisions are found over the collected signatures only: editing a body leaves that step and the other methods cached.</summary>
    [Fact]
    public void EditingABodyLeavesCollisionsAndOtherMethodsCached()
    {
        const string Source = Usings + "public static partial class P { [Differentiable] public static double Ov(double x) => x * x; [Differentiable] public static double Ov(double x, double y) => x * y; }";
        var first = GeneratorHarness.Run(Source);
        var tree = first.Input.SyntaxTrees.Single();
        var edited = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Source.Replace("x * y", "x * y * 2", StringComparison.Ordinal)));
        var second = first.Driver.RunGenerators(first.Input.ReplaceSyntaxTree(tree, edited)).GetRunResult().Results.Single();
        Assert.All(second.TrackedSteps[TrackingNames.MemberCollisions].SelectMany(s => s.Outputs), o =>
            Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"collisions re-ran: {o.Reason}"));
        var emitted = second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Contains(IncrementalStepRunReason.Modified, emitted);
        Assert.Contains(emitted, r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
    }

    public static TheoryData<string, bool> LanguageVersions() => new()
    {
        { "9", false }, { "9", true }, { "10", false }, { "10", true }, { "Latest", false },
    };

    /// <summary>Scalar, batched, loop and span-output methods in a namespace and nested types, on each language version and nullable setting.</summary>
    [Theory]
    [MemberData(nameof(LanguageVersions))]
    public void CompilesOnOlderLanguageVersionsAndWithoutNullable(string version, bool nullable)
    {
        const string Source = """
            using System;
            using SymDiff;

            namespace Demo.Inner
            {
                public static partial class Outer
                {
                    internal static partial class P
                    {
                        [Differentiable] public static double Sq(double x) => x * x;
                        [Differentiable] public static float Leaky(float z, [NoDerivative] float k) => z >= 0 ? z : k * z;
                        [Differentiable] public static double Call(double x, double y) => Sq(x) * y;
                        [Differentiable] public static double Sum(ReadOnlySpan<double> v, double c) { double s = 0; for (int i = 0; i < v.Length; i++) { s += Sq(v[i]) * c; } return s; }
                        [Differentiable] public static void Scale(ReadOnlySpan<double> x, double k, Span<double> y) { for (int i = 0; i < x.Length; i++) { y[i] = k * x[i]; } }
                    }
                }
            }
            """;
        LanguageVersionFacts.TryParse(version, out var languageVersion);
        var options = new CSharpParseOptions(languageVersion);
        var compilation = GeneratorHarness.Compile(options, allowUnsafe: true, Source);
        compilation = compilation.WithOptions(compilation.Options.WithNullableContextOptions(nullable ? NullableContextOptions.Enable : NullableContextOptions.Disable));
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(options), compilation);
        Assert.Empty(run.Diagnostics);
        Assert.NotEmpty(run.Sources);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void FileScopedNamespaceOnCSharp9IsNotEmitted()
    {
        var options = new CSharpParseOptions(LanguageVersion.CSharp9);
        var compilation = GeneratorHarness.Compile(options, allowUnsafe: false, Usings + "namespace Demo { public static partial class P { [Differentiable] public static double Sq(double x) => x * x; } }");
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(options), compilation);
        Assert.All(run.Sources.Values, source => Assert.DoesNotContain("namespace Demo;", source, StringComparison.Ordinal));
        Assert.Empty(run.CompilationDiagnostics);
    }

    private static GeneratorRun Run(string members, TestOptions? options = null)
    {
        var run = GeneratorHarness.Run(options ?? new TestOptions(), Usings + "public static partial class P { " + members + " }");
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        return run;
    }

    /// <summary>Generates for <paramref name="members"/> in a project that allows unsafe code (so batched kernels get their parallel split).</summary>
    private static void AssertCompiles(string members)
    {
        var compilation = GeneratorHarness.Compile(allowUnsafe: true, Usings + "public static partial class P { " + members + " }");
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), compilation);
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.NotEmpty(run.Sources);
        Assert.Empty(run.CompilationDiagnostics.Select(d => d.ToString()));
    }
}
