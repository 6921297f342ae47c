using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymDiff.Generators.Emit;
using SymDiff.Generators.Lowering;
using SymDiff.Generators.Model;
using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// The generator's work grows linearly with a body, in the shapes where it once grew with its square: many variables
/// in scope at many branches, a long run of branches, deep nesting, a long loop body (plain or checkpointed), and where
/// it once grew exponentially: a branch on a value a long run of updates computed. Work is
/// counted, never timed: the bytes this thread allocates lowering and emitting a method, which are the same on every
/// run and machine. A body four times as long may cost four times as much, and a little more for tables that grow;
/// work quadratic in the body already costs 5.2 to 9 times at these sizes (it did, each shape in lowering or emission).
/// </summary>
public sealed class GeneratorWorkTests
{
    /// <summary>Four times the body, at most this many times the work (linear work measures 3.8 to 4.2).</summary>
    private const double MaxGrowth = 5;

    [Theory]
    [InlineData("BranchyChain", 100)]
    [InlineData("IfSequence", 40)]
    [InlineData("NestedIfs", 10)]
    [InlineData("LoopBody", 40)]
    [InlineData("CheckpointedLoopBody", 40)]
    [InlineData("BranchOnARecurrence", 6)]
    [InlineData("NestedLoops", 8)]
    [InlineData("NestedIfsInALoop", 10)]
    public void WorkGrowsLinearlyWithTheBody(string shape, int size)
    {
        Func<int, string> body = shape switch
        {
            "BranchyChain" => BranchyChain,
            "IfSequence" => IfSequence,
            "NestedIfs" => NestedIfs,
            "LoopBody" => n => LoopBody(n, "Differentiable"),
            "BranchOnARecurrence" => BranchOnARecurrence,
            "NestedLoops" => NestedLoops,
            "NestedIfsInALoop" => NestedIfsInALoop,
            _ => n => LoopBody(n, "Differentiable, Checkpoint"),
        };
        var small = Work(body(size));
        var large = Work(body(4 * size));

        Assert.True(large.Lowering <= MaxGrowth * small.Lowering, $"{shape}: lowering {size} → {4 * size}: {small.Lowering:N0} → {large.Lowering:N0} bytes");
        Assert.True(large.Emission <= MaxGrowth * small.Emission, $"{shape}: emitting {size} → {4 * size}: {small.Emission:N0} → {large.Emission:N0} bytes");
    }

    /// <summary>Bytes allocated lowering every method of <paramref name="source"/>, and emitting their derivatives and kernels.</summary>
    private static (long Lowering, long Emission) Work(string source)
    {
        var run = GeneratorHarness.Run(TestOptions.AllKernels, source);
        Assert.Empty(run.Diagnostics);
        var inputs = run.Driver.GetRunResult().Results[0].TrackedSteps[TrackingNames.EmitInputs]
            .SelectMany(step => step.Outputs).Select(output => output.Value).OfType<ResolvedMethod>()
            .Select(method => method.Input).OfType<EmitInput>().ToList();
        Assert.NotEmpty(inputs);

        var compilation = run.Input;
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var methods = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Select(syntax => (Syntax: syntax, Symbol: (IMethodSymbol)model.GetDeclaredSymbol(syntax)!))
            .ToList();
        var lowering = Allocated(() => methods.ForEach(m => MethodModelBuilder.Build(m.Symbol, m.Syntax, model, default)));
        var emission = Allocated(() => inputs.ForEach(input =>
        {
            MethodEmitter.Emit(input);
            if (input.Method.HasKernels)
            {
                BatchEmitter.Emit(input, allowsUnsafe: false);
            }
        }));
        return (lowering, emission);
    }

    /// <summary>
    /// Bytes this thread allocates running <paramref name="work"/> again after a first run that fills the compiler's
    /// caches: the least of three runs. Some of those caches are held weakly, so a collection between runs (other
    /// test assemblies run beside this one) can make one run bind again: 1.53 MB against the usual 1.14 MB once, for
    /// the same work.
    /// </summary>
    private static long Allocated(Action work)
    {
        work();
        var least = long.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            work();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }

    /// <summary>A new local per statement; every other one is then updated by an if/else.</summary>
    private static string BranchyChain(int n) => Method("double F(double x, double w)", Lines(n, k => k == 0
        ? "double y0 = x * w;"
        : $"double y{k} = Math.Sin(y{k - 1}) * w + {C(k)};" + (k % 2 == 0 ? $" if (y{k} > {C(k)}) y{k} = y{k} * y{k - 1}; else y{k} = y{k} - x;" : "")) + $"return y{n - 1};");

    /// <summary>One variable updated by <paramref name="n"/> if/else statements in a row.</summary>
    private static string IfSequence(int n) => Method("double F(double x, double w)",
        "double y = x; " + Lines(n, k => $"if (y > {C(k)}) y = Math.Tanh(y) * w; else y = y * w - {C(k)};") + "return y;");

    /// <summary>if/else statements nested <paramref name="depth"/> deep, each level updating y before it branches.</summary>
    private static string NestedIfs(int depth) => Method("double F(double x, double w)",
        "double y = x; " + Lines(depth, k => $"y = Math.Sin(y) * w + {C(k)}; if (y > {C(k)}) {{") + "y = y * w;"
        + Lines(depth, k => $"}} else {{ y = y - {C(k)} * w; }}") + "return y;");

    /// <summary>A loop whose body is a chain of <paramref name="n"/> statements.</summary>
    private static string LoopBody(int n, string attributes) => Method("double F(ReadOnlySpan<double> v, double w)",
        "double s = 0; for (int i = 0; i < v.Length; i++) { double a0 = v[i] * w; "
        + Lines(n, k => $"double a{k + 1} = Math.Exp(-a{k} * a{k}) + {C(k)} * a{k};") + $"s += a{n}; }} return s;", attributes);

    /// <summary>
    /// A loop body of n updates that each read h twice, then a branch on h: whether the condition is a constant was
    /// asked of every path through the shared graph, 2^n of them (a loop body of 25 such updates took minutes).
    /// </summary>
    private static string BranchOnARecurrence(int n) => Method("double F(ReadOnlySpan<double> v, double w)",
        "double h = 0.2; for (int i = 0; i < v.Length; i++) { "
        + Lines(n, k => $"h = h * 0.995 + Math.Tanh(v[i] * h + w) * {C(k)};") + "if (h > 0.05) { h = h * 0.97; } } return h;");

    /// <summary>
    /// Loops nested <paramref name="depth"/> deep, each updating s before the next one. From depth 8 to 32, emitting
    /// measured 2.87 → 20.60 MB (7.2×) while every list of statements a sweep prints was printed into a writer of its own
    /// and copied into each list around it; 1.81 → 10.20 MB (5.6×) printed in place, while the bound of a loop nest's
    /// pushes still differentiated every statement in it again for each loop around it; 1.80 → 7.30 MB (4.1×) with each
    /// statement's own pushes counted once.
    /// </summary>
    private static string NestedLoops(int depth) => Method("double F(ReadOnlySpan<double> v, double w)",
        "double s = 0; " + Lines(depth, k => $"for (int i{k} = 0; i{k} < 2; i{k}++) {{ s = Math.Sin(s) * w + v[i{k}] * {C(k)};")
        + "s = s * w;" + Lines(depth, _ => "}") + "return s;");

    /// <summary>
    /// <see cref="NestedIfs"/> in a loop's body. Both stretch passes looked for a stretch at every branch and found
    /// whether a branch is all assignments by walking everything nested in it, so a branch nested d deep was walked d
    /// times. Emitting measured 6.93 → 23.36 MB from depth 10 to 40 (3.4×) before lists were printed in place and each
    /// branch's shape was found once, 5.51 → 13.80 MB after (2.5×).
    /// </summary>
    private static string NestedIfsInALoop(int depth) => Method("double F(ReadOnlySpan<double> v, double w)",
        "double s = 0; for (int i = 0; i < v.Length; i++) { double y = v[i]; "
        + Lines(depth, k => $"y = Math.Sin(y) * w + {C(k)}; if (y > {C(k)}) {{") + "y = y * w;"
        + Lines(depth, k => $"}} else {{ y = y - {C(k)} * w; }}") + "s += y; } return s;");

    private static string Method(string signature, string body, string attributes = "Differentiable") =>
        $"using System;\nusing SymDiff;\n\npublic static partial class P\n{{\n    [{attributes}]\n    public static {signature}\n    {{\n        {body}\n    }}\n}}\n";

    private static string Lines(int n, Func<int, string> line)
    {
        var text = new StringBuilder();
        for (var k = 0; k < n; k++)
        {
            text.Append(line(k)).Append('\n');
        }

        return text.ToString();
    }

    private static string C(int k) => (0.1 + (k % 89) / 100.0).ToString("0.00", CultureInfo.InvariantCulture);
}
