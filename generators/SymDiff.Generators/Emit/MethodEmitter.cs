using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Formulas;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// Emits the derivative members of one method into a partial of its type: <c>{F}Gradient</c> (fused forward and
/// reverse sweep), <c>{F}Pullback</c> (reverse mode, seeded) and <c>{F}Pushforward</c> (forward mode).
/// </summary>
internal static class MethodEmitter
{
    /// <param name="input">The method and its resolved calls.</param>
    /// <param name="docFormulas">
    /// False (<c>SymDiffDocFormulas=false</c>) leaves out the formula remarks and <c>[DerivativeFormula]</c>: they are
    /// a large share of the generated text and only readers and tools that print them need them.
    /// </param>
    /// <param name="simdLoops">False (<c>SymDiffSimdLoops=false</c>) keeps every loop of the generated members as written (no <c>Vector512</c> or <c>Vector256</c> loops).</param>
    public static string Emit(EmitInput input, bool docFormulas = true, bool simdLoops = true)
    {
        var method = input.Method;
        var w = new IndentedWriter();
        w.Outlined.Tag = HintNames.SignatureHash(method);
        using (Declarations.Open(w, method, "Derivatives"))
        {
            if (method.Loops is not null)
            {
                LoopEmitter.Emit(w, input, simdLoops);
                if (input.HasHessian)
                {
                    w.Line();
                    LoopEmitter.EmitHessian(w, input, simdLoops);
                }
            }
            else
            {
                var formulas = Gradient(w, input, docFormulas);
                w.Line();
                Pullback(w, input, formulas);
                w.Line();
                Pushforward(w, input, docFormulas);
                if (method.PushforwardN)
                {
                    w.Line();
                    LoopEmitter.EmitPushforwardN(w, input);
                }

                if (input.HasHessian && SecondOrder.Program(method) is { } program)
                {
                    // Calls: second derivatives through them come from the tangent program of the body as a program.
                    w.Line();
                    LoopEmitter.EmitHessian(w, input with { Method = method with { Body = program } });
                }
                else if (input.HasHessian)
                {
                    w.Line();
                    HessianEmitter.Emit(w, input);
                }
            }

            // The private methods long bodies were split into (DerivativePrinter), after the members that call them.
            w.Outlined.WriteTo(w);
        }

        return w.ToString();
    }

    private static List<string> Gradient(IndentedWriter w, EmitInput input, bool docFormulas)
    {
        var m = input.Method;
        var type = Literals.TypeKeyword(m.ReturnKind);
        var g = new Graph();
        var parameters = ParameterNodes(g, m);
        var result = PrimalSweep.Run(g, m);
        var (reverse, adjointOf) = ReverseSweep.Run(g, result, g.One(m.ReturnKind));
        var outputs = Differentiable(m).Select(i => (Param: m.Parameters[i], Adjoint: adjointOf(parameters[i]!))).ToList();
        NameResult(result);

        var schedule = new Schedule(new[] { g.Root, reverse }, outputs.Select(o => (o.Adjoint, reverse)).Append((result, reverse)));
        var names = Names(m, parameters, outputs.Select(o => o.Param.Adjoint));
        var formulas = docFormulas
            ? FormulaSheet.Gradient(schedule, m, result, g.Root, reverse, outputs.Select(o => (o.Param.Name, o.Adjoint)))
            : new List<string>();

        w.Line("/// <summary>");
        w.Line($"/// Computes <see cref=\"{m.PrimalCref}\"/> and its gradient{WithRespectTo(m)} in one fused forward and reverse sweep.");
        w.Line("/// </summary>");
        Remarks(w, formulas);
        DocComments.PrimalParameters(w, m);
        foreach (var (param, _) in outputs)
        {
            w.Line($"/// <param name=\"{Adj(param)}\">Receives ∂{m.Name}/∂{param.Name}.</param>");
        }

        w.Line($"/// <returns>The value of {m.Name}.</returns>");
        if (docFormulas)
        {
            w.Line($"[global::SymDiff.DerivativeFormula({string.Join(", ", formulas.Select(f => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(f, quote: true)))})]");
        }

        var signature = Parameters(m).Concat(outputs.Select(o => $"out {type} {Adj(o.Param)}"));
        Declarations.MemberAttributes(w, m);
        using (w.Block($"{m.Accessibility} static {type} {Model.Names.Gradient(m.Name)}({string.Join(", ", signature)})"))
        {
            var code = new CodeWriter(w, schedule, names, input);
            code.Region(g.Root);
            code.Region(reverse);
            foreach (var (param, adjoint) in outputs)
            {
                w.Line($"{Adj(param)} = {code.Expr(adjoint)};");
            }

            w.Line($"return {code.Expr(result)};");
        }

        return formulas;
    }

    private static void Pullback(IndentedWriter w, EmitInput input, List<string> formulas)
    {
        var m = input.Method;
        var type = Literals.TypeKeyword(m.ReturnKind);
        var g = new Graph();
        var parameters = ParameterNodes(g, m);
        var result = PrimalSweep.Run(g, m);
        var seedName = Lowering.GeneratedNames.Free(Taken(m), "seed", "upstream");
        var seed = g.Local(m.ReturnKind, seedName);
        var (reverse, adjointOf) = ReverseSweep.Run(g, result, seed);
        var outputs = Differentiable(m).Select(i => (Param: m.Parameters[i], Adjoint: adjointOf(parameters[i]!))).ToList();
        NameResult(result);

        var schedule = new Schedule(new[] { g.Root, reverse }, outputs.Select(o => (o.Adjoint, reverse)).Append((result, reverse)));
        var names = Names(m, parameters, outputs.Select(o => o.Param.Adjoint).Append(seedName));
        names.Fix(seed, seedName);

        w.Line("/// <summary>");
        w.Line($"/// Reverse mode (vector-Jacobian product) of <see cref=\"{m.PrimalCref}\"/>: adds <paramref name=\"{seedName}\"/>·∂{m.Name}/∂p");
        w.Line("/// into the adjoint of each differentiable parameter p and returns the value. Calls between differentiable methods use this.");
        w.Line("/// </summary>");
        Remarks(w, formulas);
        DocComments.PrimalParameters(w, m);
        w.Line($"/// <param name=\"{seedName}\">The adjoint of the result (∂objective/∂{m.Name}).</param>");
        foreach (var (param, _) in outputs)
        {
            w.Line($"/// <param name=\"{Adj(param)}\">Accumulates {seedName}·∂{m.Name}/∂{param.Name}.</param>");
        }

        w.Line($"/// <returns>The value of {m.Name}.</returns>");
        var signature = Parameters(m).Append($"{type} {seedName}").Concat(outputs.Select(o => $"ref {type} {Adj(o.Param)}"));
        Declarations.MemberAttributes(w, m);
        using (w.Block($"{m.Accessibility} static {type} {Model.Names.Pullback(m.Name)}({string.Join(", ", signature)})"))
        {
            var code = new CodeWriter(w, schedule, names, input);
            code.Region(g.Root);
            code.Region(reverse);
            foreach (var (param, adjoint) in outputs.Where(o => !o.Adjoint.IsConst(0)))
            {
                w.Line($"{Adj(param)} += {code.Expr(adjoint)};");
            }

            w.Line($"return {code.Expr(result)};");
        }
    }

    private static void Pushforward(IndentedWriter w, EmitInput input, bool docFormulas)
    {
        var m = input.Method;
        var type = Literals.TypeKeyword(m.ReturnKind);
        var g = new Graph();
        var parameters = ParameterNodes(g, m);
        var tangents = new Dictionary<Node, Node>();
        var tangentParams = new List<(ParamModel Param, Node Tangent)>();
        foreach (var i in Differentiable(m))
        {
            var tangent = g.Local(m.Parameters[i].Kind!.Value, Tan(m.Parameters[i]));
            tangents[parameters[i]!] = tangent;
            tangentParams.Add((m.Parameters[i], tangent));
        }

        var result = PrimalSweep.Run(g, m, tangents);
        var resultTangent = result.Active && tangents.TryGetValue(result, out var t) ? t : g.Zero(m.ReturnKind);
        var schedule = new Schedule(new[] { g.Root }, new[] { (result, g.Root), (resultTangent, g.Root) });
        var names = Names(m, parameters, tangentParams.Select(p => p.Tangent.BaseName!));
        foreach (var (_, tangent) in tangentParams)
        {
            names.Fix(tangent, tangent.BaseName!);
        }

        // The tangent formulas are only printed for the remarks; without them their work is skipped.
        var lines = docFormulas
            ? FormulaSheet.Pushforward(schedule, m, result, g.Root, resultTangent, tangentParams.ToDictionary(p => p.Tangent, p => p.Param.Name))
            : new List<string>();

        w.Line("/// <summary>");
        w.Line($"/// Forward mode (Jacobian-vector product) of <see cref=\"{m.PrimalCref}\"/>: returns the value and the directional derivative");
        var sum = string.Join(" + ", tangentParams.Select(p => $"∂{m.Name}/∂{p.Param.Name}·{Tan(p.Param)}"));
        w.Line($"/// {(sum.Length == 0 ? "0" : DocComments.Escape(sum))} along the tangents.");
        w.Line("/// </summary>");
        Remarks(w, lines);
        DocComments.PrimalParameters(w, m);
        foreach (var (param, _) in tangentParams)
        {
            w.Line($"/// <param name=\"{Tan(param)}\">The tangent (direction) of {param.Name}.</param>");
        }

        w.Line($"/// <returns>The value of {m.Name} and its tangent.</returns>");
        var signature = Parameters(m).Concat(tangentParams.Select(p => $"{Literals.TypeKeyword(p.Param.Kind!.Value)} {Tan(p.Param)}"));
        Declarations.MemberAttributes(w, m);
        using (w.Block($"{m.Accessibility} static ({type} Value, {type} Tangent) {Model.Names.Pushforward(m.Name)}({string.Join(", ", signature)})"))
        {
            var code = new CodeWriter(w, schedule, names, input);
            code.Region(g.Root);
            w.Line($"return ({code.Expr(result)}, {code.Expr(resultTangent)});");
        }
    }

    private static void Remarks(IndentedWriter w, List<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        w.Line("/// <remarks>");
        foreach (var line in lines)
        {
            w.Line($"/// <para>{DocComments.Escape(line)}</para>");
        }

        if (lines.Any(line => line.Contains(FormulaText.Ellipsis)))
        {
            w.Line($"/// <para>{FormulaText.Note}</para>");
        }

        w.Line("/// </remarks>");
    }

    internal static Node?[] ParameterNodes(Graph g, MethodModel m) => Enumerable.Range(0, m.Parameters.Length)
        .Select(i => m.Parameters[i].Kind is null ? null : PrimalSweep.ParameterNode(g, m, i)).ToArray();

    internal static NameAllocator Names(MethodModel m, Node?[] parameters, IEnumerable<string> reserved)
    {
        var names = new NameAllocator(m.Parameters.Select(p => p.Name).Concat(reserved));
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i] is { } node)
            {
                names.Fix(node, m.Parameters[i].Name);
            }
        }

        return names;
    }

    internal static void NameResult(Node result)
    {
        if (result.BaseName is null && !result.IsLeaf)
        {
            result.BaseName = "value";
        }
    }

    internal static IEnumerable<int> Differentiable(MethodModel m) => Enumerable.Range(0, m.Parameters.Length).Where(i => m.Parameters[i].IsDifferentiable);

    internal static IEnumerable<string> Parameters(MethodModel m) => m.Parameters.Select(p => $"{p.TypeName} {p.Name}");

    private static string WithRespectTo(MethodModel m)
    {
        var names = m.Parameters.Where(p => p.IsDifferentiable).Select(p => p.Name).ToList();
        return names.Count == 0 ? string.Empty : $" with respect to {string.Join(", ", names)}";
    }

    private static string Adj(ParamModel p) => p.Adjoint;

    private static string Tan(ParamModel p) => p.Tangent;

    /// <summary>The names the method's own parameters, adjoints and tangents and the method itself already use.</summary>
    internal static HashSet<string> Taken(MethodModel m) => new(
        m.Parameters.SelectMany(p => new[] { global::SymDiff.Generators.Model.Names.Unescaped(p.Name), p.Adjoint, p.Tangent }).Append(m.Name),
        StringComparer.Ordinal);
}
