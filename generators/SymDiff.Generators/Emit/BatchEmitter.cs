using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// Emits the batched kernels of a method whose parameters are all scalars: <c>{F}Batch</c>, the primal over spans,
/// and <c>{F}PullbackBatch</c>, which writes upstream ∘ f′ into the adjoint spans (the seeds' δ = upstream ∘ f′(z)
/// as one fused loop, no temporaries). Differentiable and <c>[NoDerivative(PerElement = true)]</c> parameters become
/// spans; other scalars are broadcast to every element.
/// </summary>
internal static class BatchEmitter
{
    public static string Emit(EmitInput input, bool allowsUnsafe)
    {
        var method = input.Method;
        var w = new IndentedWriter();
        using (Declarations.Open(w, method, "Batched kernels"))
        {
            KernelWriter.Write(w, Forward(method), allowsUnsafe);
            w.Line();
            KernelWriter.Write(w, Backward(method), allowsUnsafe);
        }

        return w.ToString();
    }

    public static Kernel Forward(MethodModel m)
    {
        var sweep = IslandPass.Element(m, seed: null);
        var inputs = Inputs(m, sweep);
        var resultName = Free(m, "result", "values", "output");
        var outputs = new List<KernelOutput> { new(resultName, m.ReturnKind, sweep.Returned[0], $"Receives {m.Name} of each element.") };
        var formula = $"{resultName}[i] = {m.Name}({string.Join(", ", inputs.Select(p => Names.Unescaped(Element(p))))})";
        return new Kernel(
            m, Names.Batch(m.Name), inputs, outputs, sweep,
            $"<see cref=\"{m.PrimalCref}\"/> over spans: <c>{formula}</c>.",
            $"<see cref=\"{m.PrimalCref}\"/>",
            (w, fresh, i) => w.Line($"{resultName}[{i}] = {Own(m, Names.Identifier(m.Name))}({string.Join(", ", inputs.Select(p => p.IsSpan ? $"{p.Name}[{i}]" : p.Name))});"));
    }

    public static Kernel Backward(MethodModel m)
    {
        var upstreamName = Free(m, "upstream", "seed", "adjoint");
        var sweep = IslandPass.Element(m, upstreamName);
        var inputs = Inputs(m, sweep);
        inputs.Add(new KernelInput(upstreamName, Literals.TypeKeyword(m.ReturnKind), IsSpan: true, sweep.Inputs[sweep.Inputs.Length - 1].Node,
            $"The adjoint of each result (∂objective/∂{m.Name}), one per element."));
        var primalInputs = inputs.Take(m.Parameters.Length).ToList();
        var differentiable = primalInputs.Where((_, k) => m.Parameters[k].IsDifferentiable).ToList();
        var adjoints = m.Parameters.Where(p => p.IsDifferentiable).Select(p => p.Adjoint).ToList();
        var outputs = differentiable
            .Select((p, k) => p.IsSpan
                ? new KernelOutput(adjoints[k], p.Leaf.Type, sweep.Returned[k],
                    $"Receives {upstreamName}·∂{m.Name}/∂{Names.Unescaped(p.Name)} of each element (overwritten, not accumulated).")
                : new KernelOutput(adjoints[k], p.Leaf.Type, sweep.Returned[k],
                    $"Receives Σᵢ {upstreamName}[i]·∂{m.Name}/∂{Names.Unescaped(p.Name)}: the adjoint of the [Broadcast] {Names.Unescaped(p.Name)}, summed over the elements.")
                { Reduced = true })
            .ToList();
        var formulas = differentiable.Select((p, k) =>
            $"{(p.IsSpan ? $"{adjoints[k]}[i] =" : $"{adjoints[k]} = Σᵢ")} {upstreamName}[i]·∂{m.Name}/∂{Names.Unescaped(p.Name)}({string.Join(", ", primalInputs.Select(q => Names.Unescaped(Element(q))))})");
        return new Kernel(
            m, Names.PullbackBatch(m.Name), inputs, outputs, sweep,
            $"Reverse mode of <see cref=\"{m.PrimalCref}\"/> over spans, one fused loop: <c>{DocComments.Escape(string.Join("; ", formulas))}</c>"
                + $" (the seeds' δ = {upstreamName} ∘ f′). The adjoint spans are overwritten.",
            $"<c>{Names.Pullback(m.Name)}</c>",
            (w, fresh, i) =>
            {
                // The scalar pullback's adjoints have their parameters' types: one declaration per type.
                var locals = outputs.Select(o => (Name: fresh(o.Name + "i"), o.Kind)).ToList();
                foreach (var kind in locals.Select(l => l.Kind).Distinct())
                {
                    w.Line($"{Literals.TypeKeyword(kind)} {string.Join(", ", locals.Where(l => l.Kind == kind).Select(l => $"{l.Name} = {Literals.Constant(0, kind)}"))};");
                }

                var args = inputs.Select(p => p.IsSpan ? $"{p.Name}[{i}]" : p.Name).Concat(locals.Select(l => $"ref {l.Name}"));
                w.Line($"{Own(m, Names.Pullback(m.Name))}({string.Join(", ", args)});");
                for (var k = 0; k < outputs.Count; k++)
                {
                    w.Line(outputs[k].Reduced ? $"{outputs[k].Name} += {locals[k].Name};" : $"{outputs[k].Name}[{i}] = {locals[k].Name};");
                }
            });
    }

    /// <summary>The primal's parameters as kernel inputs (their leaves the sweep's first inputs): spans (one value per element) or broadcast scalars.</summary>
    private static List<KernelInput> Inputs(MethodModel m, DSweep sweep) => Enumerable.Range(0, m.Parameters.Length).Select(i =>
    {
        var p = m.Parameters[i];
        var span = p.IsBatchSpan;
        var doc = span
            ? $"One {Names.Unescaped(p.Name)} per element{(p.IsDifferentiable ? string.Empty : " (data, not differentiated)")}."
            : $"The same {Names.Unescaped(p.Name)} for every element{(p.IsDifferentiable ? " (differentiated: its adjoint is summed over the elements)" : string.Empty)}.";
        return new KernelInput(p.Name, span ? Literals.TypeKeyword(p.Kind!.Value) : p.TypeName, span, sweep.Inputs[i].Node, doc);
    }).ToList();

    private static string Element(KernelInput p) => p.IsSpan ? $"{p.Name}[i]" : p.Name;

    /// <summary>
    /// A member of the method's own type, qualified where a parameter is named like it (<c>Sq(double Sq)</c>): a simple
    /// name would bind to the parameter. The kernels' other names are chosen to differ from it.
    /// </summary>
    private static string Own(MethodModel m, string member) =>
        m.Parameters.Any(p => Names.Unescaped(p.Name) == Names.Unescaped(member)) ? $"{m.ContainingTypeFullName}.{member}" : member;

    /// <summary>The first of <paramref name="candidates"/> that no parameter (or its adjoint) nor the method is called.</summary>
    private static string Free(MethodModel m, params string[] candidates) => GeneratedNames.Free(
        new HashSet<string>(m.Parameters.SelectMany(p => new[] { Names.Unescaped(p.Name), p.Adjoint }).Append(m.Name), StringComparer.Ordinal),
        candidates);
}

/// <summary>A kernel parameter read per element (a span) or broadcast (a scalar).</summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="TypeName">The element type of a span, or the scalar's type.</param>
/// <param name="IsSpan">True for a <c>ReadOnlySpan</c>.</param>
/// <param name="Leaf">Its graph node.</param>
/// <param name="Doc">Its XML doc text.</param>
internal sealed record KernelInput(string Name, string TypeName, bool IsSpan, Node Leaf, string Doc);

/// <summary>A span the kernel writes, one value per element; or, <see cref="Reduced"/>, one scalar: the sum of the values over the elements.</summary>
internal sealed record KernelOutput(string Name, ScalarKind Kind, Node Value, string Doc)
{
    /// <summary>True for the adjoint of a <c>[Broadcast]</c> parameter: an <c>out</c> scalar summing the values of every element.</summary>
    public bool Reduced { get; init; }
}

/// <summary>
/// One batched kernel: its signature, its loop body (one element's <see cref="DSweep"/> of the derivative IR, whose
/// returned values are the outputs'), and how to print its scalar form.
/// </summary>
internal sealed record Kernel(
    MethodModel Method,
    string Name,
    List<KernelInput> Inputs,
    List<KernelOutput> Outputs,
    DSweep Sweep,
    string Summary,
    string ScalarForm,
    Action<IndentedWriter, Func<string, string>, string> ScalarElement)
{
    /// <summary>The sweep's regions: the value, then the reverse sweep if there is one.</summary>
    public IReadOnlyList<Region> Regions => Sweep.Regions;

    /// <summary>Which of the sweep's values get locals.</summary>
    public Schedule Schedule => Sweep.Schedule;
}
