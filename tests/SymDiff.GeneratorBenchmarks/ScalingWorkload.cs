using System.Globalization;
using System.Text;

namespace SymDiff.GeneratorBenchmarks;

/// <summary>
/// One differentiable method whose body grows with a size, in a shape that stresses one part of the generator: a long
/// chain of statements, a chain that keeps updating one variable, a chain with a conditional at every other statement,
/// conditionals nested ever deeper, a long run of conditionals one after another, a long loop body (plain, and
/// checkpointed), many calls, loops nested ever deeper, and nested conditionals inside a loop. If the generator is
/// linear in the body, doubling the size doubles the time; a growth ratio per doubling well above 2 points at a
/// super-linear algorithm.
/// </summary>
internal sealed record ScalingShape(string Name, string Unit, int[] DefaultSizes, Func<int, string> Members);

internal static class ScalingWorkload
{
    public static readonly ScalingShape[] Shapes =
    [
        new("chain", "statements", [50, 100, 200, 400], Chain),
        new("update chain", "statements", [50, 100, 200, 400], UpdateChain),
        new("branchy chain", "statements", [50, 100, 200, 400], BranchyChain),
        new("nested ifs", "levels", [5, 10, 20, 40], NestedIfs),
        new("if sequence", "ifs", [25, 50, 100, 200], IfSequence),
        new("loop body", "statements", [25, 50, 100, 200], n => LoopBody(n, "Differentiable")),
        new("checkpointed loop body", "statements", [25, 50, 100, 200], n => LoopBody(n, "Differentiable, Checkpoint")),
        new("calls", "calls", [25, 50, 100, 200], Calls),
        new("nested loops", "levels", [4, 8, 16, 32], NestedLoops),
        new("nested ifs in a loop", "levels", [5, 10, 20, 40], NestedIfsInALoop),
    ];

    /// <summary>A file with the shape's members at <paramref name="size"/> and how many of them are differentiable.</summary>
    public static (string Source, int Methods) Create(ScalingShape shape, int size)
    {
        var members = shape.Members(size);
        var text = new StringBuilder("using System;\nusing SymDiff;\n\nnamespace Bench;\n\npublic static partial class Scaling\n{\n");
        text.Append(members).Append("}\n");
        return (text.ToString(), members.Split(["[Differentiable"], StringSplitOptions.None).Length - 1);
    }

    /// <summary>Each statement defines a new local from the last two through a rotating choice of operations.</summary>
    private static string Chain(int n)
    {
        var body = new StringBuilder();
        body.Append("        double y0 = x * w + 0.5;\n        double y1 = Math.Sin(y0) * w;\n");
        for (var k = 2; k < n; k++)
        {
            body.Append(CultureInfo.InvariantCulture, $"        double y{k} = {Step(k, $"y{k - 1}", $"y{k - 2}")};\n");
        }

        return Method("double Chain(double x, double w)", body + $"        return y{n - 1};\n");
    }

    /// <summary><c>y = f(y, x)</c> over and over: one variable, a new SSA value per statement.</summary>
    private static string UpdateChain(int n)
    {
        var body = new StringBuilder("        double y = x;\n");
        for (var k = 0; k < n; k++)
        {
            body.Append(CultureInfo.InvariantCulture, $"        y = {Step(k, "y", "x")};\n");
        }

        return Method("double UpdateChain(double x, double w)", body + "        return y;\n");
    }

    /// <summary>A chain of new locals where every other one is then updated by an <c>if</c>/<c>else</c>: many variables in scope at many branches.</summary>
    private static string BranchyChain(int n)
    {
        var body = new StringBuilder("        double y0 = x * w;\n");
        for (var k = 1; k < n; k++)
        {
            body.Append(CultureInfo.InvariantCulture, $"        double y{k} = {Step(k, $"y{k - 1}", "x")};\n");
            if (k % 2 == 0)
            {
                body.Append(CultureInfo.InvariantCulture, $"        if (y{k} > {C(k)}) y{k} = {Step(k + 3, $"y{k}", $"y{k - 1}")}; else y{k} = y{k} * w;\n");
            }
        }

        return Method("double BranchyChain(double x, double w)", body + $"        return y{n - 1};\n");
    }

    /// <summary>An <c>if</c>/<c>else</c> in the then-arm of the last one, <paramref name="depth"/> deep, each arm updating y.</summary>
    private static string NestedIfs(int depth)
    {
        var body = new StringBuilder("        double y = x;\n");
        for (var k = 0; k < depth; k++)
        {
            var indent = new string(' ', 8 + 4 * k);
            body.Append(CultureInfo.InvariantCulture, $"{indent}y = {Step(k, "y", "x")};\n");
            body.Append(CultureInfo.InvariantCulture, $"{indent}if (y > {C(k)})\n{indent}{{\n");
        }

        for (var k = depth - 1; k >= 0; k--)
        {
            var indent = new string(' ', 8 + 4 * k);
            body.Append(CultureInfo.InvariantCulture, $"{indent}    y = y * w + {C(k)};\n{indent}}}\n{indent}else\n{indent}{{\n");
            body.Append(CultureInfo.InvariantCulture, $"{indent}    y = {Step(k + 1, "y", "w")};\n{indent}}}\n");
        }

        return Method("double NestedIfs(double x, double w)", body + "        return y;\n");
    }

    /// <summary><paramref name="n"/> conditionals one after another, each choosing how to update y.</summary>
    private static string IfSequence(int n)
    {
        var body = new StringBuilder("        double y = x;\n");
        for (var k = 0; k < n; k++)
        {
            body.Append(CultureInfo.InvariantCulture, $"        if (y > {C(k)}) y = {Step(k, "y", "w")}; else y = y * w - {C(k)};\n");
        }

        return Method("double IfSequence(double x, double w)", body + "        return y;\n");
    }

    /// <summary>
    /// A loop over a span whose body is a chain of <paramref name="n"/> statements, summed into an accumulator; with
    /// <c>[Checkpoint]</c> among the <paramref name="attributes"/>, its reverse sweep re-runs it from snapshots.
    /// </summary>
    private static string LoopBody(int n, string attributes)
    {
        var body = new StringBuilder("        double s = 0;\n        for (int i = 0; i < v.Length; i++)\n        {\n");
        body.Append("            double a0 = v[i] * w;\n            double a1 = Math.Sin(a0) + v[i];\n");
        for (var k = 2; k < n; k++)
        {
            body.Append(CultureInfo.InvariantCulture, $"            double a{k} = {Step(k, $"a{k - 1}", $"a{k - 2}")};\n");
        }

        body.Append(CultureInfo.InvariantCulture, $"            s += a{n - 1};\n        }}\n        return s;\n");
        return Method("double LoopBody(ReadOnlySpan<double> v, double w)", body.ToString(), attributes);
    }

    /// <summary>Loops nested <paramref name="depth"/> deep, each updating s and reading the span before the next one.</summary>
    private static string NestedLoops(int depth)
    {
        var body = new StringBuilder("        double s = 0;\n");
        for (var k = 0; k < depth; k++)
        {
            var indent = new string(' ', 8 + 4 * k);
            body.Append(CultureInfo.InvariantCulture, $"{indent}for (int i{k} = 0; i{k} < 2; i{k}++)\n{indent}{{\n");
            body.Append(CultureInfo.InvariantCulture, $"{indent}    s = {Step(k, "s", $"v[i{k}]")};\n");
        }

        for (var k = depth - 1; k >= 0; k--)
        {
            body.Append(CultureInfo.InvariantCulture, $"{new string(' ', 8 + 4 * k)}}}\n");
        }

        return Method("double NestedLoops(ReadOnlySpan<double> v, double w)", body + "        return s;\n");
    }

    /// <summary>The nested conditionals of <see cref="NestedIfs"/> as the body of a loop over a span, summed.</summary>
    private static string NestedIfsInALoop(int depth)
    {
        var inner = NestedIfs(depth);
        var start = inner.IndexOf("        double y = x;", StringComparison.Ordinal);
        var end = inner.IndexOf("        return y;", StringComparison.Ordinal);
        var body = new StringBuilder("        double s = 0;\n        for (int i = 0; i < v.Length; i++)\n        {\n            double x = v[i];\n");
        foreach (var line in inner[start..end].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            body.Append("    ").Append(line).Append('\n');
        }

        body.Append("            s += y;\n        }\n        return s;\n");
        return Method("double NestedIfsInALoop(ReadOnlySpan<double> v, double w)", body.ToString());
    }

    /// <summary>A chain of <paramref name="n"/> calls to a small differentiable method (which counts as one more method).</summary>
    private static string Calls(int n)
    {
        var body = new StringBuilder("        double y0 = x;\n");
        for (var k = 1; k <= n; k++)
        {
            body.Append(CultureInfo.InvariantCulture, $"        double y{k} = Bump(y{k - 1} * w, {C(k)}) + y{k - 1};\n");
        }

        return Method("double Calls(double x, double w)", body + $"        return y{n};\n")
            + "    [Differentiable] public static double Bump(double x, double c) => x * Math.Tanh(x + c);\n";
    }

    private static string Method(string signature, string body, string attributes = "Differentiable") =>
        $"    [{attributes}]\n    public static {signature}\n    {{\n{body}    }}\n";

    /// <summary>The k-th step of a chain from <paramref name="a"/> (the last value) and <paramref name="b"/>.</summary>
    private static string Step(int k, string a, string b) => (k % 6) switch
    {
        0 => $"{a} * w + {C(k)}",
        1 => $"Math.Sin({a}) + {b}",
        2 => $"{a} / (1 + {b} * {b})",
        3 => $"Math.Tanh({a}) * {b} + {a}",
        4 => $"Math.Exp(-{a} * {a}) + {b} * w",
        _ => $"Math.Sqrt(1 + {a} * {a}) - {C(k)} * {b}",
    };

    private static string C(int k) => (0.1 + (k % 89) / 100.0).ToString("0.00", CultureInfo.InvariantCulture);
}
