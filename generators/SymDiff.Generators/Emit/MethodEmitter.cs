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
        var sweep = BodySweep.Backward(m, seed: null);
        var outputs = sweep.Differentiable.Select(i => (Param: m.Parameters[i], Adjoint: sweep.Adjoint(i))).ToList();
        var program = sweep.Program(NoLeaves, outputs.Select(o => (o.Param.Adjoint, o.Adjoint, false)), sweep.Result);
        var formulas = docFormulas
            ? FormulaSheet.Gradient(Of(program).Schedule, m, sweep.Result, sweep.Graph.Root, sweep.Reverse!, outputs.Select(o => (o.Param.Name, o.Adjoint)))
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
        using (w.Block(Declarations.Header(m, m.Accessibility, type, Model.Names.Gradient(m.Name), signature)))
        {
            Print(w, input, program, outputs.Select(o => o.Param.Adjoint));
        }

        return formulas;
    }

    private static void Pullback(IndentedWriter w, EmitInput input, List<string> formulas)
    {
        var m = input.Method;
        var type = Literals.TypeKeyword(m.ReturnKind);
        var seedName = GeneratedNames.Free(Taken(m), "seed", "upstream");
        var sweep = BodySweep.Backward(m, seedName);
        var outputs = sweep.Differentiable.Select(i => (Param: m.Parameters[i], Adjoint: sweep.Adjoint(i))).ToList();
        var program = sweep.Program(new[] { (sweep.Seed!, seedName) }, outputs.Select(o => (o.Param.Adjoint, o.Adjoint, true)), sweep.Result);

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
        using (w.Block(Declarations.Header(m, m.Accessibility, type, Model.Names.Pullback(m.Name), signature)))
        {
            Print(w, input, program, outputs.Select(o => o.Param.Adjoint).Append(seedName));
        }
    }

    private static void Pushforward(IndentedWriter w, EmitInput input, bool docFormulas)
    {
        var m = input.Method;
        var type = Literals.TypeKeyword(m.ReturnKind);
        var sweep = BodySweep.Forward(m);
        var tangentParams = sweep.Differentiable.Select(i => (Param: m.Parameters[i], Tangent: sweep.Tangent(i))).ToList();
        var program = sweep.Program(tangentParams.Select(p => (p.Tangent, Tan(p.Param))), Array.Empty<(string, Node, bool)>(), sweep.Result, sweep.ResultTangent!);

        // The tangent formulas are only printed for the remarks; without them their work is skipped.
        var lines = docFormulas
            ? FormulaSheet.Pushforward(Of(program).Schedule, m, sweep.Result, sweep.Graph.Root, sweep.ResultTangent!, tangentParams.ToDictionary(p => p.Tangent, p => p.Param.Name))
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
        using (w.Block(Declarations.Header(m, m.Accessibility, $"({type} Value, {type} Tangent)", Model.Names.Pushforward(m.Name), signature)))
        {
            Print(w, input, program, tangentParams.Select(p => Tan(p.Param)));
        }
    }

    /// <summary>No leaves named by the member beyond its parameters.</summary>
    internal static readonly (Node, string)[] NoLeaves = Array.Empty<(Node, string)>();

    /// <summary>The one statement of a body's derivative program (<see cref="BodySweep.Program"/>).</summary>
    internal static DSweep Of(DerivativeProgram program) => (DSweep)program.Body[0];

    /// <summary>
    /// Prints a body differentiated whole (<see cref="BodySweep"/>) as the body of a member whose parameters, and the
    /// names in <paramref name="reserved"/> (its other parameters), are taken. Such a body has no tape.
    /// </summary>
    internal static void Print(IndentedWriter w, EmitInput input, DerivativeProgram program, IEnumerable<string> reserved) =>
        DerivativePrinter.Print(w, program, input, new HashSet<string>(input.Method.Parameters.Select(p => p.Name).Concat(reserved), StringComparer.Ordinal), tape: string.Empty);

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
