using System.Globalization;
using System.Text;

namespace SymDiff.Generators.Tests.Fuzzing;

/// <summary>What one driver check compares: a generated member's value with the primal's, or a derivative with FD.</summary>
internal sealed record CheckLabel(string Method, string Member, string What, bool IsValue)
{
    public override string ToString() => $"{Method}{Member} {What}";
}

/// <summary>
/// Writes the driver of a program: plain C# against the README's generated API that calls the primal and every
/// generated member at a few random points and records each result next to the primal's value or its central
/// differences at two step sizes (computed on the <c>double</c> twin for <c>float</c> programs).
/// </summary>
internal sealed class DriverWriter
{
    public const int BatchLength = 9;
    /// <summary>A hundredth of the small step: differences that disagree with it see a staircase finer than the small step (see Classifier.Compare).</summary>
    public const string TinyStep = "1e-7";
    public const string SmallStep = "1e-5";
    public const string LargeStep = "4e-5";

    private readonly FuzzProgram program;
    private Random random;
    private readonly StringBuilder text = new();
    private readonly List<CheckLabel> labels = new();
    private readonly string real;

    private DriverWriter(FuzzProgram program)
    {
        this.program = program;
        random = new Random(program.Seed * 7919 + 1);
        real = program.IsFloat ? "float" : "double";
    }

    /// <summary>The driver's source and the label of every check id it can record.</summary>
    public static (string Source, IReadOnlyList<CheckLabel> Labels) Write(FuzzProgram program)
    {
        var writer = new DriverWriter(program);
        var checkedMethods = program.Methods.Where(m => m.Kind != MethodKind.CustomTarget).ToList();
        writer.text.Append("public static partial class Driver\n{\n    public static double[] Run()\n    {\n        Records.Clear();\n        Errors.Clear();\n        TwinMath.Limit = " + (program.IsFloat ? "float.MaxValue" : "double.MaxValue") + ";\n");
        foreach (var m in checkedMethods) writer.text.Append($"        Check{m.Name}();\n");
        writer.text.Append("        FuzzGpu.Gpu.Release();\n        return Records.ToArray();\n    }\n");
        foreach (var m in checkedMethods) writer.Method(m);
        writer.text.Append("}\n");
        var source = DriverPrelude.Text + "\n" + writer.text + program.TwinSource;
        return (source, writer.labels);
    }

    private int Label(MethodSpec m, string member, string what, bool isValue = false)
    {
        labels.Add(new CheckLabel(m.Name, member, what, isValue));
        return labels.Count - 1;
    }

    private string Number(double value) => Template.Literal(value, program.IsFloat);

    /// <summary>A random value, exactly representable in <c>float</c> in a <c>float</c> program.</summary>
    private double Draw(double low, double high)
    {
        var v = low + (high - low) * random.NextDouble();
        return program.IsFloat ? (float)v : Math.Round(v, 6);
    }

    /// <summary>Whether parameter <paramref name="p"/> (a span's elements) is <c>float</c>: a parameter of the other precision has the other type.</summary>
    private bool IsFloat(Param p) => p.IsFloatIn(program.IsFloat);

    /// <summary>The C# type of parameter <paramref name="p"/>, or of a span's elements.</summary>
    private string TypeOf(Param p) => Template.Keyword(IsFloat(p));

    /// <summary>A literal of parameter <paramref name="p"/>'s type.</summary>
    private string NumberOf(Param p, double value) => Template.Literal(value, IsFloat(p));

    private static string Doubles(IEnumerable<double> values) =>
        "new double[] { " + string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + " }";

    private string Reals(IEnumerable<double> values) => $"new {real}[] {{ " + string.Join(", ", values.Select(Number)) + " }";

    /// <summary>One point: span length, flattened differentiable inputs, and the constants of the other parameters.</summary>
    private sealed record Point(int Length, double[] Z, Dictionary<string, string> Constants, Dictionary<string, int> Offsets);

    private Point DrawPoint(MethodSpec m)
    {
        // Mostly short spans; in double programs one point in five long enough for a whole Vector512 register (eight
        // doubles; "Innermost loops run on SIMD registers"). Float programs keep short spans: 8–11 floats fill no
        // Vector512 register (sixteen), and their recurrences over long spans leave float's range, which the
        // classifier cannot tell from a wrong derivative (0·∞ in an adjoint whose value is rounding-bound anyway).
        var length = !program.IsFloat && random.Next(5) == 0 ? random.Next(8, 12) : random.Next(Math.Max(m.MinLength, 2), 6);
        var z = new List<double>();
        var constants = new Dictionary<string, string>();
        var offsets = new Dictionary<string, int>();
        foreach (var p in m.Params)
        {
            switch (p.Kind)
            {
                case ParamKind.Real: offsets[p.Name] = z.Count; z.Add(IsFloat(p) ? (float)Draw(-2, 2) : Draw(-2, 2)); break;
                case ParamKind.Span: offsets[p.Name] = z.Count; for (var e = 0; e < length; e++) z.Add(IsFloat(p) ? (float)Draw(-2, 2) : Draw(-2, 2)); break;
                case ParamKind.RealConstant: constants[p.Name] = Number(Draw(-2, 2)); break;
                case ParamKind.Int: constants[p.Name] = random.Next(0, 4).ToString(CultureInfo.InvariantCulture); break;
                case ParamKind.Bool: constants[p.Name] = random.Next(2) == 0 ? "true" : "false"; break;
                case ParamKind.SpanConstant: constants[p.Name] = Reals(Enumerable.Range(0, length).Select(_ => Draw(-2, 2))); break;
                case ParamKind.Matrix: offsets[p.Name] = z.Count; for (var e = 0; e < p.Width(length); e++) z.Add(Draw(-2, 2)); break;
                case ParamKind.MatrixConstant: constants[p.Name] = Doubles(Enumerable.Range(0, p.Width(length)).Select(_ => Draw(-2, 2))); break;
            }
        }

        return new Point(length, z.ToArray(), constants, offsets);
    }

    /// <summary>
    /// Arguments for the parameters from a flattened input vector named <paramref name="z"/>: the user's types when
    /// <paramref name="typed"/>, otherwise <c>double</c> for the twin. The output span, if any, is <paramref name="output"/>.
    /// </summary>
    private string Arguments(MethodSpec m, Point point, string z, bool typed, string output) =>
        string.Join(", ", m.Params.Select(p => Argument(p, point, z, typed, output)));

    /// <summary>The argument for parameter <paramref name="p"/> (see <see cref="Arguments"/>).</summary>
    private string Argument(Param p, Point point, string z, bool typed, string output)
    {
        var isFloat = typed && program.IsFloat;
        return p.Kind switch
        {
            ParamKind.Real => typed && IsFloat(p) ? $"(float){z}[{point.Offsets[p.Name]}]" : $"{z}[{point.Offsets[p.Name]}]",
            ParamKind.Span => $"{(typed && IsFloat(p) ? "SlF" : "Sl")}({z}, {point.Offsets[p.Name]}, {point.Length})",
            ParamKind.Matrix => $"{(isFloat ? "MxF" : "Mx")}({z}, {point.Offsets[p.Name]}, {point.Length}, {Param.MatrixColumns})",
            ParamKind.MatrixConstant => $"{(isFloat ? "MxF" : "Mx")}({point.Constants[p.Name]}, 0, {point.Length}, {Param.MatrixColumns})",
            ParamKind.Output => output,
            ParamKind.RealConstant or ParamKind.SpanConstant when !typed && program.IsFloat =>
                point.Constants[p.Name].Replace("new float[]", "new double[]", StringComparison.Ordinal).Replace("f", "", StringComparison.Ordinal),
            _ => point.Constants[p.Name],
        };
    }

    private void Method(MethodSpec m)
    {
        // Each method's points depend only on the seed and its name, so the minimizer can drop other methods.
        random = new Random(program.Seed * 7919 + m.Name.Aggregate(17, (h, ch) => h * 31 + ch));
        text.Append($"\n    private static void Check{m.Name}()\n    {{\n");
        for (var p = 0; p < 2; p++) PointChecks(m, DrawPoint(m), p);
        if (m.Kind == MethodKind.Scalar) Batch(m);
        text.Append("    }\n");
    }

    private void PointChecks(MethodSpec m, Point point, int index)
    {
        const string twin = "Twin";
        var vector = m.Kind == MethodKind.Vector;
        // A mixed method's function is [result, ys[0], …, ys[n − 1]]: row 0 is the result, row 1 + r output ys[r].
        var mixed = m.Kind == MethodKind.Mixed;
        var n = point.Length;
        var tangent = point.Z.Select(_ => Draw(-1, 1)).ToArray();
        var at = $"at point {index}";
        // do { … } while (false): a point whose primal is not finite is skipped with break, the next one still runs.
        text.Append("        do\n        {\n");
        text.Append($"            var z = {Doubles(point.Z)};\n            var tv = {Doubles(tangent)};\n");
        if (vector)
        {
            text.Append($"            Func<double[], double[]> f = z_ => {{ var y_ = new double[{n}]; {twin}.{m.Name}({Arguments(m, point, "z_", false, "y_")}); return y_; }};\n");
            text.Append($"            Func<double[], double[]> fp = z_ => {{ var y_ = new {real}[{n}]; P.{m.Name}({Arguments(m, point, "z_", true, "y_")}); return D(y_); }};\n");
        }
        else if (mixed)
        {
            text.Append($"            Func<double[], double[]> f = z_ => {{ var y_ = new double[{n}]; var r_ = {twin}.{m.Name}({Arguments(m, point, "z_", false, "y_")}); return [r_, .. y_]; }};\n");
            text.Append($"            Func<double[], double[]> fp = z_ => {{ var y_ = new {real}[{n}]; var r_ = P.{m.Name}({Arguments(m, point, "z_", true, "y_")}); return [r_, .. D(y_)]; }};\n");
        }
        else
        {
            text.Append($"            Func<double[], double[]> f = z_ => new double[] {{ {twin}.{m.Name}({Arguments(m, point, "z_", false, "")}) }};\n");
            text.Append($"            Func<double[], double[]> fp = z_ => new double[] {{ P.{m.Name}({Arguments(m, point, "z_", true, "")}) }};\n");
        }

        text.Append("            var f0 = fp(z);\n            double scale = 0;\n");
        text.Append($"            if (!Finite(f0) || !Finite(f(z))) break;\n");
        var own = program.IsFloat ? ", fp" : "";
        text.Append($"            var j0 = Jacobian(f, z, f0, {TinyStep}, ref scale{own});\n");
        text.Append($"            var j1 = Jacobian(f, z, f0, {SmallStep}, ref scale{own});\n            var j2 = Jacobian(f, z, f0, {LargeStep}, ref scale{own});\n");
        var args = Arguments(m, point, "z", true, "y");
        var rows = vector ? n : 1;
        // The output buffer a member of a mixed method writes, and a check of each element against the primal's.
        var output = mixed ? $"            var y = new {real}[{n}];\n" : string.Empty;
        void Outputs(string member)
        {
            for (var r = 0; mixed && r < n; r++)
            {
                text.Append($"            Value({Label(m, member, $"output y[{r}] {at}", true)}, y[{r}], f0[{1 + r}]);\n");
            }
        }

        var differentiated = m.Params.Where(p => p.IsDifferentiated).ToList();

        // Gradient (scalar result) or the Jacobian (vector function): every partial derivative. A vector function's
        // Jacobian is checked in both modes as well as through the member that picks one for the shape.
        foreach (var member in vector ? new[] { "Jacobian", "JacobianForward", "JacobianReverse" } : Array.Empty<string>())
        {
            Try(m, member, at, id =>
            {
                text.Append($"            var y = new {real}[{n}];\n            var jac = new {real}[{n * point.Z.Length}];\n");
                text.Append($"            P.{m.Name}{member}({args}, jac);\n");
                for (var r = 0; r < rows; r++)
                {
                    text.Append($"            Value({Label(m, member, $"output y[{r}] {at}", true)}, y[{r}], f0[{r}]);\n");
                    for (var c = 0; c < point.Z.Length; c++)
                    {
                        text.Append($"            Check({Label(m, member, $"entry [{r}, {c}] {at}")}, jac[{r * point.Z.Length + c}], j0[{r}, {c}], j1[{r}, {c}], j2[{r}, {c}], scale);\n");
                    }
                }
            });
        }

        if (!vector)
        {
            Try(m, "Gradient", at, id =>
            {
                var adjoints = Adjoints(differentiated, n, "g", initial: null);
                text.Append(output);
                text.Append($"            var value = P.{m.Name}Gradient({args}, {adjoints});\n");
                text.Append($"            Value({Label(m, "Gradient", $"value {at}", true)}, value, f0[0]);\n");
                Outputs("Gradient");
                Compare(m, "Gradient", at, differentiated, point, "g", (k, step) => $"j{step}[0, {k}]");
            });
        }

        var seeds = Enumerable.Range(0, rows).Select(_ => Draw(0.5, 1.5)).ToArray();
        Try(m, "Pullback", at, id =>
        {
            var adjoints = Adjoints(differentiated, n, "a", initial: 0.25);
            if (vector)
            {
                text.Append($"            var y = new {real}[{n}];\n            var seeds = {Doubles(seeds)};\n");
                text.Append($"            P.{m.Name}Pullback({args}, {Reals(seeds)}, {adjoints});\n");
                Compare(m, "Pullback", at, differentiated, point, "a", (k, step) => $"Column(j{step}, {k}, seeds)", minus: 0.25);
            }
            else
            {
                // A mixed method's pullback takes the result's seed alone: its outputs are written, not differentiated.
                text.Append(output);
                text.Append($"            var value = P.{m.Name}Pullback({args}, {Number(seeds[0])}, {adjoints});\n");
                text.Append($"            Value({Label(m, "Pullback", $"value {at}", true)}, value, f0[0]);\n");
                Outputs("Pullback");
                var seed = seeds[0].ToString("R", CultureInfo.InvariantCulture);
                Compare(m, "Pullback", at, differentiated, point, "a", (k, step) => $"{seed} * j{step}[0, {k}]", minus: 0.25);
            }
        });

        Try(m, "Pushforward", at, id =>
        {
            var tangents = string.Join(", ", differentiated.Select(p => p.IsSpan
                ? $"{(IsFloat(p) ? "SlF" : "Sl")}(tv, {point.Offsets[p.Name]}, {p.Width(n)})"
                : (IsFloat(p) ? $"(float)tv[{point.Offsets[p.Name]}]" : $"tv[{point.Offsets[p.Name]}]")));
            if (vector)
            {
                text.Append($"            var y = new {real}[{n}];\n            var ty = new {real}[{n}];\n");
                text.Append($"            P.{m.Name}Pushforward({args}, {tangents}, ty);\n");
                for (var r = 0; r < rows; r++)
                {
                    text.Append($"            Check({Label(m, "Pushforward", $"tangent y[{r}] {at}")}, ty[{r}], Row(j0, {r}, tv), Row(j1, {r}, tv), Row(j2, {r}, tv), scale);\n");
                }
            }
            else
            {
                // A mixed method's pushforward writes the outputs' tangents too (rows 1 + r).
                text.Append(mixed ? output + $"            var ty = new {real}[{n}];\n" : string.Empty);
                text.Append($"            var (value, tangent) = P.{m.Name}Pushforward({args}, {tangents}{(mixed ? ", ty" : "")});\n");
                text.Append($"            Value({Label(m, "Pushforward", $"value {at}", true)}, value, f0[0]);\n");
                text.Append($"            Check({Label(m, "Pushforward", $"tangent {at}")}, tangent, Row(j0, 0, tv), Row(j1, 0, tv), Row(j2, 0, tv), scale);\n");
                Outputs("Pushforward");
                for (var r = 0; mixed && r < n; r++)
                {
                    text.Append($"            Check({Label(m, "Pushforward", $"tangent y[{r}] {at}")}, ty[{r}], Row(j0, {1 + r}, tv), Row(j1, {1 + r}, tv), Row(j2, {1 + r}, tv), scale);\n");
                }
            }
        });

        // Vector forward mode: five directions (one sweep of four, then one alone), each against the differences.
        if (vector || m.Attributes.Contains("PushforwardN = true", StringComparison.Ordinal))
        {
            Try(m, "PushforwardN", at, id =>
            {
                const int count = 5;
                var spans = string.Join(", ", differentiated.Select(p => $"{(IsFloat(p) ? "DirsF" : "Dirs")}(tvs, {point.Offsets[p.Name]}, {p.Width(n)})"));
                text.Append($"            var tvs = Directions(tv, {count});\n");
                if (vector)
                {
                    text.Append($"            var y = new {real}[{n}];\n            var ty = new {real}[{count * n}];\n");
                    text.Append($"            P.{m.Name}PushforwardN({args}, {count}, {spans}, ty);\n");
                    for (var r = 0; r < rows; r++)
                    {
                        text.Append($"            Value({Label(m, "PushforwardN", $"output y[{r}] {at}", true)}, y[{r}], f0[{r}]);\n");
                        for (var k = 0; k < count; k++)
                        {
                            text.Append($"            Check({Label(m, "PushforwardN", $"direction {k} tangent y[{r}] {at}")}, ty[{k * n + r}], Row(j0, {r}, tvs[{k}]), Row(j1, {r}, tvs[{k}]), Row(j2, {r}, tvs[{k}]), scale);\n");
                        }
                    }
                }
                else
                {
                    // A mixed method's PushforwardN writes the outputs' tangents too, one direction after another (rows 1 + r).
                    text.Append(mixed ? output + $"            var ty = new {real}[{count * n}];\n" : string.Empty);
                    text.Append($"            var tn = new {real}[{count}];\n");
                    text.Append($"            var value = P.{m.Name}PushforwardN({args}, {count}, {spans}, {(mixed ? "ty, " : "")}tn);\n");
                    text.Append($"            Value({Label(m, "PushforwardN", $"value {at}", true)}, value, f0[0]);\n");
                    Outputs("PushforwardN");
                    for (var k = 0; k < count; k++)
                    {
                        text.Append($"            Check({Label(m, "PushforwardN", $"direction {k} tangent {at}")}, tn[{k}], Row(j0, 0, tvs[{k}]), Row(j1, 0, tvs[{k}]), Row(j2, 0, tvs[{k}]), scale);\n");
                        for (var r = 0; mixed && r < n; r++)
                        {
                            text.Append($"            Check({Label(m, "PushforwardN", $"direction {k} tangent y[{r}] {at}")}, ty[{k * n + r}], Row(j0, {1 + r}, tvs[{k}]), Row(j1, {1 + r}, tvs[{k}]), Row(j2, {1 + r}, tvs[{k}]), scale);\n");
                        }
                    }
                }
            });
        }

        // H·t against differences of the generated gradient along t (itself checked above), in double programs: in
        // float, differences of a gradient resolve nothing at these steps (nor of a float parameter's gradient).
        if (!vector && !program.IsFloat && !m.Params.Any(p => p.Other) && m.Attributes.Contains("Hessian = true", StringComparison.Ordinal))
        {
            Try(m, "HessianVectorProduct", at, id =>
            {
                var tangents = string.Join(", ", differentiated.Select(p => p.IsSpan ? $"Sl(tv, {point.Offsets[p.Name]}, {p.Width(n)})" : $"tv[{point.Offsets[p.Name]}]"));
                foreach (var (p, i) in differentiated.Select((p, i) => (p, i)).Where(d => d.p.IsSpan))
                {
                    text.Append($"            var h{i} = new double[{p.Width(n)}];\n");
                }

                var outs = string.Join(", ", differentiated.Select((p, i) => p.IsSpan ? $"h{i}" : $"out double h{i}"));
                var spans = string.Concat(differentiated.Select((p, i) => p.IsSpan ? $"var q{i} = new double[{p.Width(n)}]; " : string.Empty));
                var gradients = string.Join(", ", differentiated.Select((p, i) => p.IsSpan ? $"q{i}" : $"out double q{i}"));
                var flat = string.Join(", ", differentiated.Select((p, i) => p.IsSpan ? $".. q{i}" : $"q{i}"));
                text.Append(output);
                text.Append($"            var value = P.{m.Name}HessianVectorProduct({args}, {tangents}, {outs});\n");
                text.Append($"            Value({Label(m, "HessianVectorProduct", $"value {at}", true)}, value, f0[0]);\n");
                Outputs("HessianVectorProduct");
                // A mixed method's gradient (row 0's) writes its outputs into a buffer of its own.
                text.Append($"            Func<double[], double[]> grad = z_ => {{ {spans}P.{m.Name}Gradient({Arguments(m, point, "z_", true, $"new double[{n}]")}, {gradients}); return [{flat}]; }};\n");
                // The result's differences say whether the gradient's are a reference (a mixed method's outputs' rows do not).
                var (first0, first1, first2) = mixed ? ("Result(j0)", "Result(j1)", "Result(j2)") : ("j0", "j1", "j2");
                text.Append($"            double gscale = 0;\n            var d0 = Directional(grad, z, tv, {TinyStep}, ref gscale, {first0});\n");
                text.Append($"            var d1 = Directional(grad, z, tv, {SmallStep}, ref gscale, {first1});\n            var d2 = Directional(grad, z, tv, {LargeStep}, ref gscale, {first2});\n");
                var k = 0;
                for (var i = 0; i < differentiated.Count; i++)
                {
                    foreach (var (element, along) in differentiated[i].IsSpan
                        ? Enumerable.Range(0, differentiated[i].Width(n)).Select(j => ($"h{i}[{j}]", $"{differentiated[i].Name}[{j}]"))
                        : new[] { ($"h{i}", differentiated[i].Name) })
                    {
                        text.Append($"            Check({Label(m, "HessianVectorProduct", $"(H·t) along {along} {at}")}, {element}, d0[{k}], d1[{k}], d2[{k}], gscale);\n");
                        k++;
                    }
                }
            });
        }

        if (!vector && m.Params.Any(p => p.PerElement) && m.Params.All(p => p.Kind is not (ParamKind.Bool or ParamKind.Matrix or ParamKind.MatrixConstant or ParamKind.Output)))
        {
            PerExample(m, point, at, differentiated);
        }

        text.Append("        }\n        while (false);\n");
    }

    /// <summary>
    /// The per-example kernels (<c>{F}GpuBackward</c>, run on ILGPU's CPU accelerator through reflection, since a method
    /// may get none): two examples, the point and the point with its per-element parameter drawn again, against the
    /// generated C# <c>Gradient</c> of each, weighted by the upstream values and summed in the same order. A launcher
    /// that throws (a kernel ILGPU cannot compile, a check that refuses the views) is a runtime exception.
    /// </summary>
    private void PerExample(MethodSpec m, Point point, string at, List<Param> differentiated)
    {
        var other = new Dictionary<string, string>(point.Constants);
        foreach (var p in m.Params.Where(p => p.PerElement))
        {
            other[p.Name] = p.Kind == ParamKind.SpanConstant ? Reals(Enumerable.Range(0, point.Length).Select(_ => Draw(-2, 2))) : Number(Draw(-2, 2));
        }

        var second = point with { Constants = other };
        // Upstream values 1 and 2: a seed of 2 scales every product exactly, so each example's adjoints are the C#
        // Gradient's bits (same program, same order) and the check needs no tolerance for reassociation.
        var (up0, up1) = (1.0, 2.0);
        Try(m, "GpuBackward", at, id =>
        {
            text.Append($"            var launcher = typeof(P).GetMethod(\"{m.Name}GpuBackward\");\n");
            text.Append("            if (launcher is not null)\n            {\n");
            var adjoints0 = Adjoints(differentiated, point.Length, "e0g", initial: null);
            text.Append($"            var v0 = P.{m.Name}Gradient({Arguments(m, point, "z", true, "")}, {adjoints0});\n");
            var adjoints1 = Adjoints(differentiated, point.Length, "e1g", initial: null);
            text.Append($"            var v1 = P.{m.Name}Gradient({Arguments(m, second, "z", true, "")}, {adjoints1});\n");
            var launch = new List<string> { "FuzzGpu.Gpu.Accelerator" };
            foreach (var p in m.Params)
            {
                var (a0, a1) = (Argument(p, point, "z", true, ""), Argument(p, second, "z", true, ""));
                launch.Add(p.PerElement
                    ? p.Kind == ParamKind.SpanConstant ? $"FuzzGpu.Gpu.View(Cat({a0}, {a1}))" : $"FuzzGpu.Gpu.View(new {real}[] {{ {a0}, {a1} }})"
                    : p.IsSpan ? $"FuzzGpu.Gpu.View({a0})" : a0);
            }

            var values = launch.Count + 1;
            launch.Add($"FuzzGpu.Gpu.View(new {real}[] {{ {Number(up0)}, {Number(up1)} }})");
            launch.Add($"FuzzGpu.Gpu.View(new {real}[2])");
            var firstAdjoint = launch.Count;
            launch.AddRange(differentiated.Select(p => $"FuzzGpu.Gpu.View(new {TypeOf(p)}[{p.Width(point.Length)}])"));
            launch.Add("true");
            // Programs of odd seeds launch one example at a time (two launches, the second adding to the first's sums).
            launch.Add(program.Seed % 2 == 0 ? "0" : "1");
            text.Append($"            var launch = new object[] {{ {string.Join(", ", launch)} }};\n");
            text.Append("            try { launcher.Invoke(null, launch); }\n");
            text.Append("            catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null) { throw e.InnerException; }\n");
            text.Append($"            var kv = FuzzGpu.Gpu.Read(launch[{values}]);\n");
            text.Append($"            Value({Label(m, "GpuBackward", $"value of example 0 {at}", true)}, kv[0], v0);\n");
            text.Append($"            Value({Label(m, "GpuBackward", $"value of example 1 {at}", true)}, kv[1], v1);\n");
            var (w0, w1) = (up0.ToString("R", CultureInfo.InvariantCulture), up1.ToString("R", CultureInfo.InvariantCulture));
            for (var i = 0; i < differentiated.Count; i++)
            {
                var p = differentiated[i];
                text.Append($"            var ka{i} = FuzzGpu.Gpu.Read(launch[{firstAdjoint + i}]);\n");
                for (var e = 0; e < p.Width(point.Length); e++)
                {
                    var (g0, g1) = p.IsSpan ? ($"e0g{i}[{e}]", $"e1g{i}[{e}]") : ($"e0g{i}", $"e1g{i}");
                    text.Append($"            Value({Label(m, "GpuBackward", $"d/d{p.Name}{(p.IsSpan ? $"[{e}]" : "")} summed over 2 examples {at}", true)}, ka{i}[{(p.IsSpan ? e : 0)}], {w0} * {g0} + {w1} * {g1});\n");
                }
            }

            text.Append("            }\n");
        });
    }

    /// <summary>Adjoint arguments named <paramref name="prefix"/>0…: spans allocated (filled with <paramref name="initial"/>), scalars <c>out</c> or <c>ref</c>.</summary>
    private string Adjoints(List<Param> differentiated, int n, string prefix, double? initial)
    {
        var list = new List<string>();
        for (var i = 0; i < differentiated.Count; i++)
        {
            var name = prefix + i;
            if (differentiated[i].IsSpan)
            {
                var width = differentiated[i].Width(n);
                text.Append(initial is null ? $"            var {name} = new {TypeOf(differentiated[i])}[{width}];\n" : $"            var {name} = {(IsFloat(differentiated[i]) ? "FillF" : "Fill")}({width}, {initial.Value.ToString("R", CultureInfo.InvariantCulture)});\n");
                list.Add(name);
            }
            else if (initial is null)
            {
                list.Add($"out {TypeOf(differentiated[i])} {name}");
            }
            else
            {
                text.Append($"            {TypeOf(differentiated[i])} {name} = {NumberOf(differentiated[i], initial.Value)};\n");
                list.Add($"ref {name}");
            }
        }

        return string.Join(", ", list);
    }

    /// <summary>Checks every adjoint (minus its initial value) against <paramref name="reference"/>(column, step).</summary>
    private void Compare(MethodSpec m, string member, string at, List<Param> differentiated, Point point, string prefix, Func<int, int, string> reference, double minus = 0)
    {
        var offset = minus == 0 ? "" : $" - {minus.ToString("R", CultureInfo.InvariantCulture)}";
        for (var i = 0; i < differentiated.Count; i++)
        {
            var p = differentiated[i];
            var width = p.Width(point.Length);
            for (var e = 0; e < width; e++)
            {
                var k = point.Offsets[p.Name] + e;
                var actual = p.IsSpan ? $"{prefix}{i}[{e}]" : $"{prefix}{i}";
                var id = Label(m, member, $"d/d{p.Name}{(p.IsSpan ? $"[{e}]" : "")} {at}");
                text.Append($"            Check({id}, {actual}{offset}, {reference(k, 0)}, {reference(k, 1)}, {reference(k, 2)}, scale);\n");
            }
        }
    }

    /// <summary>Wraps one member's checks so an exception is recorded against it and the others still run.</summary>
    private void Try(MethodSpec m, string member, string at, Action<int> body)
    {
        var id = Label(m, member, $"threw {at}");
        text.Append("            try\n            {\n");
        body(id);
        text.Append($"            }}\n            catch (Exception e) {{ Failed({id}, e); }}\n");
    }

    private void Batch(MethodSpec m) => BatchWriter.Write(m, this.program, random, text, (member, what, isValue) => Label(m, member, what, isValue));
}
