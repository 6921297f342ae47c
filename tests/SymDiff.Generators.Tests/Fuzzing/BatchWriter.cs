using System.Globalization;
using System.Text;

namespace SymDiff.Generators.Tests.Fuzzing;

/// <summary>
/// Driver checks of an all-scalar method's batch kernels: <c>{Name}Batch</c> against the primal per element and
/// <c>{Name}PullbackBatch</c> against <c>upstream·∂f</c> by central differences per element, at
/// <see cref="DriverWriter.BatchLength"/> elements (the scalar tail and the SIMD widths).
/// </summary>
internal static class BatchWriter
{
    public static void Write(MethodSpec m, FuzzProgram program, Random random, StringBuilder text, Func<string, string, bool, int> label)
    {
        var real = program.IsFloat ? "float" : "double";
        const int length = DriverWriter.BatchLength;
        var differentiated = m.Params.Where(p => p.IsDifferentiated).ToList();
        double Draw(double low, double high)
        {
            var v = low + (high - low) * random.NextDouble();
            return program.IsFloat ? (float)v : Math.Round(v, 6);
        }

        string Number(double v) => Template.Literal(v, program.IsFloat);

        // A parameter of the other precision (Param.Other): its own type, values it holds exactly.
        bool IsFloat(Param p) => p.IsFloatIn(program.IsFloat);
        string TypeOf(Param p) => Template.Keyword(IsFloat(p));
        string NumberOf(Param p, double v) => Template.Literal(v, IsFloat(p));
        double DrawFor(Param p) => IsFloat(p) ? (float)Draw(-2, 2) : Draw(-2, 2);

        // Element e's differentiable inputs; the other parameters are broadcast scalars.
        // A [Broadcast] input has one value for every element; its adjoint is the sum over them.
        var shared = differentiated.Select(p => p.Broadcast ? DrawFor(p) : (double?)null).ToArray();
        var points = Enumerable.Range(0, length).Select(_ => differentiated.Select((p, k) => shared[k] ?? DrawFor(p)).ToArray()).ToArray();
        var constants = m.Params.Where(p => !p.IsDifferentiated).ToDictionary(p => p.Name, p => p.Kind switch
        {
            ParamKind.Int => random.Next(0, 4).ToString(CultureInfo.InvariantCulture),
            ParamKind.Bool => random.Next(2) == 0 ? "true" : "false",
            _ => Number(Draw(-2, 2)),
        });
        var upstream = Enumerable.Range(0, length).Select(_ => Draw(0.5, 1.5)).ToArray();

        string Call(string z, bool typed) => string.Join(", ", m.Params.Select(p => p.IsDifferentiated
            ? (typed && IsFloat(p) ? $"(float){z}[{differentiated.IndexOf(p)}]" : $"{z}[{differentiated.IndexOf(p)}]")
            : (!typed && program.IsFloat && p.Kind == ParamKind.RealConstant ? constants[p.Name].TrimEnd('f') : constants[p.Name])));
        const string twin = "Twin";
        text.Append("        {\n");
        text.Append($"            Func<double[], double[]> f = z_ => new double[] {{ {twin}.{m.Name}({Call("z_", false)}) }};\n");
        text.Append($"            Func<double[], double[]> fp = z_ => new double[] {{ P.{m.Name}({Call("z_", true)}) }};\n");
        text.Append("            var zs = new double[][] { " + string.Join(", ", points.Select(z => "new double[] { " + string.Join(", ", z.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + " }")) + " };\n");
        var spans = new Dictionary<string, string>();
        for (var k = 0; k < differentiated.Count; k++)
        {
            if (shared[k] is { } value)
            {
                spans[differentiated[k].Name] = NumberOf(differentiated[k], value);
                continue;
            }

            spans[differentiated[k].Name] = "in" + k;
            text.Append($"            var in{k} = new {TypeOf(differentiated[k])}[] {{ {string.Join(", ", points.Select(z => NumberOf(differentiated[k], z[k])))} }};\n");
        }

        var arguments = string.Join(", ", m.Params.Select(p => p.IsDifferentiated ? spans[p.Name] : constants[p.Name]));
        var threw = label("Batch", "threw", false);
        text.Append("            try\n            {\n");
        text.Append($"                var result = new {real}[{length}];\n                P.{m.Name}Batch({arguments}, result);\n");
        var first = -1;
        for (var e = 0; e < length; e++)
        {
            var id = label("Batch", $"result[{e}]", true);
            first = first < 0 ? id : first;
        }

        text.Append($"                for (int e = 0; e < {length}; e++) {{ var fe = fp(zs[e]); if (Finite(fe)) Value({first} + e, result[e], fe[0]); }}\n");
        text.Append($"            }}\n            catch (Exception e) {{ Failed({threw}, e); }}\n");

        var pullbackThrew = label("PullbackBatch", "threw", false);
        var adjoints = string.Join(", ", differentiated.Select((p, k) => p.Broadcast ? $"out var d{k}" : "d" + k));
        text.Append("            try\n            {\n");
        text.Append($"                var up = new {real}[] {{ {string.Join(", ", upstream.Select(Number))} }};\n");
        foreach (var k in Enumerable.Range(0, differentiated.Count).Where(k => !differentiated[k].Broadcast)) text.Append($"                var d{k} = new {TypeOf(differentiated[k])}[{length}];\n");
        text.Append($"                P.{m.Name}PullbackBatch({arguments}, up, {adjoints});\n");
        var firstAdjoint = -1;
        for (var e = 0; e < length; e++)
        {
            for (var k = 0; k < differentiated.Count; k++)
            {
                var id = label("PullbackBatch", $"d/d{differentiated[k].Name}[{e}]", false);
                firstAdjoint = firstAdjoint < 0 ? id : firstAdjoint;
            }
        }

        var sums = Enumerable.Range(0, differentiated.Count).Where(k => differentiated[k].Broadcast).ToDictionary(k => k, k => label("PullbackBatch", $"Σ d/d{differentiated[k].Name}", false));
        foreach (var k in sums.Keys) text.Append($"                double s0_{k} = 0, s1_{k} = 0, s2_{k} = 0;\n");
        var summing = sums.Count > 0;
        if (summing) text.Append("                bool allFinite = true;\n                double maxScale = 0;\n");
        text.Append($"                for (int e = 0; e < {length}; e++)\n                {{\n");
        text.Append(summing
            ? "                    var fe = fp(zs[e]);\n                    if (!Finite(fe) || !Finite(f(zs[e]))) { allFinite = false; continue; }\n                    double scale = 0;\n"
            : "                    var fe = fp(zs[e]);\n                    if (!Finite(fe) || !Finite(f(zs[e]))) continue;\n                    double scale = 0;\n");
        var own = program.IsFloat ? ", fp" : "";
        text.Append($"                    var j0 = Jacobian(f, zs[e], fe, {DriverWriter.TinyStep}, ref scale{own});\n");
        text.Append($"                    var j1 = Jacobian(f, zs[e], fe, {DriverWriter.SmallStep}, ref scale{own});\n                    var j2 = Jacobian(f, zs[e], fe, {DriverWriter.LargeStep}, ref scale{own});\n");
        for (var k = 0; k < differentiated.Count; k++)
        {
            text.Append(sums.ContainsKey(k)
                ? $"                    s0_{k} += up[e] * j0[0, {k}]; s1_{k} += up[e] * j1[0, {k}]; s2_{k} += up[e] * j2[0, {k}];\n"
                : $"                    Check({firstAdjoint} + e * {differentiated.Count} + {k}, d{k}[e], up[e] * j0[0, {k}], up[e] * j1[0, {k}], up[e] * j2[0, {k}], scale);\n");
        }

        if (summing) text.Append("                    maxScale = Math.Max(maxScale, scale);\n");
        text.Append("                }\n");
        foreach (var (k, id) in sums)
        {
            text.Append($"                if (allFinite) Check({id}, d{k}, s0_{k}, s1_{k}, s2_{k}, maxScale);\n");
        }

        text.Append($"            }}\n            catch (Exception e) {{ Failed({pullbackThrew}, e); }}\n        }}\n");
    }
}
