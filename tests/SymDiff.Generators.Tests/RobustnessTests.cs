using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// Code the generator must survive as the compiler sees it: duplicated members, huge or deeply nested bodies, and
/// half-typed code. The generator never throws into the compiler, never overflows the stack, adds nothing of its own
/// to a method that already has compile errors, and produces output that grows near-linearly with the body.
/// </summary>
public sealed class RobustnessTests
{
    private const string Usings = "using System;\nusing SymDiff;\n";

    // ---- Hint names (duplicated or colliding members) ----

    [Fact]
    public void DuplicatedMethodKeepsTheRestOfTheOutput()
    {
        var run = GeneratorHarness.Run(Usings + """
            public static partial class P
            {
                [Differentiable] public static double Sq(double x) => x * x;
                [Differentiable] public static double Sq(double x) => x * x;
                [Differentiable] public static double Cube(double x) => x * x * x;
            }
            """);

        AssertNoGeneratorFailure(run);
        Assert.Contains("P.Cube.g.cs", run.Sources.Keys);

        // The copy is the user's error (CS0111 on the copy; every call to Sq is ambiguous): SymDiff adds nothing for either
        // declaration, so the compiler's error is the only one.
        Assert.Equal(new[] { "CS0111" }, run.CompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id));
        Assert.DoesNotContain(run.Sources.Keys, k => k.StartsWith("P.Sq", StringComparison.Ordinal));
        Assert.Empty(run.Diagnostics);
    }

    /// <summary>
    /// Fuzzer seed 970152: a helper the method inlines (it writes a span), cut off mid-statement as the file is being
    /// typed. The generator reported SD0099 (an exception) on the caller; the helper's body has compile errors, which
    /// are the user's to fix first, and nothing else is said.
    /// </summary>
    [Theory]
    [InlineData("            y[i] = Math.Sin(x[i]) * x[i\n")]
    [InlineData("            y[i] = Math.Sin(x[i]) * \n        }\n    }\n}\n")]
    [InlineData("            y[i] = Math.Sin(x[i]) * x[i];\n        }\n    }\n}\n")]
    public void HalfTypedInlinedHelperIsNoInternalError(string tail)
    {
        var run = GeneratorHarness.Run(Usings + """
            public static partial class P
            {
                [Differentiable]
                public static double L5(double s1, ReadOnlySpan<double> xs0)
                {
                    Span<double> m3 = stackalloc double[xs0.Length];
                    L5Map(xs0, m3);
                    return m3[0] * s1;
                }

                static void L5Map(ReadOnlySpan<double> x, Span<double> y)
                {
                    for (int i = 0; i < y.Length; i++)

            """ + tail);
        AssertNoGeneratorFailure(run);
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "SD0099");
    }

    [Theory]
    [InlineData("short", "P.G-")]
    [InlineData("signature", "P.G_Double_Other")]
    public void ValidCodeWhoseReadableHintNamesCollideGetsAllItsFiles(string style, string readableG)
    {
        // Every pair below names the same readable file: hint names are compared ignoring case (P.F and P.f, P.f and
        // p.f); in the signature style a parameter type SymDiff only passes along prints as 'Other' (the two G); in the
        // short style the parameterless method Batch of the nested type p.F names the batched-kernel file of P.F(double).
        var options = new TestOptions(new Dictionary<string, string>
        {
            ["build_property.SymDiffBatchKernels"] = "all",
            ["build_property.SymDiffFileNames"] = style,
        });
        var run = GeneratorHarness.Run(options, Usings + """
            public static partial class P
            {
                [Differentiable] public static double F(double x) => x * x;
                [Differentiable] public static double f(double x) => x * x * x;
                [Differentiable] public static double G(double x, string s) => x * x;
                [Differentiable] public static double G(double x, object o) => x * x * x;
            }

            public static partial class p
            {
                [Differentiable] public static double f(double x) => 2 * x;

                public static partial class F
                {
                    [Differentiable] public static double Batch() => 1;
                }
            }
            """);

        AssertNoGeneratorFailure(run);
        Assert.DoesNotContain(run.CompilationDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(run.Sources.Count, run.Sources.Keys.Distinct(StringComparer.OrdinalIgnoreCase).Count());

        // P.F, P.f, two G, p.f and Batch: six derivative files, and batched kernels for the methods over scalars with
        // a parameter (P.F, P.f, p.f). (Batch's own file may end in .Batch.g.cs, so the two kinds are not told apart by name.)
        Assert.True(run.Sources.Count == 9, string.Join(", ", run.Sources.Keys));
        var text = string.Join("\n", run.Sources.Values);
        foreach (var member in new[] { "FGradient", "fGradient", "GGradient", "BatchGradient" })
        {
            Assert.Contains(member, text, StringComparison.Ordinal);
        }

        // The two G keep their readable form: a hash of the parameter types in the short style, .2 for the second in
        // the signature style, where both print alike.
        Assert.Equal(2, run.Sources.Keys.Count(k => k.StartsWith(readableG, StringComparison.Ordinal) && !k.EndsWith(".Batch.g.cs", StringComparison.Ordinal)));
    }

    [Fact]
    public void HintNamesDoNotCollideWhereUserCodeHasOtherErrors()
    {
        // Namespace N.C and class N.C (CS0101) name the same types N.C.D: the generator still must not throw.
        var run = GeneratorHarness.Run(Usings + """
            namespace N.C { public static partial class D { [Differentiable] public static double F(double x) => x * x; } }
            namespace N { public static partial class C { public static partial class D { [Differentiable] public static double F(double x) => x * x; } } }
            """);

        AssertNoGeneratorFailure(run);
    }

    [Fact]
    public void AddingACollidingMethodRenamesOnlyTheNewFile()
    {
        const string Before = "using SymDiff; public static partial class P { [Differentiable] public static double F(double x) => x * x; }";
        var first = GeneratorHarness.Run(TestOptions.AllKernels, Before);
        var tree = first.Input.SyntaxTrees.Single();
        var after = Before.Replace("x * x; }", "x * x; [Differentiable] public static double f(double x) => x * x * x; }", StringComparison.Ordinal);
        var edited = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(after));
        var second = first.Driver.RunGenerators(first.Input.ReplaceSyntaxTree(tree, edited)).GetRunResult();

        // F keeps its file (and is not emitted again); f, declared after it, gets the next free name.
        Assert.Equal(
            new[] { "P.f.2.Batch.g.cs", "P.f.2.g.cs", "P.F.Batch.g.cs", "P.F.g.cs" },
            second.Results.Single().GeneratedSources.Select(s => s.HintName).OrderBy(k => k, StringComparer.OrdinalIgnoreCase).ThenBy(k => k, StringComparer.Ordinal));
        var outputs = second.Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.Contains(outputs, o => o.Reason == IncrementalStepRunReason.New);
        Assert.DoesNotContain(outputs, o => o.Reason == IncrementalStepRunReason.Modified);
    }

    // ---- Deep and long bodies on the default 1 MB stack ----

    public static TheoryData<string, string> DeepBodies => new()
    {
        { "a 3,000-term sum", "x" + string.Concat(Enumerable.Repeat(" + x", 2999)) },
        { "a 3,000-term alternating sum", "x" + string.Concat(Enumerable.Range(1, 2999).Select(i => i % 2 == 0 ? " + x * x" : " - x")) },
        { "1,300 nested parentheses", new string('(', 1300) + "x" + new string(')', 1300) },
        { "1,300 nested calls", string.Concat(Enumerable.Repeat("Math.Sin(", 1300)) + "x" + new string(')', 1300) },
        { "1,300 nested negations", string.Concat(Enumerable.Repeat("-(", 1300)) + "x" + new string(')', 1300) },
        { "1,300 nested conditionals", string.Concat(Enumerable.Repeat("x > 0 ? ", 1300)) + "x" + string.Concat(Enumerable.Repeat(" : x * x", 1300)) },
    };

    [Theory]
    [MemberData(nameof(DeepBodies))]
    public void DeepExpressionIsDifferentiatedOrRejectedWithoutCrashing(string what, string expression)
    {
        _ = what;
        var scalar = Usings + "public static partial class P { [Differentiable] public static double F(double x) => " + expression + "; }";
        var loop = Usings + "public static partial class P { [Differentiable] public static double F(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { double x = v[i]; s += " + expression + "; } return s; } }";
        foreach (var source in new[] { scalar, loop })
        {
            var run = RunOnDefaultStack(source);
            AssertNoGeneratorFailure(run);
            if (run.Diagnostics.Any(d => d.Id == "SD0024"))
            {
                var diagnostic = Assert.Single(run.Diagnostics);
                Assert.Equal("SD0024", diagnostic.Id);
                Assert.Contains("split it into locals", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);

                // On the outermost expression that is too deep (the expression body; in the loop, 's += …'), not on the method.
                var start = source.IndexOf(expression, StringComparison.Ordinal);
                var outermost = source == loop ? start - "s += ".Length : start;
                Assert.Equal(outermost, diagnostic.Location.SourceSpan.Start);
                Assert.Equal(start + expression.Length, diagnostic.Location.SourceSpan.End);
                Assert.Empty(run.Sources);
            }
            else
            {
                Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
                Assert.DoesNotContain(run.CompilationDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            }
        }
    }

    public static TheoryData<string, string> BodiesJustWithinTheLimit => new()
    {
        // 240 levels: the limit (256) less the statements around the expression in the loop body.
        { "a 250-term sum", "x" + string.Concat(Enumerable.Repeat(" + x", 249)) },
        { "a 250-term alternating sum", "x" + string.Concat(Enumerable.Range(1, 249).Select(i => i % 2 == 0 ? " + x * x" : " - x")) },
        { "250 nested parentheses", new string('(', 250) + "x" + new string(')', 250) },
        { "240 nested calls", string.Concat(Enumerable.Repeat("Math.Sin(", 240)) + "x" + new string(')', 240) },
        { "80 nested products of sums", string.Concat(Enumerable.Repeat("0.5 * (x + ", 80)) + "x" + new string(')', 80) },
        { "240 nested conditionals", string.Concat(Enumerable.Repeat("x > 0 ? ", 240)) + "x" + string.Concat(Enumerable.Repeat(" : x * x", 240)) },
    };

    [Theory]
    [MemberData(nameof(BodiesJustWithinTheLimit))]
    public void ExpressionJustWithinTheLimitIsDifferentiatedOnTheDefaultStack(string what, string expression)
    {
        _ = what;
        var scalar = Usings + "public static partial class P { [Differentiable] public static double F(double x) => " + expression + "; }";
        var loop = Usings + "public static partial class P { [Differentiable] public static double F(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { double x = v[i]; s += " + expression + "; } return s; } }";
        foreach (var source in new[] { scalar, loop })
        {
            var run = RunOnDefaultStack(source);
            AssertNoGeneratorFailure(run);
            Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.DoesNotContain(run.CompilationDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        }
    }

    [Fact]
    public void LongSumIsDifferentiatedCorrectly()
    {
        // Left-deep: ((x + x) + x) + ...; the derivative of 250 x's is 250.
        var source = Usings + "public static partial class P { [Differentiable] public static double F(double x) => x" + string.Concat(Enumerable.Repeat(" + x", 249)) + "; }";
        var run = RunOnDefaultStack(source);
        AssertNoGeneratorFailure(run);
        Assert.Empty(run.Diagnostics);
        var (value, gradient) = Gradient(run, "P", "F", 0.5);
        Assert.Equal(125, value, 9);
        Assert.Equal(250, gradient, 9);
    }

    [Fact]
    public void LongChainOfStatementsIsDifferentiatedCorrectly()
    {
        // 3,000 statements, each reading the one before: a chain of values as long as the body.
        var body = new StringBuilder("double y = x;");
        for (var i = 0; i < 3000; i++)
        {
            body.Append(" y = y + x;");
        }

        var source = Usings + "public static partial class P { [Differentiable] public static double F(double x) { " + body + " return y; } }";
        var run = RunOnDefaultStack(source);
        AssertNoGeneratorFailure(run);
        Assert.Empty(run.Diagnostics);
        var (value, gradient) = Gradient(run, "P", "F", 0.5);
        Assert.Equal(1500.5, value, 9);
        Assert.Equal(3001, gradient, 9);
    }

    // ---- Half-typed code: nothing of SymDiff's own where the method has errors ----

    /// <summary>Members being typed (or wrong), each with a compile error the compiler reports inside the last method.</summary>
    public static TheoryData<string> MembersWithCompileErrors => new()
    {
        "[Differentiable] static double F0(double w) => w + (int)(1",
        "[Differentiable] static double Half(double x) { double y = x * x;",
        "[Differentiable] static double Half(double x) { double y = x * x; }",
        "[Differentiable] static double Typo(double x) => x * Undefined(x);",
        "[Differentiable] static double Typo(double x) { double y = x * x; return z; }",
        "[Differentiable] static double Hyp(double ",
        // Errors of flow analysis only: the bound body has none.
        "[Differentiable] static double Unassigned(double x) { double y; if (x > 0) { y = x; } return y * x; }",
        "[Differentiable] static double NoReturn(double x) { if (x > 0) { return x; } }",
        "static double Hyp(double x) => x * x; [DerivativeOf(nameof(Hyp))] static double HypPullback(double ",
        "static double Hyp(double x) => x * x; [DerivativeOf(nameof(Hyp))] static double HypPullback(double x, double seed, ref double dX) { dX += seed * 2 * x; return x * x",
        "static double Hyp(double ) => 1; [DerivativeOf(nameof(Hyp))] static double HypPullback(double x, double seed, ref double dX) => x;",
        "static double Hyp(double  [DerivativeOf(nameof(Hyp))] static double HypPullback(double x, double seed, ref double dX) => x;",
    };

    [Theory]
    [MemberData(nameof(MembersWithCompileErrors))]
    public void MethodWithCompileErrorsGetsNothingFromSymDiff(string members)
    {
        // Half-typed code at the end of the file, as in an editor: the class is not even closed.
        var run = GeneratorHarness.Run(TestOptions.AllKernels, Usings + "static partial class P {\n[Differentiable] static double Ok(double x) => x * x;\n" + members);
        AssertNoGeneratorFailure(run);
        Assert.Contains(run.CompilationDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(run.Diagnostics);
        Assert.Equal(new[] { "P.Ok.Batch.g.cs", "P.Ok.g.cs" }, run.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal));
    }

    /// <summary>
    /// The same where most of the file is plain code: the compiler's errors are then asked for method by method rather
    /// than for the whole file at once (<c>UserErrors</c>), and either way a method with errors gets nothing and one
    /// without gets everything.
    /// </summary>
    [Theory]
    [MemberData(nameof(MembersWithCompileErrors))]
    public void MethodWithCompileErrorsAmongMostlyPlainCodeGetsNothingFromSymDiff(string members)
    {
        var plain = string.Concat(Enumerable.Range(0, 40).Select(k => $"static double Plain{k}(double x) => x + {k};\n"));
        var run = GeneratorHarness.Run(TestOptions.AllKernels, Usings + "static partial class P {\n[Differentiable] static double Ok(double x) => x * x;\n" + plain + members);
        AssertNoGeneratorFailure(run);
        Assert.Contains(run.CompilationDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(run.Diagnostics);
        Assert.Equal(new[] { "P.Ok.Batch.g.cs", "P.Ok.g.cs" }, run.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal));
    }

    /// <summary>An error in another method of the file, or in another file, costs this one nothing.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    public void ErrorsElsewhereLeaveAMethodItsDerivatives(int plainMembers)
    {
        var plain = string.Concat(Enumerable.Range(0, plainMembers).Select(k => $"static double Plain{k}(double x) => x + {k};\n"));
        var run = GeneratorHarness.Run(
            Usings + "static partial class P {\nstatic double Broken(double x) => x * Undefined;\n" + plain + "[Differentiable] static double F(double x) => x * Math.Sin(x);\n}\n",
            "static partial class Q { static double Other() => missing; }");
        Assert.Contains(run.CompilationDiagnostics, d => d.Id == "CS0103");
        Assert.Empty(run.Diagnostics);
        Assert.Contains("P.F.g.cs", run.Sources.Keys);
    }

    [Fact]
    public void MethodWithOnlyWarningsIsStillDifferentiated()
    {
        var run = GeneratorHarness.Run(Usings + "static partial class P { [Differentiable] static double F(double x) { int unused = 1; return x * x; } }");
        Assert.Contains(run.CompilationDiagnostics, d => d.Id == "CS0219");
        Assert.Empty(run.Diagnostics);
        Assert.Contains("P.F.g.cs", run.Sources.Keys);
    }

    // ---- Output size near-linear in the body ----

    [Fact]
    public void OutputGrowsNearLinearlyWithNestingDepth()
    {
        static int Size(int depth)
        {
            var expression = string.Concat(Enumerable.Repeat("Math.Sin(", depth)) + "x" + new string(')', depth);
            var run = RunOnDefaultStack(Usings + "public static partial class P { [Differentiable] public static double F(double x) => " + expression + "; }");
            Assert.Empty(run.Diagnostics);
            return run.Sources.Values.Sum(s => s.Length);
        }

        var small = Size(25);
        var large = Size(200);

        // Eight times the body: a quadratic generator writes 64 times the output (it did: the doc comments repeated the
        // whole chain in every link); a linear one 8 times.
        Assert.True(large <= 10 * small, $"25 deep: {small} chars; 200 deep: {large} chars");
    }

    [Fact]
    public void LongFormulasAreElidedWithANote()
    {
        // A few links of the chain are defined in a where clause (u = sin(sin(…))); past those, the rest is elided.
        var run = GeneratorHarness.Run(Usings + "public static partial class P { [Differentiable] public static double F(double x) => " + string.Concat(Enumerable.Repeat("Math.Sin(", 60)) + "x" + new string(')', 60) + "; }");
        var source = run.Sources["P.F.g.cs"];
        Assert.Contains("cos(…)", source, StringComparison.Ordinal);
        Assert.Contains(FormulaNote, source, StringComparison.Ordinal);
        Assert.All(source.Split('\n').Where(l => l.Contains("<para>", StringComparison.Ordinal)), line => Assert.True(line.Length < 2000, line));
    }

    private const string FormulaNote = "(… stands for a subexpression too long to show here; the method body computes it.)";

    // ---- Helpers ----

    private static void AssertNoGeneratorFailure(GeneratorRun run)
    {
        // CS8785: the generator threw, and all its output for the compilation was dropped. SD0099: it caught its own exception.
        var failures = run.Output.GetDiagnostics().Concat(run.Diagnostics)
            .Where(d => d.Id is "CS8785" or "AD0001" or "SD0099")
            .Select(d => d.ToString())
            .ToList();
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>
    /// Parses <paramref name="source"/> here and runs the generator on a thread with a 1 MB stack, as the compiler's
    /// worker threads have: nothing the generator does may need more.
    /// </summary>
    private static GeneratorRun RunOnDefaultStack(string source)
    {
        var compilation = GeneratorHarness.Compile(source);
        return OnDefaultStack(() => GeneratorHarness.Run(GeneratorHarness.CreateDriver(TestOptions.AllKernels), compilation));
    }

    /// <summary>Runs <paramref name="run"/> on a thread with a 1 MB stack, as the compiler's worker threads have.</summary>
    private static T OnDefaultStack<T>(Func<T> run)
    {
        T result = default!;
        Exception? error = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    result = run();
                }
                catch (Exception exception)
                {
                    error = exception;
                }
            },
            maxStackSize: 1024 * 1024);
        thread.Start();
        thread.Join();
        if (error is not null)
        {
            throw new InvalidOperationException("the run failed", error);
        }

        return result;
    }

    /// <summary>Compiles user and generated code and calls <c>{method}Gradient(x, out dX)</c>.</summary>
    private static (double Value, double Gradient) Gradient(GeneratorRun run, string type, string method, double x)
    {
        using var stream = new MemoryStream();
        var emitted = run.Output.Emit(stream);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
        stream.Position = 0;
        var context = new AssemblyLoadContext(name: null, isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(stream);
            var gradient = assembly.GetType(type, throwOnError: true)!.GetMethod(method + "Gradient", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
            var args = new object?[] { x, null };
            var value = (double)gradient.Invoke(null, args)!;
            return (value, (double)args[1]!);
        }
        finally
        {
            context.Unload();
        }
    }
}
